"""Reads of the guidance pages: the totals by campaign / region / chamber / industry, top donors."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import (
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce

from shanglian.guidance import metrics
from shanglian.guidance.models import Campaign, CampaignKind, DonationCorrection, DonationEntry, DonationShare
from shanglian.metrics import caching
from shanglian.metrics.registry import Period, Scope, compute, get, scope_key


def year_period(raw: str | None, today: date) -> Period:
    year = int(raw) if raw and raw.isdecimal() and 1990 <= int(raw) <= today.year + 1 else today.year
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


def _tables(period: Period, scope: Scope) -> dict[str, list[Line]]:
    rows = metrics.entries(period, scope)
    by_kind = _lines(rows, "kind")
    return {
        "by_campaign": _lines(rows, "campaign__name"),
        "by_kind": [Line(_kind_label(x.label), x.amount, x.cash, x.in_kind, x.donors) for x in by_kind],
        "by_region": _lines(rows, "campaign__regions"),
        # An enterprise in two chambers counts in both: the table answers "what did each chamber's members give".
        "by_chamber": _lines(
            rows.filter(enterprise__memberships__left_on__isnull=True),
            "enterprise__memberships__chamber__name",
            empty="（非会员）",
        ),
        "by_industry": _lines(rows, "enterprise__industry__name"),
        "top_donors": _lines(rows.exclude(enterprise__isnull=True), "enterprise__name", limit=10),
    }


# The figure cache stores any picklable value; its signature names the figures' triple only.
_cached: Any = caching.cached


def totals(period: Period, scope: Scope) -> Totals:
    """The figures (each cached by the registry) and the six tables, which group the whole ledger of the
    period: kept like a figure until a table they read (entries, campaigns, memberships …) is written, so
    the page does not regroup the ledger on every view."""
    figures = [compute(m, period, scope) for m in (get(k) for k in FIGURES) if m is not None]
    what = f"{period.start.isoformat()}:{period.end.isoformat()}:{scope_key(scope)}"
    tables: dict[str, list[Line]] = _cached(
        "guidance.totals_tables",
        what,
        frozenset({DonationEntry._meta.db_table}),
        lambda: _tables(period, scope),
    )
    return Totals(period=period, figures=figures, **tables)


# ---------------------------------------------------------------- reads below a scoped object the page holds

MONEY: DecimalField[Decimal, Decimal] = DecimalField(max_digits=16, decimal_places=2)


def with_current_total(qs: Any) -> Any:
    """`current`: a gift's value after its last correction (as recorded when there is none)."""
    last = (
        DonationCorrection.unscoped_objects.filter(donation=OuterRef("pk"))
        .order_by("-created_at", "-pk")
        .annotate(t=ExpressionWrapper(F("cash_after") + F("in_kind_after"), output_field=MONEY))
        .values("t")[:1]
    )
    recorded = ExpressionWrapper(F("cash_amount") + F("in_kind_amount"), output_field=MONEY)
    return qs.annotate(current=Coalesce(Subquery(last, output_field=MONEY), recorded))


def donations_of_donor_named(text: str) -> Any:
    """Ids of gifts with a donor whose name contains `text` (the caller's queryset is already scoped)."""
    return DonationShare.unscoped_objects.filter(
        Q(enterprise__name__contains=text) | Q(person__name__contains=text)
    ).values("donation")


def ledger_by_donation(donation_ids: list[int]) -> dict[int, Decimal]:
    """Each gift's ledger total (its corrected value), for gifts the caller has already scoped."""
    return dict(
        DonationEntry.unscoped_objects.filter(donation_id__in=donation_ids)
        .values("donation")
        .annotate(s=Sum("amount"))
        .values_list("donation", "s")
    )


def campaign_ledger(campaign: Campaign) -> tuple[dict[str, Any], int]:
    """A campaign's ledger sums (amount, cash, in kind) and its donors with something given."""
    entries = DonationEntry.unscoped_objects.filter(campaign=campaign)
    sums = entries.aggregate(a=Sum("amount"), c=Sum("cash"), k=Sum("in_kind"))
    donors = entries.values("enterprise").annotate(s=Sum("amount")).filter(s__gt=0).count()
    return sums, donors


def donor_given(donation_id: int, enterprise_id: int) -> Decimal | None:
    value: Decimal | None = DonationEntry.unscoped_objects.filter(
        donation_id=donation_id, enterprise_id=enterprise_id
    ).aggregate(s=Sum("amount"))["s"]
    return value


def donation_detail_prefetches() -> list[Any]:
    """What a gift's page reads with it: its shares with donors, items, files, and corrections once (the
    current amount and the list both come from them). The gift itself is read through the scope."""
    return [
        Prefetch("shares", queryset=DonationShare.unscoped_objects.select_related("enterprise", "person")),
        "items",
        "attachments",
        Prefetch("corrections", queryset=DonationCorrection.unscoped_objects.select_related("actor")),
    ]
