"""The seed's year for the promotion platform: 线下实地走访企业近千家 (968 distinct enterprises visited
offline in 2020) and 签约合作产学研项目60余个 (63 projects signed in 2020).

Idempotent: visits and projects carry a fixed marker, and a second run finds them and adds nothing.
Visits go to the enterprises of the registry, at most 968 of them (see `_enterprises`).
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
from shanglian.registry.models import Enterprise

VISITED_OFFLINE = 968
ONLINE_VISITS = 120
PROJECTS = 63
MARK = "（2020年走访）"
PROJECT_MARK = "2020产学研"
YEAR_START = date(2020, 1, 1)


def _enterprises(federation: Organization) -> list[Enterprise]:
    # Only enterprises already in the registry: adding ~550 more would move 分类梳理 (#19), which today
    # counts every enterprise of the registry. Until 分类梳理 counts the three talent databases' lists,
    # the district's ~450 registry enterprises are all the seed can visit.
    return list(Enterprise.unscoped_objects.filter(federation=federation).order_by("pk")[:VISITED_OFFLINE])


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
