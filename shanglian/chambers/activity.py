"""A tiny registry of chamber activity sources, used to find 僵尸商会 (dormant chambers).

Other apps register a function `fn(chamber_ids) -> {chamber_id: last_date}` (e.g. governance registers
meetings) from their AppConfig.ready(); `last_activity()` takes the latest date over all sources.
Sources read across tenants deliberately (they are given ids the caller may already see), so they use
`unscoped()` / `unscoped_objects`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime

from django.db.models import Max
from django.db.models.functions import Coalesce

ActivitySource = Callable[[list[int]], dict[int, date]]

_SOURCES: dict[str, ActivitySource] = {}


def register(name: str, fn: ActivitySource | None = None):
    """register("meetings", fn) or @register("meetings") def fn(chamber_ids): ..."""

    def decorator(f):
        _SOURCES[name] = f
        return f

    return decorator(fn) if fn is not None else decorator


def sources() -> dict[str, ActivitySource]:
    return dict(_SOURCES)


def _as_date(value):
    return value.date() if isinstance(value, datetime) else value


def last_activity(chamber_ids: Iterable[int]) -> dict[int, date]:
    """The latest activity date of each chamber over every registered source (missing = never)."""
    ids = list(chamber_ids)
    latest: dict[int, date] = {}
    if not ids:
        return latest
    for fn in _SOURCES.values():
        for chamber_id, when in (fn(ids) or {}).items():
            when = _as_date(when)
            if when is not None and (chamber_id not in latest or when > latest[chamber_id]):
                latest[chamber_id] = when
    return latest


def _latest(model, date_field: str, chamber_ids, **filters) -> dict[int, date]:
    rows = (
        model.unscoped_objects.filter(chamber_id__in=chamber_ids, **filters)
        .values("chamber_id")
        .annotate(last=Max(date_field))
    )
    return {r["chamber_id"]: r["last"] for r in rows}


def transitions_source(chamber_ids):
    from shanglian.chambers.models import ChamberTransition

    return _latest(ChamberTransition, "effective_on", chamber_ids)


def ratings_source(chamber_ids):
    from shanglian.chambers.models import Rating

    rows = (
        Rating.unscoped_objects.filter(chamber_id__in=chamber_ids)
        .values("chamber_id")
        .annotate(last=Max(Coalesce("granted_on", "applied_on")))
    )
    return {r["chamber_id"]: r["last"] for r in rows}


def charters_source(chamber_ids):
    from shanglian.chambers.models import CharterVersion

    return _latest(CharterVersion, "effective_on", chamber_ids)


def memberships_source(chamber_ids):
    """A chamber that admits members is alive (registry is part of the foundation)."""
    from shanglian.registry.models import Membership

    return _latest(Membership, "joined_on", chamber_ids)


def register_builtin_sources():
    register("transitions", transitions_source)
    register("ratings", ratings_source)
    register("charters", charters_source)
    register("memberships", memberships_source)
