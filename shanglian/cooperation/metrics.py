"""Figures of cooperation: deal amount (#5), talks held (#25), outside liaisons (#22), friendly chambers (#23)."""

from __future__ import annotations

from typing import Any

from django.db.models import Min, QuerySet

from shanglian.cooperation.models import Deal, FriendlyChamber, InvestmentProject, Liaison, Stage, Talk
from shanglian.metrics.registry import Period, Scope, metric
from shanglian.orgs.models import Organization


def of_scope(model: Any, scope: Scope, lookup: str = "organizer") -> QuerySet[Any]:
    """Rows of the organisations the scope covers: the federation itself and the chambers under it; for
    a chamber or a kind of chamber, the rows of those chambers only (`scope.chambers()`), as the
    registry's member figures count."""
    root = scope.root
    if root is None:
        result: QuerySet[Any] = model.objects.unscoped().none()
        return result
    if scope.user is None:
        qs = model.objects.unscoped()
    else:
        qs = model.objects.visible_to(scope.user).filter(
            **{f"{lookup}__in": Organization.objects.visible_to(scope.user)}
        )
    rows: QuerySet[Any] = qs.filter(**{f"{lookup}__path__startswith": root.path})
    if scope.by_chambers:
        rows = rows.filter(**{f"{lookup}__in": scope.chambers()})
    return rows


@metric("cooperation.deal_amount", "促成企业间合作金额", "万元", sum_field="amount", order=400)
def deal_amount(period: Period, scope: Scope) -> QuerySet[Deal]:
    """#5 促成企业间达成合作近 N 亿元: each deal once, in its signing period, at its amended amount."""
    return of_scope(Deal, scope).filter(signed_on__gte=period.start, signed_on__lte=period.end)


@metric("cooperation.deals", "促成合作签约", "个", order=401)
def deals(period: Period, scope: Scope) -> QuerySet[Deal]:
    return deal_amount(period, scope)


@metric("cooperation.talks", "举办各类招商洽谈", "次", order=410)
def talks(period: Period, scope: Scope) -> QuerySet[Talk]:
    """#25 举办各类招商洽谈近 N 次: talks held."""
    return of_scope(Talk, scope, "project__organizer").filter(
        held_on__gte=period.start, held_on__lte=period.end
    )


@metric("cooperation.projects_signed", "招商项目签约", "个", order=411)
def projects_signed(period: Period, scope: Scope) -> QuerySet[InvestmentProject]:
    """A project counts once, at its first signing."""
    return (
        of_scope(InvestmentProject, scope)
        .filter(signed_on__gte=period.start, signed_on__lte=period.end)
        .exclude(stage=Stage.PROMOTING)
    )


@metric("cooperation.liaisons", "走访联系外地商会、协会及大型企业", "家", order=420)
def liaisons(period: Period, scope: Scope) -> QuerySet[Liaison]:
    """#22 共走访联系……等 N 家: distinct organisations (the first contact of each in the period)."""
    rows = of_scope(Liaison, scope).filter(contacted_on__gte=period.start, contacted_on__lte=period.end)
    first = rows.values("organisation").annotate(first=Min("pk")).values("first")
    return of_scope(Liaison, scope).filter(pk__in=first)


@metric("cooperation.friendly_chambers", "签约友好商会", "家", order=421)
def friendly_chambers(period: Period, scope: Scope) -> QuerySet[FriendlyChamber]:
    """#23 签约友好商会 N 家."""
    return of_scope(FriendlyChamber, scope).filter(signed_on__gte=period.start, signed_on__lte=period.end)
