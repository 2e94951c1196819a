"""The seed's year for the registry (figures.md #3, 4, 9, 19): member growth 30%, ~100 high-tech members
(98), 20 红盟企业, 400+ enterprises classified.

The demo comes close (29.9%); a few member enterprises joined in late 2019 and in 2020 make the growth
exactly 30.0%. Counts below their target are topped up by tagging members; nothing is removed. Run twice,
the second run finds every figure on target and writes nothing.
"""

from __future__ import annotations

import datetime

from shanglian.audit import services as audit
from shanglian.core.access import SYSTEM
from shanglian.metrics import registry as metrics
from shanglian.metrics.registry import Period, Scope
from shanglian.orgs.models import ChamberKind, Organization, OrgKind
from shanglian.registry import metrics as figures
from shanglian.registry.codes import make_credit_code
from shanglian.registry.models import Enterprise, Membership, Tag
from shanglian.registry.services import create_enterprise, update_enterprise

YEAR = Period(datetime.date(2020, 1, 1), datetime.date(2020, 12, 31))
GROWTH = metrics.percent(130, 100, growth=True)  # 30.0
HIGH_TECH = 98  # "高新技术创新类企业近百家"
RED_ALLIANCE = 20
CLASSIFIED = 400
SERIAL = 990000  # credit codes of the seed's own enterprises: 990000, 990001, …
WORDS = ["精工", "智造", "海创", "云联", "绿能", "新程", "博远", "恒通", "安泰", "瑞丰"]
JOINED_2019 = datetime.date(2019, 10, 18)
JOINED_2020 = datetime.date(2020, 9, 16)


def _street_chamber(federation: Organization) -> Organization:
    return (
        Organization.objects.unscoped()
        .filter(
            path__startswith=federation.path,
            kind=OrgKind.CHAMBER,
            chamber_kind=ChamberKind.STREET,
            is_active=True,
        )
        .order_by("path")
        .first()
    )


def _growth_plan(start: int, end: int) -> tuple[int, int]:
    """(a, b): the fewest members to add, a joined before 2020 and b in 2020, for growth of exactly 30.0%."""
    for a in range(0, 500):
        b = round((start + a) * 13 / 10) - end - a
        if b >= 0 and metrics.percent(end + a + b, start + a, growth=True) == GROWTH:
            return a, b
    raise RuntimeError("no member growth plan reaches 30%")


def _add_member(federation: Organization, chamber: Organization, joined: datetime.date) -> None:
    serial = SERIAL
    while Enterprise.unscoped_objects.filter(credit_code=make_credit_code(serial, kind="91")).exists():
        serial += 1
    code = make_credit_code(serial, kind="91")
    word = WORDS[serial % len(WORDS)]
    enterprise = create_enterprise(
        actor=SYSTEM,
        federation=federation,
        data={
            "name": f"青岛{word}{serial - SERIAL + 1:02d}号科技有限公司",
            "credit_code": code,
            "street": chamber.street,
            "legal_representative": "王海",
        },
    )
    membership = Membership.unscoped_objects.create(enterprise=enterprise, chamber=chamber, joined_on=joined)
    audit.record_create(actor=SYSTEM, obj=membership, organization=chamber, message="2020 年度数据：入会")


def _top_up_tag(rows, code: str, target: int, candidates) -> None:
    missing = target - rows.count()
    if missing <= 0:
        return
    tag = Tag.objects.get_or_create(code=code, defaults={"name": code})[0]
    for enterprise in candidates.exclude(tags=tag).order_by("pk")[:missing]:
        update_enterprise(actor=SYSTEM, enterprise=enterprise, data={}, tags=[*enterprise.tags.all(), tag])


def build(federation: Organization) -> None:
    scope = Scope.whole(federation)
    start = figures.members_at_start(YEAR, scope).count()
    end = figures.members_at_end(YEAR, scope).count()
    a, b = _growth_plan(start, end)
    chamber = _street_chamber(federation)
    for _ in range(a):
        _add_member(federation, chamber, JOINED_2019)
    for _ in range(b):
        _add_member(federation, chamber, JOINED_2020)
    members = figures.members_at_end(YEAR, scope)
    _top_up_tag(figures.high_tech(YEAR, scope), figures.HIGH_TECH, HIGH_TECH, members)
    _top_up_tag(figures.red_alliance(YEAR, scope), figures.RED_ALLIANCE, RED_ALLIANCE, members)
