"""The bell in the top bar. Lazy: the unread figure is read only when a page renders the bell."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from shanglian.notifications.selectors import BELL_CAP, unread_count


class Bell:
    url = ""
    settings_url = ""

    def __init__(self, user: Any) -> None:
        self._user = user
        self.url = reverse("notifications:list")
        self.settings_url = reverse("notifications:settings")

    @cached_property
    def unread(self) -> int:
        return unread_count(self._user, cap=BELL_CAP)

    @property
    def label(self) -> str:
        """ "" when nothing is unread, else the figure ("99+" past the cap)."""
        n = self.unread
        return "" if n == 0 else (f"{BELL_CAP}+" if n > BELL_CAP else str(n))


def bell(request: HttpRequest) -> dict[str, Bell]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"notification_bell": Bell(user)}
