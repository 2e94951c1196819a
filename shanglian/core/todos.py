"""Home-page to-do list: apps register providers that return the user's open items."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any


@dataclass
class Todo:
    section: str  # e.g. "换届提醒"
    title: str
    url: str = ""
    due: object = None  # date, shown when set
    level: str = "info"  # info / warning / danger


Provider = Callable[[Any], Iterable["Todo"] | None]

_PROVIDERS: list[Provider] = []


def register(provider: Provider) -> Provider:
    """Decorator: provider(user) -> iterable of Todo. It must respect the user's data scope."""
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)
    return provider


def todos_for(user: Any) -> dict[str, list[Todo]]:
    sections: dict[str, list[Todo]] = {}
    for provider in _PROVIDERS:
        for todo in provider(user) or ():
            sections.setdefault(todo.section, []).append(todo)
    return sections
