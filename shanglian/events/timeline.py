"""一企一档 entries of 活动: the enterprise's registrations, and whether it checked in (one query)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse

from shanglian.core.roles import has_capability
from shanglian.core.timeline import Entry, register
from shanglian.events.models import Registration


@register
def registrations(enterprise: Any, user: Any) -> Iterator[Entry]:
    if not has_capability(user, "events.view"):
        return
    rows = (
        Registration.objects.visible_to(user)
        .filter(enterprise=enterprise)
        .select_related("event", "checkin")
        .order_by("-event__starts_at", "-pk")[:50]
    )
    for r in rows:
        checked = getattr(r, "checkin", None)
        detail = f"已签到（{checked.checked_at:%H:%M}）" if checked else r.get_status_display()
        url = reverse("events:event_detail", args=[r.event_id])
        yield Entry(r.event.starts_at.date(), "活动", f"参加活动：{r.event.title}", url, detail, "green")
