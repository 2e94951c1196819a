"""Home-page to-do list: apps register providers that return the user's open items."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Todo:
    section: str  # e.g. "换届提醒"
    title: str
    url: str = ""
    due: object = None  # date, shown when set
    level: str = "info"  # info / warning / danger


_PROVIDERS: list[Callable] = []


def register(provider: Callable) -> Callable:
    """Decorator: provider(user) -> iterable of Todo. It must respect the user's data scope."""
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)
    return provider


def todos_for(user) -> dict[str, list[Todo]]:
    sections: dict[str, list[Todo]] = {}
    for provider in _PROVIDERS:
        for todo in provider(user) or ():
            sections.setdefault(todo.section, []).append(todo)
    return sections
