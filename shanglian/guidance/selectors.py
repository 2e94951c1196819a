"""Reads of the guidance pages: the totals by campaign / region / chamber / industry, top donors."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, QuerySet, Sum

from shanglian.guidance import metrics
from shanglian.guidance.models import CampaignKind, DonationEntry
from shanglian.metrics.registry import Period, Scope, compute, get


def year_period(raw: str | None, today: date) -> Period:
    year = int(raw) if raw and raw.isdigit() and 1990 <= int(raw) <= today.year + 1 else today.year
    return Period(date(year, 1, 1), date(year, 12, 31))


@dataclass(frozen=True)
class Line:
    label: str
    amount: Decimal
    cash: Decimal
    in_kind: Decimal
    donors: int


def _lines(
    rows: QuerySet[DonationEntry], field: str, *, empty: str = "（未填）", limit: int = 50
) -> list[Line]:
    grouped = (
        rows.values(field)
        .annotate(a=Sum("amount"), c=Sum("cash"), k=Sum("in_kind"), n=Count("enterprise", distinct=True))
        .order_by("-a")[:limit]
    )
    return [Line(str(g[field] or empty), g["a"], g["c"], g["k"], g["n"]) for g in grouped]


def _kind_label(value: str) -> str:
    return str(CampaignKind(value).label) if value in CampaignKind.values else value


@dataclass
class Totals:
    period: Period
    figures: list[Any]
    by_campaign: list[Line]
    by_kind: list[Line]
    by_region: list[Line]
    by_chamber: list[Line]
    by_industry: list[Line]
    top_donors: list[Line]


FIGURES = [
    "guidance.donation_amount",
    "guidance.donors",
    "guidance.epidemic_amount",
    "guidance.epidemic_donors",
    "guidance.red_alliance_epidemic_amount",
    "guidance.paired_amount",
    "guidance.purchases_amount",
    "guidance.facilities_exhibition",
    "guidance.facilities_distribution",
    "guidance.volunteer_gift_value",
]


def totals(period: Period, scope: Scope) -> Totals:
    rows = metrics.entries(period, scope)
    figures = [compute(m, period, scope) for m in (get(k) for k in FIGURES) if m is not None]
    by_kind = _lines(rows, "kind")
    by_kind = [Line(_kind_label(x.label), x.amount, x.cash, x.in_kind, x.donors) for x in by_kind]
    return Totals(
        period=period,
        figures=figures,
        by_campaign=_lines(rows, "campaign__name"),
        by_kind=by_kind,
        by_region=_lines(rows, "campaign__regions"),
        # An enterprise in two chambers counts in both: the table answers "what did each chamber's members give".
        by_chamber=_lines(
            rows.filter(enterprise__memberships__left_on__isnull=True),
            "enterprise__memberships__chamber__name",
            empty="（非会员）",
        ),
        by_industry=_lines(rows, "enterprise__industry__name"),
        top_donors=_lines(rows.exclude(enterprise__isnull=True), "enterprise__name", limit=10),
    )
