"""Reading one user's notifications. Every query starts from the recipient: nobody reads another's inbox."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from shanglian.notifications.models import Notification, NotificationPreference

# The bell shows "99+" past this: one indexed, bounded read instead of a COUNT over a long unread backlog.
BELL_CAP = 99
PER_PAGE = 20


def inbox(user: Any, *, unread_only: bool = False) -> QuerySet[Notification]:
    qs = Notification.objects.filter(recipient_id=user.pk)
    return qs.filter(is_read=False) if unread_only else qs


def preference_of(user: Any) -> NotificationPreference | None:
    """None: the user never chose, so the defaults hold (the bell only)."""
    return NotificationPreference.objects.filter(user_id=user.pk).first()


def unread_count(user: Any, *, cap: int | None = None) -> int:
    """Exact, or at most `cap + 1` when capped (enough to say "cap+")."""
    qs = inbox(user, unread_only=True)
    if cap is None:
        return qs.count()
    return len(qs.order_by("-id").values_list("pk", flat=True)[: cap + 1])


def bell_label(user: Any) -> str:
    """ "" when nothing is unread, else the figure ("99+" past the cap)."""
    n = unread_count(user, cap=BELL_CAP)
    return "" if n == 0 else (f"{BELL_CAP}+" if n > BELL_CAP else str(n))


@dataclass(frozen=True)
class KeysetPage:
    """One page, newest first. `before`/`after` are the ids to ask for the next (older) or newer page."""

    items: list[Notification]
    before: int | None
    after: int | None

    @property
    def has_older(self) -> bool:
        return self.before is not None

    @property
    def has_newer(self) -> bool:
        return self.after is not None


def page_of(
    user: Any,
    *,
    unread_only: bool = False,
    before: int | None = None,
    after: int | None = None,
    per_page: int = PER_PAGE,
) -> KeysetPage:
    """Keyset paging on id (no OFFSET, no COUNT): `before` pages to older messages, `after` to newer ones."""
    qs = inbox(user, unread_only=unread_only)
    if after is not None and before is None:
        rows = list(qs.filter(pk__gt=after).order_by("pk")[: per_page + 1])
        if len(rows) > per_page:
            rows = rows[:per_page][::-1]
            return KeysetPage(items=rows, before=rows[-1].pk, after=rows[0].pk)
        # Less than a page of newer messages: that is the first page.
        return page_of(user, unread_only=unread_only, per_page=per_page)
    if before is not None:
        qs = qs.filter(pk__lt=before)
    rows = list(qs.order_by("-pk")[: per_page + 1])
    older = len(rows) > per_page
    rows = rows[:per_page]
    return KeysetPage(
        items=rows,
        before=rows[-1].pk if older else None,
        after=rows[0].pk if before is not None and rows else None,
    )
