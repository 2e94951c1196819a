"""Writing notifications. `notify()` is the one entry point (workflow hook, scheduled jobs)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from shanglian.core.access import require_actor
from shanglian.notifications.models import Notification


@transaction.atomic
def notify(
    *,
    recipients: Iterable[Any],
    title: str,
    key: str,
    actor: Any,
    body: str = "",
    link: str = "",
) -> int:
    """Write one notification per recipient unless (recipient, key) exists; returns how many were new.

    `link` must be a local path ("/…"); the page it points to applies its own scope when opened.
    """
    require_actor(actor)
    if link and not link.startswith("/"):
        raise ValueError("notification link must be a local path")
    users = {u.pk: u for u in recipients if u is not None and u.pk is not None}
    if not users:
        return 0
    existing = set(
        Notification.objects.filter(recipient_id__in=users, key=key).values_list("recipient_id", flat=True)
    )
    new = [
        Notification(recipient_id=pk, title=title[:200], body=body, link=link, key=key[:200])
        for pk in users
        if pk not in existing
    ]
    Notification.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)
