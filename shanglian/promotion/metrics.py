"""助推平台 figures (#27 走访, #30 产学研, and the 技术需求 that feed 产学研) in the metric registry.

Visits count by the visit's own scope (a secretary: its chamber's visits; the district: the federation's
and every chamber's), within the scope's root organisation.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from shanglian.metrics.registry import Period, Scope, metric
from shanglian.promotion.models import NeedStatus, ResearchProject, TechNeed, Visit, VisitMode, VisitStatus
from shanglian.registry.models import Enterprise

RECORDED = (VisitStatus.DONE, VisitStatus.CONFIRMED)


def _scoped(model: Any, scope: Scope) -> QuerySet[Any]:
    root = scope.root
    qs = model.objects.unscoped() if scope.user is None else model.objects.visible_to(scope.user)
    if root is None:
        return qs.none()  # type: ignore[no-any-return]
    return qs.filter(organization__path__startswith=root.path)  # type: ignore[no-any-return]


def recorded_visits(period: Period, scope: Scope) -> QuerySet[Visit]:
    return _scoped(Visit, scope).filter(
        status__in=RECORDED, visited_on__gte=period.start, visited_on__lte=period.end
    )


@metric("promotion.visited_offline", "线下实地走访企业", "家", order=300)
def visited_offline(period: Period, scope: Scope) -> QuerySet[Enterprise]:
    """#27 线下实地走访企业近千家: distinct enterprises, however often each was visited."""
    visits = recorded_visits(period, scope).filter(mode=VisitMode.OFFLINE)
    return Enterprise.objects.unscoped().filter(pk__in=visits.values("enterprise_id"))


@metric("promotion.visits", "走访联系会员（次）", "次", order=301)
def visits(period: Period, scope: Scope) -> QuerySet[Visit]:
    return recorded_visits(period, scope)


@metric("promotion.visits_online", "线上走访联系（次）", "次", order=302)
def visits_online(period: Period, scope: Scope) -> QuerySet[Visit]:
    return recorded_visits(period, scope).filter(mode=VisitMode.ONLINE)


def signed_projects(period: Period, scope: Scope) -> QuerySet[ResearchProject]:
    return _scoped(ResearchProject, scope).filter(signed_on__gte=period.start, signed_on__lte=period.end)


@metric("promotion.research_projects", "签约合作产学研项目", "个", order=330)
def research_projects(period: Period, scope: Scope) -> QuerySet[ResearchProject]:
    """#30 帮助会员企业签约合作产学研项目60余个 (a project counts in the period it was signed)."""
    return signed_projects(period, scope)


@metric("promotion.research_amount", "产学研项目合同金额", "万元", sum_field="amount", order=331)
def research_amount(period: Period, scope: Scope) -> QuerySet[ResearchProject]:
    return signed_projects(period, scope)


@metric("promotion.tech_needs", "企业提出技术需求", "条", order=335)
def tech_needs(period: Period, scope: Scope) -> QuerySet[TechNeed]:
    return _scoped(TechNeed, scope).filter(posted_on__gte=period.start, posted_on__lte=period.end)


@metric("promotion.tech_needs_matched", "技术需求对接院校", "条", order=336)
def tech_needs_matched(period: Period, scope: Scope) -> QuerySet[TechNeed]:
    """A need counts in the period it was routed to an institution, whatever became of it since."""
    return _scoped(TechNeed, scope).filter(matched_on__gte=period.start, matched_on__lte=period.end)


@metric("promotion.tech_needs_projects", "技术需求转为产学研项目", "条", order=337)
def tech_needs_projects(period: Period, scope: Scope) -> QuerySet[TechNeed]:
    return _scoped(TechNeed, scope).filter(
        status=NeedStatus.PROJECT, converted_on__gte=period.start, converted_on__lte=period.end
    )
