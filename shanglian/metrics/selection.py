"""The cockpit's and drill pages' choice of period and scope, from the query string.

Period: `period=year|quarter|month|custom` with `year`, `quarter`, `month`, or `start`/`end`
(YYYY-MM-DD); compared with the period before it and the same period a year earlier. Scope: the user's
whole federation, `org=<id>` (a federation or chamber the user may see; otherwise 404) or `kind=<chamber
kind>` (one kind of chamber). A chamber secretary always gets its own chamber. Bad input raises
`ValidationError` with a Chinese message; nothing here may end in a 500.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.http import QueryDict

from shanglian.core.access import federation_of, own_chamber_ids, require_capability
from shanglian.core.dates import DEFAULT_RANGE
from shanglian.core.scope import get_object_for_user
from shanglian.metrics.registry import Period, Scope
from shanglian.orgs.models import ChamberKind, Organization, OrgKind

KINDS = {"year": "年度", "quarter": "季度", "month": "月度", "custom": "自定义"}


@dataclass(frozen=True)
class Selection:
    period: Period
    previous: Period
    last_year: Period
    period_label: str
    scope: Scope
    scope_label: str
    # The query parameters that select this again (period and scope), for links.
    params: dict[str, str] = field(default_factory=dict)

    def query(self, **extra: Any) -> dict[str, str]:
        return {**self.params, **{k: str(v) for k, v in extra.items() if v not in (None, "")}}


def period_params(period: Period) -> dict[str, str]:
    return {"period": "custom", "start": period.start.isoformat(), "end": period.end.isoformat()}


def _int(raw: str, name: str, low: int, high: int) -> int:
    try:
        value = int(raw.strip())
    except (TypeError, ValueError):
        raise ValidationError(f"{name}应为数字：{raw[:20]}") from None
    if not low <= value <= high:
        raise ValidationError(f"{name}应在 {low} 到 {high} 之间：{value}")
    return value


def _day(raw: str, name: str) -> datetime.date:
    raw = raw.strip()
    try:
        if len(raw) != 10:
            raise ValueError
        day = datetime.date.fromisoformat(raw)
    except ValueError:
        raise ValidationError(f"{name}格式不正确：{raw[:20]}（应为 YYYY-MM-DD，年份四位）") from None
    if not DEFAULT_RANGE.contains(day):
        raise ValidationError(
            f"{name}超出合理范围，应在 {DEFAULT_RANGE.earliest:%Y-%m-%d} 至 {DEFAULT_RANGE.latest():%Y-%m-%d} 之间"
        )
    return day


def _month_end(year: int, month: int) -> datetime.date:
    nxt = datetime.date(year + month // 12, month % 12 + 1, 1)
    return nxt - datetime.timedelta(days=1)


def _year_earlier(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def _shift_months(year: int, month: int, by: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + by
    return index // 12, index % 12 + 1


def parse_period(get: QueryDict, today: datetime.date | None = None) -> tuple[Period, Period, Period, str]:
    """(period, previous period, same period last year, label) from the query string."""
    today = today or datetime.date.today()
    kind = get.get("period") or "year"
    if kind not in KINDS:
        raise ValidationError(f"期间类型不正确：{kind[:20]}（可选 年度、季度、月度、自定义）")
    low, high = DEFAULT_RANGE.earliest.year + 1, DEFAULT_RANGE.latest().year
    if kind == "custom":
        if not get.get("start") or not get.get("end"):
            raise ValidationError("自定义期间请填写起始日期和截止日期")
        start, end = _day(get.get("start") or "", "起始日期"), _day(get.get("end") or "", "截止日期")
        if end < start:
            raise ValidationError("截止日期不能早于起始日期")
        length = end - start
        previous = Period(start - length - datetime.timedelta(days=1), start - datetime.timedelta(days=1))
        label = f"{start:%Y-%m-%d} 至 {end:%Y-%m-%d}"
        return Period(start, end), previous, Period(_year_earlier(start), _year_earlier(end)), label
    year = _int(get.get("year") or str(today.year), "年份", low, high)
    if kind == "year":
        period = Period(datetime.date(year, 1, 1), datetime.date(year, 12, 31))
        previous = Period(datetime.date(year - 1, 1, 1), datetime.date(year - 1, 12, 31))
        label = f"{year}年"
    elif kind == "quarter":
        q = _int(get.get("quarter") or str((today.month - 1) // 3 + 1), "季度", 1, 4)
        first = 3 * q - 2
        period = Period(datetime.date(year, first, 1), _month_end(year, first + 2))
        py, pm = _shift_months(year, first, -3)
        previous = Period(datetime.date(py, pm, 1), _month_end(py, pm + 2))
        label = f"{year}年第{q}季度"
    else:
        m = _int(get.get("month") or str(today.month), "月份", 1, 12)
        period = Period(datetime.date(year, m, 1), _month_end(year, m))
        py, pm = _shift_months(year, m, -1)
        previous = Period(datetime.date(py, pm, 1), _month_end(py, pm))
        label = f"{year}年{m}月"
    last_year = Period(_year_earlier(period.start), _year_earlier(period.end))
    return period, previous, last_year, label


def parse_scope(user: Any, get: QueryDict) -> tuple[Scope, str, dict[str, str]]:
    """(scope, label, params). An org the user may not see is a 404 (`get_object_for_user`)."""
    require_capability(user, "metrics.view")
    raw_org, kind = (get.get("org") or "").strip(), (get.get("kind") or "").strip()
    if kind and kind not in ChamberKind.values:
        raise ValidationError(f"商会类型不正确：{kind[:20]}")
    org: Organization | None = None
    if raw_org:
        org_id = _int(raw_org, "范围（组织编号）", 1, 2**31 - 1)
        org = get_object_for_user(Organization, user, org_id)
        if org.kind not in (OrgKind.FEDERATION, OrgKind.CHAMBER):
            raise ValidationError("范围只能是工商联或商会")
        if kind and org.kind == OrgKind.CHAMBER:
            raise ValidationError("选择了单个商会时不能再按商会类型筛选")
    federation = federation_of(user)
    chambers = own_chamber_ids(user)
    # Staff have no chamber of their own; a user with one reads its federation only as a leader/admin too.
    secretary = federation is None or (
        bool(chambers) and not Organization.objects.visible_to(user).filter(pk=federation.pk).exists()
    )
    if secretary:
        # A chamber secretary: its own chamber, whatever it asks for within its scope.
        if kind:
            raise ValidationError("商会秘书长只能查看本商会的数据，不能按商会类型筛选")
        if org is None and chambers:
            org = Organization.objects.visible_to(user).filter(pk=min(chambers)).first()
        if org is None or org.kind != OrgKind.CHAMBER:
            raise ValidationError("您只能查看本商会的数据")
    params = {k: v for k, v in (("org", str(org.pk) if org else ""), ("kind", kind)) if v}
    root = org or federation
    label = root.name if root is not None else "—"
    if kind:
        label = f"{label} · {ChamberKind(kind).label}"
    # The root is given explicitly even for the whole federation: Scope.root would look it up again.
    return Scope(user, root, chamber_kind=kind), label, params


def select(user: Any, get: QueryDict, today: datetime.date | None = None) -> Selection:
    period, previous, last_year, period_label = parse_period(get, today)
    scope, scope_label, scope_params = parse_scope(user, get)
    kind = get.get("period") or "year"
    start = period.start
    params = {
        "year": {"period": "year", "year": str(start.year)},
        "quarter": {"period": "quarter", "year": str(start.year), "quarter": str((start.month - 1) // 3 + 1)},
        "month": {"period": "month", "year": str(start.year), "month": str(start.month)},
    }.get(kind) or period_params(period)
    params.update(scope_params)
    return Selection(period, previous, last_year, period_label, scope, scope_label, params)
