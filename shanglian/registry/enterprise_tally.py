"""Enterprises counted ahead per federation (EnterpriseTally): what 分类梳理企业 (every enterprise of the
registry) and 党建红盟企业 (those tagged red_alliance) read at a million enterprises.

Kept by signals on `Enterprise` (created, moved to another federation, deleted) and on its tags, so every
service path is covered: the enterprises' share (per federation, all and per tracked tag) is computed before
the write and after it, and the difference applied. Paths that write without signals: the roster import
(`Change` around its bulk writes, `add` for the rows it creates in bulk) and load_demo, generate_scale and the
migration that made the table (`rebuild()`). A federation without a row has none.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterable
from typing import Any

from django.apps import apps as django_apps
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Sum
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from shanglian.metrics import caching
from shanglian.registry.models import Enterprise, EnterpriseTally

# Tags whose enterprises are counted ahead (registry.metrics.RED_ALLIANCE); "" is every enterprise.
TRACKED_TAGS = ("red_alliance",)

Key = tuple[int, str]  # (federation id, tag)


def _shares(enterprise_ids: Iterable[int], *, exclude: Iterable[int] = ()) -> Counter[Key]:
    """What the enterprises count for now, per federation and tag (leaving out `exclude`, being deleted)."""
    ids = set(enterprise_ids) - set(exclude)
    if not ids:
        return Counter()
    found: Counter[Key] = Counter()
    rows = Enterprise.unscoped_objects.filter(pk__in=ids).values("federation_id").annotate(n=Count("pk"))
    for r in rows.order_by():
        found[(r["federation_id"], "")] += r["n"]
    tagged = (
        Enterprise.tags.through.objects.filter(enterprise_id__in=ids, tag__code__in=TRACKED_TAGS)
        .values("enterprise__federation_id", "tag__code")
        .annotate(n=Count("enterprise_id", distinct=True))
    )
    for r in tagged.order_by():
        found[(r["enterprise__federation_id"], r["tag__code"])] += r["n"]
    return found


def _apply(diff: Counter[Key]) -> None:
    changes = {k: d for k, d in diff.items() if d}
    if not changes:
        return
    for (fed, tag), d in changes.items():
        if EnterpriseTally.objects.filter(federation_id=fed, tag=tag).update(count=F("count") + d):
            continue
        try:
            with transaction.atomic():
                EnterpriseTally.objects.create(federation_id=fed, tag=tag, count=d)
        except IntegrityError:  # another transaction made the row meanwhile
            EnterpriseTally.objects.filter(federation_id=fed, tag=tag).update(count=F("count") + d)
    caching.changed(EnterpriseTally)


class Change:
    """Around a write touching some enterprises (their federation, their tags): their share before, then
    after. Ids may be added before `done()` (rows created meanwhile count from nothing)."""

    def __init__(self, enterprise_ids: Iterable[int | None]) -> None:
        self.ids = {i for i in enterprise_ids if i is not None}
        self.before = _shares(self.ids)

    def done(self, *, exclude: Iterable[int] = ()) -> None:
        after = _shares(self.ids, exclude=exclude)
        _apply(Counter({k: after.get(k, 0) - self.before.get(k, 0) for k in set(self.before) | set(after)}))


def add(federation_id: int, n: int) -> None:
    """After a bulk insert of `n` untagged enterprises into the federation's registry."""
    _apply(Counter({(federation_id, ""): n}))


def rebuild(models: Any = None) -> int:
    """Count every federation's enterprises afresh (after a load that bypassed the signals, and in the
    migration that made the table: `models` then its historical app registry); returns the rows written."""
    get = models.get_model if models is not None else django_apps.get_model
    enterprise, tally = get("registry", "Enterprise"), get("registry", "EnterpriseTally")
    through = enterprise.tags.through
    counts: Counter[Key] = Counter()
    for r in enterprise._base_manager.values("federation_id").annotate(n=Count("pk")).order_by():
        counts[(r["federation_id"], "")] = r["n"]
    tagged = (
        through._base_manager.filter(tag__code__in=TRACKED_TAGS)
        .values("enterprise__federation_id", "tag__code")
        .annotate(n=Count("enterprise_id", distinct=True))
        .order_by()
    )
    for r in tagged:
        counts[(r["enterprise__federation_id"], r["tag__code"])] = r["n"]
    with transaction.atomic():
        tally._base_manager.all().delete()
        rows = tally._base_manager.bulk_create(
            tally(federation_id=fed, tag=tag, count=n) for (fed, tag), n in counts.items() if n
        )
    caching.changed(EnterpriseTally)
    return len(rows)


def count_in(federation_ids: Iterable[int], tag: str = "") -> int:
    ids = list(federation_ids)
    if not ids:
        return 0
    found = EnterpriseTally.objects.filter(federation_id__in=ids, tag=tag).aggregate(n=Sum("count"))["n"]
    return int(found or 0)


# Signals: every save that creates or moves an enterprise, every delete, every change of its tags.

_local = threading.local()


def _deleting() -> set[int]:
    """Enterprises whose delete has begun in this thread (a queryset delete sends every pre_delete first)."""
    found: set[int] | None = getattr(_local, "deleting", None)
    if found is None:
        found = _local.deleting = set()
    return found


def _pre_save(sender: Any, instance: Enterprise, raw: bool = False, **kwargs: Any) -> None:
    if raw:  # loaddata: rebuild() afterwards
        return
    instance._enterprise_tally = Change([instance.pk])  # type: ignore[attr-defined]


def _post_save(sender: Any, instance: Enterprise, **kwargs: Any) -> None:
    change = instance.__dict__.pop("_enterprise_tally", None)
    if change is not None:
        change.ids.add(instance.pk)
        change.done()


def _pre_delete(sender: Any, instance: Enterprise, **kwargs: Any) -> None:
    """Applied at once, as if the row and its tags were gone (they go with it, without m2m signals)."""
    Change([instance.pk]).done(exclude={instance.pk})
    _deleting().add(instance.pk)


def _post_delete(sender: Any, instance: Enterprise, **kwargs: Any) -> None:
    _deleting().discard(instance.pk)


def _tags_changed(
    sender: Any, instance: Any, action: str, reverse: bool, pk_set: set[int] | None, **kwargs: Any
) -> None:
    if reverse:  # tag.enterprises.add(...): instance is the tag
        if getattr(instance, "code", "") not in TRACKED_TAGS:
            return
        ids = set(pk_set or ()) if action not in ("pre_clear", "post_clear") else None
    else:
        if instance.pk in _deleting():
            return
        ids = {instance.pk}
    key = "_enterprise_tally_tags"
    if action.startswith("pre_"):
        if ids is None:  # tag.enterprises.clear(): every enterprise carrying it
            ids = set(instance.enterprises.values_list("pk", flat=True))
        setattr(instance, key, Change(ids))
    elif action.startswith("post_"):
        change = instance.__dict__.pop(key, None)
        if change is not None:
            change.done()


def connect() -> None:
    pre_save.connect(_pre_save, sender=Enterprise, dispatch_uid="enterprise_tally_pre_save")
    post_save.connect(_post_save, sender=Enterprise, dispatch_uid="enterprise_tally_post_save")
    pre_delete.connect(_pre_delete, sender=Enterprise, dispatch_uid="enterprise_tally_pre_delete")
    post_delete.connect(_post_delete, sender=Enterprise, dispatch_uid="enterprise_tally_post_delete")
    m2m_changed.connect(_tags_changed, sender=Enterprise.tags.through, dispatch_uid="enterprise_tally_tags")
