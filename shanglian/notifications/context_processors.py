"""The bell in the top bar. The page itself reads nothing: the badge loads with its own small request (htmx),
so every page keeps its query budget and a page without the top bar costs nothing."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse


@dataclass(frozen=True)
class Bell:
    url: str
    badge_url: str
    settings_url: str


def bell(request: HttpRequest) -> dict[str, Bell]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "notification_bell": Bell(
            url=reverse("notifications:list"),
            badge_url=reverse("notifications:badge"),
            settings_url=reverse("notifications:settings"),
        )
    }
