"""线上调查 figures: #26 累计开展各类线上调查12次, and the answer sheets received."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from shanglian.metrics.registry import Period, Scope, metric
from shanglian.surveys.models import Response, ResponseStatus, Survey


def _surveys(scope: Scope) -> QuerySet[Survey]:
    root = scope.root
    qs: QuerySet[Any] = (
        Survey.objects.unscoped() if scope.user is None else Survey.objects.visible_to(scope.user)
    )
    if root is None:
        return qs.none()
    return qs.filter(organization__path__startswith=root.path)


@metric("promotion.online_surveys", "开展线上调查", "次", order=310)
def online_surveys(period: Period, scope: Scope) -> QuerySet[Survey]:
    """A survey counts in the period it was published (sent out), whatever its state now."""
    return _surveys(scope).filter(published_at__date__gte=period.start, published_at__date__lte=period.end)


@metric("promotion.survey_responses", "线上调查回收答卷", "条", order=311)
def survey_responses(period: Period, scope: Scope) -> QuerySet[Response]:
    return Response.objects.unscoped().filter(
        survey__in=_surveys(scope),
        status=ResponseStatus.SUBMITTED,
        submitted_at__date__gte=period.start,
        submitted_at__date__lte=period.end,
    )
