"""引导平台 figures (#10, #11, #32–35) in the metric registry.

Donation amounts sum the ledger (`DonationEntry`), not the gifts: a delivered gift counts through its
entries and a correction through its difference entries, so a figure is the corrected total and its
drill-down rows (corrections included) add up to it. Pledges not yet delivered have no entries and do not
count.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet, Sum

from shanglian.guidance.models import (
    AssistanceFacility,
    AssistancePurchase,
    CampaignKind,
    DonationEntry,
    FacilityKind,
    VolunteerActivity,
)
from shanglian.metrics.registry import Period, Rows, Scope, metric
from shanglian.registry.models import Enterprise
from shanglian.registry.selectors import members_on

RED_ALLIANCE = "red_alliance"


def _scoped(model: Any, scope: Scope) -> QuerySet[Any, Any]:
    """Rows organised under the scope's root; for a scope of some chambers (one chamber, a kind of
    chamber), those the scope's chambers organised themselves."""
    root = scope.root
    if root is None:
        return model.unscoped_objects.none()  # type: ignore[no-any-return]
    base = model.unscoped_objects.all() if scope.user is None else model.objects.visible_to(scope.user)
    if scope.by_chambers:
        return base.filter(organization__in=scope.chambers())  # type: ignore[no-any-return]
    return base.filter(organization__path__startswith=root.path)  # type: ignore[no-any-return]


def entries(period: Period, scope: Scope, kind: str | None = None) -> QuerySet[DonationEntry]:
    """Ledger entries of gifts to the scope's campaigns dated in the period (of one campaign kind).

    For a scope of some chambers: what their member enterprises (at the period's end) gave, to any campaign
    of the federation, as the registry counts a chamber's members (`members_on`)."""
    if scope.by_chambers and scope.root is not None:
        base = (
            DonationEntry.unscoped_objects.all()
            if scope.user is None
            else DonationEntry.objects.visible_to(scope.user)
        )
        qs = base.filter(enterprise__in=members_on(scope, period.end).values("pk"))
    else:
        qs = _scoped(DonationEntry, scope)
    qs = qs.filter(donated_on__gte=period.start, donated_on__lte=period.end)
    return qs.filter(kind=kind) if kind else qs


def donors(rows: QuerySet[DonationEntry]) -> QuerySet[Enterprise]:
    """The distinct enterprises whose entries add up to more than nothing (a gift corrected to 0 drops)."""
    given = (
        rows.filter(enterprise__isnull=False).values("enterprise").annotate(s=Sum("amount")).filter(s__gt=0)
    )
    return Enterprise.unscoped_objects.filter(pk__in=given.values("enterprise"))


def red_alliance_ids() -> QuerySet[Any, Any]:
    return Enterprise.unscoped_objects.filter(tags__code=RED_ALLIANCE).values("pk")


@metric("guidance.epidemic_amount", "疫情期间民营企业捐款捐物", "万元", sum_field="amount", order=500)
def epidemic_amount(period: Period, scope: Scope) -> Rows:
    """#11 带动全区288家民营企业捐赠总额达2619.7万元."""
    return entries(period, scope, CampaignKind.EPIDEMIC)


@metric("guidance.epidemic_donors", "疫情期间捐赠民营企业", "家", order=501)
def epidemic_donors(period: Period, scope: Scope) -> Rows:
    """#11 288家民营企业 (distinct)."""
    return donors(entries(period, scope, CampaignKind.EPIDEMIC))


@metric(
    "guidance.red_alliance_epidemic_amount", "红盟企业疫情捐款捐物", "万元", sum_field="amount", order=502
)
def red_alliance_epidemic_amount(period: Period, scope: Scope) -> Rows:
    """#10 20家红盟企业累计捐款捐物1700余万元."""
    return entries(period, scope, CampaignKind.EPIDEMIC).filter(enterprise__in=red_alliance_ids())


@metric("guidance.red_alliance_epidemic_donors", "疫情期间捐赠红盟企业", "家", order=503)
def red_alliance_epidemic_donors(period: Period, scope: Scope) -> Rows:
    return donors(red_alliance_epidemic_amount(period, scope))


@metric("guidance.paired_amount", "对口帮扶捐款捐物", "万元", sum_field="amount", order=510)
def paired_amount(period: Period, scope: Scope) -> Rows:
    """#32 向安顺关岭、陇南成县等地捐款捐物193.9万元."""
    return entries(period, scope, CampaignKind.PAIRED_ASSISTANCE)


@metric("guidance.donation_amount", "捐款捐物合计", "万元", sum_field="amount", order=511)
def donation_amount(period: Period, scope: Scope) -> Rows:
    return entries(period, scope)


@metric("guidance.donors", "捐赠企业", "家", order=512)
def all_donors(period: Period, scope: Scope) -> Rows:
    return donors(entries(period, scope))


def facilities(period: Period, scope: Scope, kind: str) -> Rows:
    return _scoped(AssistanceFacility, scope).filter(
        kind=kind, opened_on__gte=period.start, opened_on__lte=period.end
    )


@metric("guidance.facilities_exhibition", "扶贫体验馆", "处", order=520)
def facilities_exhibition(period: Period, scope: Scope) -> Rows:
    """#33 建设扶贫体验馆1处."""
    return facilities(period, scope, FacilityKind.EXHIBITION)


@metric("guidance.facilities_distribution", "消费配送中心", "处", order=521)
def facilities_distribution(period: Period, scope: Scope) -> Rows:
    """#33 消费配送中心1处."""
    return facilities(period, scope, FacilityKind.DISTRIBUTION)


@metric("guidance.purchases_amount", "消费帮扶采购", "万元", sum_field="amount", order=530)
def purchases_amount(period: Period, scope: Scope) -> Rows:
    """#34 采购物资347万元."""
    return _scoped(AssistancePurchase, scope).filter(
        purchased_on__gte=period.start, purchased_on__lte=period.end
    )


def activities(period: Period, scope: Scope) -> QuerySet[VolunteerActivity]:
    return _scoped(VolunteerActivity, scope).filter(held_on__gte=period.start, held_on__lte=period.end)


@metric("guidance.volunteer_gift_value", "志愿服务慰问品价值", "万元", sum_field="gift_value", order=540)
def volunteer_gift_value(period: Period, scope: Scope) -> Rows:
    """#35 夏庄街道商会志愿服务队 … 累计20余万元."""
    return activities(period, scope)


@metric("guidance.volunteer_activities", "志愿服务活动", "次", order=541)
def volunteer_activities(period: Period, scope: Scope) -> Rows:
    return activities(period, scope)
