"""Home-page to-do list: apps register providers that return the user's open items.

Each provider costs queries, and every app adds one, so the assembled list is cached per user (issue 13:
the to-do list was ~145 of a home page's 199 ms). The cache key carries a data version that any write
moves on — a saved or deleted row of the project's models (`post_save`/`post_delete`) or any
non-GET request (which covers `QuerySet.update()` in a view) — and today's date, so a to-do never
outlives the change that closes it in this process; with several worker processes and the default
per-process cache, another worker's list may lag by at most `CACHE_SECONDS` (set REDIS_URL to share the
cache and the version across workers).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.utils import timezone


@dataclass
class Todo:
    section: str  # e.g. "换届提醒"
    title: str
    url: str = ""
    due: object = None  # date, shown when set
    level: str = "info"  # info / warning / danger


Provider = Callable[[Any], Iterable["Todo"] | None]

_PROVIDERS: list[Provider] = []

CACHE_SECONDS = 60
VERSION_KEY = "shanglian:todos:version"


def register(provider: Provider) -> Provider:
    """Decorator: provider(user) -> iterable of Todo. It must respect the user's data scope."""
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)
    return provider


def data_changed() -> None:
    """Every user's cached to-dos are void."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not set yet (or evicted)
        cache.set(VERSION_KEY, 1, None)


def data_changed_by_model(sender: Any, **kwargs: Any) -> None:
    """Signal receiver: a row of one of the project's own apps was written (not sessions, not axes)."""
    module = getattr(sender, "__module__", "")
    if module.startswith("shanglian.") and not kwargs.get("raw"):
        data_changed()


def compute_todos(user: Any) -> dict[str, list[Todo]]:
    sections: dict[str, list[Todo]] = {}
    for provider in _PROVIDERS:
        for todo in provider(user) or ():
            sections.setdefault(todo.section, []).append(todo)
    return sections


def todos_for(user: Any) -> dict[str, list[Todo]]:
    version = cache.get_or_set(VERSION_KEY, 0, None)
    key = f"shanglian:todos:{user.pk}:{version}:{timezone.localdate().isoformat()}"
    sections: dict[str, list[Todo]] | None = cache.get(key)
    if sections is None:
        sections = compute_todos(user)
        cache.set(key, sections, CACHE_SECONDS)
    return sections
