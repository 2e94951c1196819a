"""一企一档 entries of 线上调查: the answer sheets the enterprise submitted."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse

from shanglian.core.roles import has_capability
from shanglian.core.timeline import Entry, register
from shanglian.surveys.models import Response, ResponseStatus


@register
def answers(enterprise: Any, user: Any) -> Iterator[Entry]:
    staff = has_capability(user, "surveys.view")
    if not (staff or has_capability(user, "surveys.answer")):
        return
    sheets = (
        Response.objects.visible_to(user)
        .filter(enterprise=enterprise, status=ResponseStatus.SUBMITTED)
        .select_related("survey")
        .order_by("-submitted_at")[:50]
    )
    for r in sheets:
        assert r.submitted_at is not None
        url = reverse("surveys:results" if staff else "surveys:answer", args=[r.survey_id])
        yield Entry(r.submitted_at.date(), "线上调查", f"提交问卷：{r.survey.title}", url, "", "azure")
