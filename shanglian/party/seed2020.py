"""The seed's year for 党建 (figures.md #2, 6–8, 12).

The demo gives 12 party organisations founded in 2020, 10 model sites, 5 brands and 交叉任职 in every
chamber with a party organisation; coverage there is 17 of 19 active chambers. 双建 for
城阳区机械制造商会 (added by `chambers.seed2020`, founded in 2019) makes it 18 of 20 = 90%.
"""

from __future__ import annotations

from shanglian.chambers.seed2020 import FOUNDED_ON, seed_chamber
from shanglian.core.access import SYSTEM
from shanglian.orgs.models import Organization
from shanglian.party.models import PartyOrganization, PartyOrgKind
from shanglian.party.services import save_party_org


def build(federation: Organization) -> None:
    chamber = seed_chamber(federation)
    if chamber is None or PartyOrganization.unscoped_objects.filter(chamber=chamber).exists():
        return
    save_party_org(
        actor=SYSTEM,
        chamber=chamber,
        name="城阳区机械制造商会联合党支部",
        kind=PartyOrgKind.JOINT_BRANCH,
        founded_on=FOUNDED_ON,
        unveiled_on=FOUNDED_ON,
        member_count=9,
    )
