"""The seed's year for the promotion platform: 线下实地走访企业近千家 (968 distinct enterprises visited
offline in 2020) and 签约合作产学研项目60余个 (63 projects signed in 2020).

Idempotent: visits and projects carry a fixed marker, and a second run finds them and adds nothing.
Visits go to the registry's enterprises and, beyond them, to visited firms registered here up to 968
(see `_enterprises`): 分类梳理 (#19) counts only the firms on the three databases' lists, so these do not
move it.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from shanglian.audit import services as audit
from shanglian.audit.models import AuditAction
from shanglian.core.access import SYSTEM
from shanglian.orgs.models import Organization
from shanglian.promotion.models import (
    Institution,
    InstitutionKind,
    ProjectStatus,
    ResearchProject,
    Visit,
    VisitChannel,
    VisitMode,
    VisitStatus,
)
from shanglian.registry.codes import make_credit_code
from shanglian.registry.models import Enterprise
from shanglian.registry.services import create_enterprise

VISITED_OFFLINE = 968
ONLINE_VISITS = 120
PROJECTS = 63
MARK = "（2020年走访）"
PROJECT_MARK = "2020产学研"
YEAR_START = date(2020, 1, 1)
# Credit codes of the visited firms the seed registers (registry.seed2020's members start at 990000).
VISITED_SERIAL = 970000
WORDS = ["城阳", "惠民", "兴业", "顺达", "利群", "鑫源", "华宇", "盛泰"]


def _enterprises(federation: Organization) -> list[Enterprise]:
    """968 distinct enterprises: the registry's (the 400-odd of 分类梳理 and the members), then firms the
    district visited that are on no list and in no chamber, registered here so the visits have someone to
    name. They have no entrepreneur on the three databases, so 分类梳理 (#19) does not move, and no
    membership, so member growth (#3) does not either."""
    known = list(Enterprise.unscoped_objects.filter(federation=federation).order_by("pk")[:VISITED_OFFLINE])
    codes = [make_credit_code(VISITED_SERIAL + n, kind="91") for n in range(VISITED_OFFLINE)]
    taken = set(
        Enterprise.unscoped_objects.filter(credit_code__in=codes).values_list("credit_code", flat=True)
    )
    street = federation.street or "城阳"
    n = 0
    while len(known) < VISITED_OFFLINE:
        code = codes[n]
        if code not in taken:
            known.append(
                create_enterprise(
                    actor=SYSTEM,
                    federation=federation,
                    data={
                        "name": f"青岛{WORDS[n % len(WORDS)]}{n + 1:03d}号商贸有限公司",
                        "credit_code": code,
                        "street": street,
                    },
                )
            )
        n += 1
    return known


def build(federation: Organization) -> None:
    rng = random.Random(2020)
    if not Visit.unscoped_objects.filter(organization=federation, visitors=MARK).exists():
        visits = []
        for n, enterprise in enumerate(_enterprises(federation)):
            day = YEAR_START + timedelta(days=n % 360)
            visits.append(
                Visit(
                    organization=federation,
                    enterprise=enterprise,
                    mode=VisitMode.OFFLINE,
                    channel=VisitChannel.ONSITE,
                    status=VisitStatus.DONE,
                    planned_on=day,
                    visited_on=day,
                    visitors=MARK,
                    notes="2020年走访联系会员企业。",
                )
            )
        for n in range(ONLINE_VISITS):
            day = YEAR_START + timedelta(days=(n * 3) % 360)
            visits.append(
                Visit(
                    organization=federation,
                    enterprise=visits[n].enterprise,
                    mode=VisitMode.ONLINE,
                    channel=VisitChannel.PHONE,
                    status=VisitStatus.DONE,
                    planned_on=day,
                    visited_on=day,
                    visitors=MARK,
                    notes="电话回访。",
                )
            )
        _save_all(visits)
    if not ResearchProject.unscoped_objects.filter(organization=federation, tech_field=PROJECT_MARK).exists():
        institutions = [
            Institution.unscoped_objects.get_or_create(
                federation=federation, name=name, defaults={"kind": InstitutionKind.UNIVERSITY}
            )[0]
            for name in ("四川大学", "西安理工大学")
        ]
        enterprises = _enterprises(federation)
        for n in range(PROJECTS):
            project = ResearchProject.unscoped_objects.create(
                organization=federation,
                institution=institutions[n % 2],
                title=f"2020年产学研合作项目（{n + 1}）",
                tech_field=PROJECT_MARK,
                amount=Decimal(rng.randint(5, 200) * 10000),
                status=ProjectStatus.SIGNED,
                signed_on=YEAR_START + timedelta(days=5 * n),
            )
            project.enterprises.set([enterprises[(n * 13) % len(enterprises)]])


def _save_all(visits: list[Visit]) -> None:
    Visit.unscoped_objects.bulk_create(visits, batch_size=500)
    audit.record(
        actor=SYSTEM,
        action=AuditAction.IMPORT,
        object_type="promotion.visit",
        message=f"载入2020年走访记录 {len(visits)} 条",
    )
