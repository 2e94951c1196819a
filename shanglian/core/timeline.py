"""一企一档: the enterprise's timeline — everything the platform knows about one enterprise.

Each app that records something about an enterprise (visits, survey answers, appeals, deals, events,
donations …) registers a provider in its own `timeline.py` (found at start-up, as menus and to-dos are):
`@register def entries(enterprise, user) -> Iterable[Entry]`. A provider reads through the user's scope
(`Model.objects.visible_to(user)`), so a secretary sees only what its chamber may, and costs one query.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Entry:
    day: datetime.date
    kind: str  # "走访", "线上调查", "诉求" …: the badge
    title: str
    url: str = ""
    detail: str = ""
    colour: str = "blue"


Provider = Callable[[Any, Any], Iterable[Entry]]

_PROVIDERS: list[Provider] = []


def register(provider: Provider) -> Provider:
    """Decorator: provider(enterprise, user) -> entries about that enterprise the user may see."""
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)
    return provider


def entries_for(enterprise: Any, user: Any, *, limit: int = 100) -> list[Entry]:
    """The newest `limit` entries of every provider, newest first."""
    found: list[Entry] = []
    for provider in _PROVIDERS:
        found.extend(provider(enterprise, user))
    found.sort(key=lambda e: e.day, reverse=True)
    return found[:limit]
