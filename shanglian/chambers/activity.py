"""A tiny registry of chamber activity sources, used to find 僵尸商会 (dormant chambers).

Other apps register a function `fn(chamber_ids) -> {chamber_id: last_date}` (e.g. governance registers
meetings) from their AppConfig.ready(); `last_activity()` takes the latest date over all sources.
Sources read across tenants deliberately (they are given ids the caller may already see), so they use
`unscoped()` / `unscoped_objects`.

Reading every source on each home page aggregated whole tables (`MAX(joined_on) GROUP BY chamber_id` over
all memberships, issue 13), so each source also names its model and the date an object stands for
(`model=`, `when=`): saving one stamps `Organization.last_active_on` of its chamber. `stamped_activity()`
reads the stamps and asks the sources only about the chambers whose stamp is missing or old (few: the
dormant candidates), then stores what they said — so rows written without signals (bulk imports) still
count, and the answer is the same as `last_activity()`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime

from django.db.models import Max, Q
from django.db.models.functions import Coalesce
from django.db.models.signals import post_save

ActivitySource = Callable[[list[int]], dict[int, date]]

_SOURCES: dict[str, ActivitySource] = {}


def register(name: str, fn: ActivitySource | None = None, *, model=None, when=None, chamber="chamber_id"):
    """register("meetings", fn, model=Meeting, when=lambda m: m.held_on) or as a decorator.

    With `model`, saving an instance stamps its chamber's `last_active_on` with `when(instance)`."""

    def decorator(f):
        _SOURCES[name] = f
        if model is not None and when is not None:
            post_save.connect(
                _stamper(when, chamber), sender=model, weak=False, dispatch_uid=f"activity:{name}"
            )
        return f

    return decorator(fn) if fn is not None else decorator


def _stamper(when, chamber_attr):
    def receiver(sender, instance, raw=False, **kwargs):
        if not raw:
            touch(getattr(instance, chamber_attr), when(instance))

    return receiver


def touch(chamber_id: int | None, when) -> None:
    """Move the chamber's last-activity stamp forward to `when` (never back)."""
    when = _as_date(when)
    if chamber_id is None or when is None:
        return
    from shanglian.orgs.models import Organization

    Organization.objects.unscoped().filter(pk=chamber_id).filter(
        Q(last_active_on__isnull=True) | Q(last_active_on__lt=when)
    ).update(last_active_on=when)


def stamped_activity(chambers, *, recent: Callable[[date], bool]) -> dict[int, date]:
    """`last_activity()` for `chambers` (Organization rows, their stamp loaded) without reading every
    source: a stamp for which `recent(stamp)` holds is taken as it is; only chambers stamped earlier or
    never are asked of the sources (one query per source, over those few chambers), and their stamps
    refreshed."""
    from django.utils import timezone

    from shanglian.orgs.models import Organization

    today = timezone.localdate()
    latest: dict[int, date] = {}
    unsure: list[int] = []
    for c in chambers:
        stamp = c.last_active_on
        if stamp is not None and (recent(stamp) or c.activity_checked_on == today):
            latest[c.pk] = stamp
        elif stamp is None and c.activity_checked_on == today:
            continue  # checked today: no activity anywhere
        else:
            unsure.append(c.pk)
    if unsure:
        fresh = last_activity(unsure)
        for c in chambers:
            if c.pk in fresh and fresh[c.pk] != c.last_active_on:
                touch(c.pk, fresh[c.pk])
        Organization.objects.unscoped().filter(pk__in=unsure).update(activity_checked_on=today)
        latest.update(fresh)
    return latest


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
    from shanglian.chambers.models import ChamberTransition, CharterVersion, Rating
    from shanglian.registry.models import Membership

    register("transitions", transitions_source, model=ChamberTransition, when=lambda t: t.effective_on)
    register("ratings", ratings_source, model=Rating, when=lambda r: r.granted_on or r.applied_on)
    register("charters", charters_source, model=CharterVersion, when=lambda c: c.effective_on)
    register("memberships", memberships_source, model=Membership, when=lambda m: m.joined_on)
