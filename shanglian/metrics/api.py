"""指标 API: every registered figure for a period and scope, and the rows behind each (paged).

Same data scope as the pages: figures are computed over `visible_to(user)`, narrowed to `org` when given
(an org outside the user's scope is a 404). Not cached: each request counts the records afresh.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Field, Router, Schema

from shanglian.core.api_utils import require
from shanglian.core.scope import get_object_for_user
from shanglian.core.validation import Id, Limit
from shanglian.metrics import registry
from shanglian.metrics.registry import Metric, Period, Scope
from shanglian.orgs.models import Organization

router = Router(tags=["指标"])

PAGE_SIZE = 50
# Typed bounds (core.validation): every API input has a limit; the date text is parsed in _day.
Day = Annotated[str, Field(max_length=20)]
Key = Annotated[str, Field(max_length=100)]
Part = Annotated[str, Field(max_length=20)]
MAX_PAGE_SIZE = 200


class MetricOut(Schema):
    key: str
    label: str
    unit: str
    section: str
    value: Decimal | int | None
    numerator: int | None = None
    denominator: int | None = None
    drill: str


class RowsOut(Schema):
    key: str
    part: str
    count: int
    sum: Decimal | None = None
    rows: list[dict[str, Any]]
    next_after: int | None


def _day(raw: str | None, name: str) -> date:
    if not raw:
        raise ValidationError(f"请提供{name}（格式 YYYY-MM-DD）")
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        raise ValidationError(f"{name}格式不正确：{raw}（应为 YYYY-MM-DD，年份四位）")
    if len(raw) != 10:
        raise ValidationError(f"{name}格式不正确：{raw}（应为 YYYY-MM-DD，年份四位）")
    return day


def _period(start: str | None, end: str | None) -> Period:
    period = Period(_day(start, "起始日期"), _day(end, "截止日期"))
    if period.end < period.start:
        raise ValidationError("截止日期不能早于起始日期")
    return period


def _scope(request: HttpRequest, org: int | None) -> Scope:
    require(request, "metrics.view")
    if org is None:
        return Scope(request.user)
    return Scope(request.user, get_object_for_user(Organization, request.user, org))


def _metric(key: str) -> Metric:
    m = registry.get(key)
    if m is None:
        raise Http404
    return m


def _query(period: Period, org: int | None, **extra: str) -> str:
    params = {"start": period.start.isoformat(), "end": period.end.isoformat(), **extra}
    if org is not None:
        params["org"] = str(org)
    return urlencode(params)


@router.get("", response=list[MetricOut], summary="指标一览（按期间与范围）")
def metrics(
    request: HttpRequest, start: Day | None = None, end: Day | None = None, org: Id | None = None
) -> Any:
    period = _period(start, end)
    scope = _scope(request, org)
    out = []
    for v in registry.compute_all(period, scope):
        base = reverse("api:metric_rows", args=[v.metric.key])
        out.append(
            {
                "key": v.metric.key,
                "label": v.metric.label,
                "unit": v.metric.unit,
                "section": v.metric.section_name,
                "value": v.value,
                "numerator": v.numerator,
                "denominator": v.denominator,
                "drill": f"{base}?{_query(period, org)}",
            }
        )
    return out


def _row(obj: Model) -> dict[str, Any]:
    return {"id": obj.pk, "name": str(obj)}


@router.get("/{key}/rows", response=RowsOut, url_name="metric_rows", summary="指标明细（计数的记录）")
def rows(
    request: HttpRequest,
    key: Key,
    start: Day | None = None,
    end: Day | None = None,
    org: Id | None = None,
    part: Part = "numerator",
    after: Id | None = None,
    limit: Limit = PAGE_SIZE,
) -> Any:
    m = _metric(key)
    period = _period(start, end)
    scope = _scope(request, org)
    if part not in ("numerator", "denominator") or (part == "denominator" and m.denominator is None):
        raise ValidationError(
            f"明细部分不正确：{part}（可选 numerator{'、denominator' if m.is_percent else ''}）"
        )
    if not 1 <= limit <= MAX_PAGE_SIZE:
        raise ValidationError(f"每页条数应在 1 到 {MAX_PAGE_SIZE} 之间")
    qs = m.denominator(period, scope) if part == "denominator" and m.denominator else m.rows(period, scope)
    page_qs = qs.order_by("pk")
    if after is not None:
        page_qs = page_qs.filter(pk__gt=after)
    page = list(page_qs[: limit + 1])
    more = len(page) > limit
    page = page[:limit]
    return {
        "key": m.key,
        "part": part,
        "count": registry.count(qs),
        "sum": registry.total(qs, m.sum_field) if m.sum_field else None,
        "rows": [_row(o) for o in page],
        "next_after": page[-1].pk if more else None,
    }
