"""一企一档 entries of 诉求: the enterprise's appeals, with their state (one query)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse

from shanglian.appeals.models import Appeal
from shanglian.core.roles import has_capability
from shanglian.core.timeline import Entry, register


@register
def appeals(enterprise: Any, user: Any) -> Iterator[Entry]:
    if not has_capability(user, "appeals.view"):
        return
    rows = (
        Appeal.objects.visible_to(user)
        .filter(enterprise=enterprise)
        .order_by("-submitted_on", "-pk")
        .only("pk", "title", "state", "submitted_on", "channel")[:50]
    )
    for a in rows:
        url = reverse("appeals:appeal_detail", args=[a.pk])
        yield Entry(a.submitted_on, "诉求", f"诉求：{a.title}", url, a.get_state_display(), "orange")
