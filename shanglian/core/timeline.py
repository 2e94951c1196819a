"""一企一档: the enterprise's timeline — everything the platform knows about one enterprise.

Each app that records something about an enterprise (visits, survey answers, appeals, deals, events,
donations …) registers a provider in its own `timeline.py` (found at start-up, as menus and to-dos are):
`@register def entries(enterprise, user) -> Iterable[Entry]`. A provider reads through the user's scope
(`Model.objects.visible_to(user)`), so a secretary sees only what its chamber may, and costs one query.

The page has a budget of 10 queries, so a provider may instead register with `register_rows`: it returns
its scoped queryset annotated with the common columns (ROW_COLUMNS) and a function turning one row into an
Entry; all such providers are read together in one UNION query.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import IntegerField, QuerySet, Value


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


# The columns a row provider annotates: the object's id, the day, the title, an amount (元, may be null),
# a note and a state (raw values; the provider's to_entry turns them into words).
ROW_COLUMNS = ("tl_pk", "tl_day", "tl_title", "tl_amount", "tl_note", "tl_state")
Row = tuple[Any, ...]  # the ROW_COLUMNS values, in that order
RowProvider = Callable[[Any, Any], "QuerySet[Any] | None"]

_ROW_PROVIDERS: list[tuple[RowProvider, Callable[[Row], Entry]]] = []


def register_rows(to_entry: Callable[[Row], Entry]) -> Callable[[RowProvider], RowProvider]:
    """Decorator: provider(enterprise, user) -> a scoped queryset annotated with ROW_COLUMNS, or None."""

    def wrap(provider: RowProvider) -> RowProvider:
        if all(p is not provider for p, _ in _ROW_PROVIDERS):
            _ROW_PROVIDERS.append((provider, to_entry))
        return provider

    return wrap


def _row_entries(enterprise: Any, user: Any, limit: int) -> list[Entry]:
    parts = []
    for index, (provider, _) in enumerate(_ROW_PROVIDERS):
        qs = provider(enterprise, user)
        if qs is not None:
            tagged = qs.annotate(tl_src=Value(index, output_field=IntegerField()))
            # No ordering inside an arm: SQLite refuses it in a compound statement; the union is ordered.
            parts.append(tagged.order_by().values_list("tl_src", *ROW_COLUMNS))
    if not parts:
        return []
    combined = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    rows = combined.order_by("-tl_day", "-tl_pk")[:limit]
    return [_ROW_PROVIDERS[row[0]][1](tuple(row[1:])) for row in rows]


def entries_for(enterprise: Any, user: Any, *, limit: int = 100) -> list[Entry]:
    """The newest `limit` entries of every provider, newest first."""
    found: list[Entry] = []
    for provider in _PROVIDERS:
        found.extend(provider(enterprise, user))
    found.extend(_row_entries(enterprise, user, limit))
    found.sort(key=lambda e: e.day, reverse=True)
    return found[:limit]
