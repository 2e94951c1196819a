"""The seed's year for the chambers (figures.md #1, 13–18).

The demo already holds 2020's campaigns (15 reorganised = 5 dormant cleaned + 4 irregular rectified + 6 new,
沂水商会 the one hometown chamber, 4 四好, 3 3A, 6 registered street chambers). What it lacks is the
twentieth active chamber behind the seed's "覆盖率达90%" (18 of 20): 城阳区机械制造商会, founded in 2019 so
that none of 2020's campaign figures move. Its party organisation comes from `party.seed2020`.
"""

from __future__ import annotations

import datetime

from shanglian.chambers import services
from shanglian.chambers.models import ChamberState
from shanglian.core.access import SYSTEM
from shanglian.orgs.models import ChamberKind, Organization

MACHINERY = "城阳区机械制造商会"
FOUNDING_ON = datetime.date(2019, 3, 12)
FOUNDED_ON = datetime.date(2019, 6, 21)


def seed_chamber(federation: Organization) -> Organization | None:
    return Organization.objects.unscoped().filter(path__startswith=federation.path, name=MACHINERY).first()


def build(federation: Organization) -> None:
    if seed_chamber(federation) is not None:
        return
    chamber = services.found_chamber(
        actor=SYSTEM,
        federation=federation,
        name=MACHINERY,
        chamber_kind=ChamberKind.INDUSTRY,
        reason="机械制造企业联合发起，经工商联党组研究，同意筹建。",
        effective_on=FOUNDING_ON,
    )
    services.transition_chamber(
        actor=SYSTEM,
        chamber=chamber,
        to_state=ChamberState.NORMAL,
        reason="召开成立大会，选举产生第一届理事会，正式成立并揭牌。",
        effective_on=FOUNDED_ON,
    )
