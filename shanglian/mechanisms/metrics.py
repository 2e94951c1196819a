"""五项机制 figures in the metric registry (figures.md #20, #21 and the mechanisms' own counts)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from shanglian.mechanisms.models import (
    Answer,
    Consultation,
    DistrictMeeting,
    Filing,
    FilingStatus,
    Opinion,
    RoundStatus,
    RuleCategory,
    RuleDocument,
    SignOffRound,
    Suggestion,
    SuggestionStatus,
)
from shanglian.metrics.registry import Period, Scope, metric
from shanglian.registry.selectors import members_on


def _federation_rows(model: Any, scope: Scope, lookup: str = "federation") -> QuerySet[Any]:
    """Rows of the federations under the scope's root. Rules, rounds, consultations and meetings are the
    federation's own work: a scope of some chambers (one chamber, or a kind of chamber) holds none."""
    root = scope.root
    base = model.objects.unscoped() if scope.user is None else model.objects.visible_to(scope.user)
    if root is None or scope.by_chambers:
        return base.none()  # type: ignore[no-any-return]
    return base.filter(**{f"{lookup}__path__startswith": root.path})  # type: ignore[no-any-return]


def rules_in_force(period: Period, scope: Scope, category: str) -> QuerySet[RuleDocument]:
    """Rule documents of a category in force at some time in the period."""
    return _federation_rows(RuleDocument, scope).filter(
        Q(repealed_on__isnull=True) | Q(repealed_on__gt=period.start),
        category=category,
        effective_on__lte=period.end,
    )


@metric("mechanisms.rules_guiding", "指导性文件", "个", order=200)
def rules_guiding(period: Period, scope: Scope) -> QuerySet[RuleDocument]:
    """#20 制定《区工商联所属商会重大事项报备制度》等 N 个指导性文件."""
    return rules_in_force(period, scope, RuleCategory.GUIDING)


@metric("mechanisms.rules_supporting", "配套制度性文件", "个", order=201)
def rules_supporting(period: Period, scope: Scope) -> QuerySet[RuleDocument]:
    """#20 …N 个配套制度性文件."""
    return rules_in_force(period, scope, RuleCategory.SUPPORTING)


def filings(period: Period, scope: Scope) -> QuerySet[Filing]:
    """Filings the scope's chambers submitted in the period."""
    return Filing.objects.unscoped().filter(
        chamber__in=scope.chambers(), submitted_on__gte=period.start, submitted_on__lte=period.end
    )


metric("mechanisms.filings", "重大事项报备", "条", order=210)(filings)


@metric("mechanisms.filings_late", "逾期报备", "条", order=211)
def filings_late(period: Period, scope: Scope) -> QuerySet[Filing]:
    return filings(period, scope).filter(late=True)


@metric("mechanisms.filings_on_time", "按时报备率", "%", denominator=filings, order=212)
def filings_on_time(period: Period, scope: Scope) -> QuerySet[Filing]:
    return filings(period, scope).filter(late=False)


@metric("mechanisms.filings_approved", "报备审核通过", "条", order=213)
def filings_approved(period: Period, scope: Scope) -> QuerySet[Filing]:
    return filings(period, scope).filter(status__in=[FilingStatus.APPROVED, FilingStatus.RECORDED])


def suggestions(period: Period, scope: Scope) -> QuerySet[Suggestion]:
    """Suggestions received in the period (every channel)."""
    rows: QuerySet[Suggestion]
    if scope.by_chambers:
        # Some chambers' share: the suggestions of their member enterprises (at the period's end).
        base = (
            Suggestion.objects.unscoped() if scope.user is None else Suggestion.objects.visible_to(scope.user)
        )
        rows = base.filter(enterprise__in=members_on(scope, period.end).values("pk"))
    else:
        rows = _federation_rows(Suggestion, scope)
    return rows.filter(submitted_on__gte=period.start, submitted_on__lte=period.end)


metric("mechanisms.suggestions", "创新建议", "条", order=230)(suggestions)


@metric("mechanisms.suggestions_adopted", "创新建议采纳", "条", order=231)
def suggestions_adopted(period: Period, scope: Scope) -> QuerySet[Suggestion]:
    return suggestions(period, scope).filter(status=SuggestionStatus.ADOPTED)


@metric("mechanisms.suggestions_implemented", "创新建议落实", "条", order=232)
def suggestions_implemented(period: Period, scope: Scope) -> QuerySet[Suggestion]:
    return suggestions(period, scope).filter(status=SuggestionStatus.ADOPTED, progress=100)


def rounds(period: Period, scope: Scope) -> QuerySet[SignOffRound]:
    return _federation_rows(SignOffRound, scope).filter(
        created_at__date__gte=period.start, created_at__date__lte=period.end
    )


metric("mechanisms.rounds", "集体签字事项", "个", order=220)(rounds)


@metric("mechanisms.rounds_approved", "集体签字通过", "个", order=221)
def rounds_approved(period: Period, scope: Scope) -> QuerySet[SignOffRound]:
    return rounds(period, scope).filter(status=RoundStatus.APPROVED)


def consultations(period: Period, scope: Scope) -> QuerySet[Consultation]:
    """Consultations opened in the period."""
    return _federation_rows(Consultation, scope).filter(opens_on__gte=period.start, opens_on__lte=period.end)


metric("mechanisms.consultations", "征求意见事项", "个", order=240)(consultations)


@metric("mechanisms.opinions", "收到意见", "条", order=241)
def opinions(period: Period, scope: Scope) -> QuerySet[Opinion]:
    return _federation_rows(Opinion, scope, "consultation__federation").filter(
        created_at__date__gte=period.start, created_at__date__lte=period.end
    )


@metric("mechanisms.opinions_adopted", "意见采纳（含部分采纳）", "条", order=242)
def opinions_adopted(period: Period, scope: Scope) -> QuerySet[Opinion]:
    return opinions(period, scope).filter(answer__in=[Answer.ADOPTED, Answer.PARTLY])


@metric("mechanisms.district_meetings", "参加区内重大会议", "次", order=243)
def district_meetings(period: Period, scope: Scope) -> QuerySet[DistrictMeeting]:
    return _federation_rows(DistrictMeeting, scope).filter(held_on__gte=period.start, held_on__lte=period.end)
