"""Enterprises counted ahead per federation (EnterpriseTally): what 分类梳理企业 reads at a million enterprises.

Kept by signals on `Enterprise` (created, moved to another federation, deleted), so every service path is
covered. Paths that write without signals call `add(federation_id, n)` (the roster import: the streamed COPY
and the INSERT of its leftovers) or `rebuild()` (load_demo, generate_scale, the migration that made the table).
A federation without a row has no enterprises.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from django.apps import apps as django_apps
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Sum
from django.db.models.signals import post_delete, post_save, pre_save

from shanglian.metrics import caching
from shanglian.registry.models import Enterprise, EnterpriseTally


def _apply(diff: Counter[int]) -> None:
    changes = {fed: d for fed, d in diff.items() if d}
    if not changes:
        return
    for fed, d in changes.items():
        if EnterpriseTally.objects.filter(federation_id=fed).update(count=F("count") + d):
            continue
        try:
            with transaction.atomic():
                EnterpriseTally.objects.create(federation_id=fed, count=d)
        except IntegrityError:  # another transaction made the row meanwhile
            EnterpriseTally.objects.filter(federation_id=fed).update(count=F("count") + d)
    caching.changed(EnterpriseTally)


def add(federation_id: int, n: int) -> None:
    """After a bulk insert of `n` enterprises into the federation's registry."""
    _apply(Counter({federation_id: n}))


def rebuild(models: Any = None) -> int:
    """Count every federation's enterprises afresh (after a load that bypassed the signals, and in the
    migration that made the table: `models` then its historical app registry); returns the rows written."""
    get = models.get_model if models is not None else django_apps.get_model
    enterprise, tally = get("registry", "Enterprise"), get("registry", "EnterpriseTally")
    counts = enterprise._base_manager.values("federation_id").annotate(n=Count("pk")).order_by()
    with transaction.atomic():
        tally._base_manager.all().delete()
        rows = tally._base_manager.bulk_create(
            tally(federation_id=c["federation_id"], count=c["n"]) for c in counts if c["n"]
        )
    caching.changed(EnterpriseTally)
    return len(rows)


def count_in(federation_ids: Iterable[int]) -> int:
    ids = list(federation_ids)
    if not ids:
        return 0
    found = EnterpriseTally.objects.filter(federation_id__in=ids).aggregate(n=Sum("count"))["n"]
    return int(found or 0)


# Signals: every save that creates or moves an enterprise, every delete.


_ABSENT = object()


def _pre_save(sender: Any, instance: Enterprise, raw: bool = False, **kwargs: Any) -> None:
    """The federation the row has in the database before the save (None: no row yet)."""
    if raw:  # loaddata: rebuild() afterwards
        return
    before = None
    if instance.pk is not None:
        before = (
            Enterprise.unscoped_objects.filter(pk=instance.pk).values_list("federation_id", flat=True).first()
        )
    instance._tally_from = before  # type: ignore[attr-defined]


def _post_save(sender: Any, instance: Enterprise, **kwargs: Any) -> None:
    before = instance.__dict__.pop("_tally_from", _ABSENT)
    if before is _ABSENT:
        return
    if before is None:
        _apply(Counter({instance.federation_id: 1}))
    elif before != instance.federation_id:
        _apply(Counter({before: -1, instance.federation_id: 1}))


def _post_delete(sender: Any, instance: Enterprise, **kwargs: Any) -> None:
    _apply(Counter({instance.federation_id: -1}))


def connect() -> None:
    pre_save.connect(_pre_save, sender=Enterprise, dispatch_uid="enterprise_tally_pre_save")
    post_save.connect(_post_save, sender=Enterprise, dispatch_uid="enterprise_tally_post_save")
    post_delete.connect(_post_delete, sender=Enterprise, dispatch_uid="enterprise_tally_post_delete")
