"""Home to-dos: an enterprise's open surveys it has not submitted yet (one query)."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from shanglian.core.access import own_enterprise_ids
from shanglian.core.roles import has_capability
from shanglian.core.todos import Todo, register
from shanglian.surveys.models import Invitation, Response, ResponseStatus, SurveyStatus


@register
def survey_todos(user: Any) -> list[Todo]:
    if not has_capability(user, "surveys.answer"):
        return []
    done = Response.objects.unscoped().filter(
        survey_id=OuterRef("survey_id"),
        enterprise_id=OuterRef("enterprise_id"),
        status=ResponseStatus.SUBMITTED,
    )
    open_ones = (
        Invitation.objects.visible_to(user)
        .filter(
            enterprise_id__in=own_enterprise_ids(user),
            survey__status=SurveyStatus.OPEN,
            survey__closes_on__gte=timezone.localdate(),
        )
        .exclude(Exists(done))
        .select_related("survey")
        .order_by("survey__closes_on", "pk")[:10]
    )
    return [
        Todo(
            "待填问卷",
            i.survey.title,
            reverse("surveys:answer", args=[i.survey_id]),
            i.survey.closes_on,
            "warning",
        )
        for i in open_ones
    ]
