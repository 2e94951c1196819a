"""Member counts kept on write (MemberTally): what the cockpit's member figures read at a million members.

An enterprise adds, to every group of chambers it is a member of — each chamber, its federation's
chambers, its federation's chambers of that kind — +1 on the day its membership of the group begins and
−1 on the day it ends (spells in several chambers of a group merged first, so it counts once, as the
figures' distinct enterprises do). The same again under each tracked tag it carries. Members of a group on
day D = the sum of the deltas up to D, which is `member_ids_on(scope, D).count()` whenever the scope's
chambers are exactly one such group (`count_on` checks, and answers None otherwise: the caller counts the
memberships).

Kept by signals on `Membership` (save, delete) and on the enterprises' tags, so every service path is
covered: the enterprise's share is computed before the write and after it, and the difference applied.
Paths that write without signals (`bulk_create` in the roster import, load_demo, generate_scale) call
`add_enterprises(ids)` for enterprises that had no membership before, or `rebuild()`.
"""

from __future__ import annotations

import datetime
import threading
from collections import Counter, defaultdict
from collections.abc import Iterable
from itertools import groupby
from operator import itemgetter
from typing import Any

from django.apps import apps as django_apps
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from shanglian.metrics import caching
from shanglian.orgs.models import Organization, OrgKind
from shanglian.registry.models import Enterprise, Membership, MemberTally

# Tags whose members are counted ahead (registry.metrics.HIGH_TECH); "" is every member.
TRACKED_TAGS = ("high_tech",)

Key = tuple[int, str, str, datetime.date]  # (org id, chamber kind, tag, day)
Spell = tuple[int, datetime.date, datetime.date | None]  # (chamber id, joined, left)


def _chamber_groups(org_model: Any = Organization) -> dict[int, list[tuple[int, str]]]:
    """chamber id -> its groups: (the chamber, ""), (its federation, ""), (its federation, its kind)."""
    orgs = list(
        org_model._base_manager.filter(kind__in=(OrgKind.FEDERATION, OrgKind.CHAMBER)).values_list(
            "pk", "path", "kind", "chamber_kind"
        )
    )
    federations = [(path, pk) for pk, path, kind, _ in orgs if kind == OrgKind.FEDERATION]
    groups: dict[int, list[tuple[int, str]]] = {}
    for pk, path, kind, chamber_kind in orgs:
        if kind != OrgKind.CHAMBER:
            continue
        groups[pk] = [(pk, "")]
        # The nearest federation above: the longest path that prefixes the chamber's.
        fed = max(((len(p), f) for p, f in federations if path.startswith(p) and p != path), default=None)
        if fed is not None:
            groups[pk] += [(fed[1], ""), (fed[1], chamber_kind)]
    return groups


def _share(
    spells: Iterable[Spell], tags: Iterable[str], groups: dict[int, list[tuple[int, str]]]
) -> Counter[Key]:
    """One enterprise's deltas: per group, the union of its spells in the group's chambers."""
    by_group: dict[tuple[int, str], list[tuple[datetime.date, datetime.date | None]]] = defaultdict(list)
    for chamber_id, joined, left in spells:
        for group in groups.get(chamber_id, ()):
            by_group[group].append((joined, left))
    share: Counter[Key] = Counter()
    for (org, kind), group_spells in by_group.items():
        merged: list[list[Any]] = []
        for joined, left in sorted(group_spells, key=itemgetter(0)):
            if merged and (merged[-1][1] is None or joined <= merged[-1][1]):
                if merged[-1][1] is not None and (left is None or left > merged[-1][1]):
                    merged[-1][1] = left
                continue
            merged.append([joined, left])
        for tag in ("", *tags):
            for joined, left in merged:
                share[(org, kind, tag, joined)] += 1
                if left is not None:
                    share[(org, kind, tag, left)] -= 1
    return share


def _shares(
    enterprise_ids: Iterable[int], *, exclude: set[int] | frozenset[int] = frozenset()
) -> Counter[Key]:
    """The enterprises' deltas from their memberships now (leaving out memberships `exclude`, being deleted)."""
    ids = set(enterprise_ids)
    if not ids:
        return Counter()
    groups = _chamber_groups()
    spells: dict[int, list[Spell]] = defaultdict(list)
    memberships = Membership.unscoped_objects.filter(enterprise_id__in=ids).exclude(pk__in=exclude)
    for eid, chamber_id, joined, left in memberships.values_list(
        "enterprise_id", "chamber_id", "joined_on", "left_on"
    ):
        spells[eid].append((chamber_id, joined, left))
    tags: dict[int, list[str]] = defaultdict(list)
    for eid, code in Enterprise.tags.through.objects.filter(
        enterprise_id__in=ids, tag__code__in=TRACKED_TAGS
    ).values_list("enterprise_id", "tag__code"):
        tags[eid].append(code)
    total: Counter[Key] = Counter()
    for eid in ids:
        total.update(_share(spells[eid], tags[eid], groups))
    return total


def _apply(diff: Counter[Key]) -> None:
    changes = {k: d for k, d in diff.items() if d}
    if not changes:
        return
    for (org, kind, tag, day), d in changes.items():
        lookup = {"org_id": org, "chamber_kind": kind, "tag": tag, "day": day}
        if MemberTally.objects.filter(**lookup).update(delta=F("delta") + d):
            continue
        try:
            with transaction.atomic():
                MemberTally.objects.create(**lookup, delta=d)
        except IntegrityError:  # another transaction made the row meanwhile
            MemberTally.objects.filter(**lookup).update(delta=F("delta") + d)
    caching.changed(MemberTally)


def _diff(before: Counter[Key], after: Counter[Key]) -> Counter[Key]:
    return Counter({k: after.get(k, 0) - before.get(k, 0) for k in set(before) | set(after)})


class Change:
    """Around a write touching some enterprises' memberships or tags: their share before, then after."""

    def __init__(self, enterprise_ids: Iterable[int | None]) -> None:
        self.ids = {i for i in enterprise_ids if i is not None}
        self.before = _shares(self.ids, exclude=_deleting())

    def done(self, *, also_exclude: Iterable[int] = ()) -> None:
        _apply(_diff(self.before, _shares(self.ids, exclude=_deleting() | set(also_exclude))))


def add_enterprises(enterprise_ids: Iterable[int]) -> None:
    """After a bulk write of memberships (or tags) of enterprises that had none before."""
    _apply(_shares(enterprise_ids))


def rebuild(models: Any = None) -> int:
    """Count every group afresh from the memberships (after a load that bypassed the signals, and in the
    migration that made the table: `models` then its historical app registry); returns the rows written."""
    get = models.get_model if models is not None else django_apps.get_model
    org_model, membership, tally = (
        get("orgs", "Organization"),
        get("registry", "Membership"),
        get("registry", "MemberTally"),
    )
    through = get("registry", "Enterprise").tags.through
    groups = _chamber_groups(org_model)
    tagged: dict[int, list[str]] = defaultdict(list)
    for eid, code in through._base_manager.filter(tag__code__in=TRACKED_TAGS).values_list(
        "enterprise_id", "tag__code"
    ):
        tagged[eid].append(code)
    total: Counter[Key] = Counter()
    rows = (
        membership._base_manager.order_by("enterprise_id")
        .values_list("enterprise_id", "chamber_id", "joined_on", "left_on")
        .iterator(chunk_size=20000)
    )
    for eid, spells in groupby(rows, key=itemgetter(0)):
        total.update(_share(((c, j, left) for _, c, j, left in spells), tagged.get(eid, ()), groups))
    with transaction.atomic():
        tally._base_manager.all().delete()
        tally._base_manager.bulk_create(
            (
                tally(org_id=org, chamber_kind=kind, tag=tag, day=day, delta=d)
                for (org, kind, tag, day), d in total.items()
                if d
            ),
            batch_size=5000,
        )
    caching.changed(MemberTally)
    return sum(1 for d in total.values() if d)


def count_on(
    chamber_ids: list[int], root: Organization | None, chamber_kind: str, day: datetime.date, tag: str = ""
) -> int | None:
    """Distinct member enterprises of `chamber_ids` on `day` from the summary, when those chambers are one
    group (one chamber; all of `root`'s chambers, of `chamber_kind` if given); None when they are not."""
    if not chamber_ids:
        return 0
    if len(chamber_ids) == 1:  # whatever the scope, the members of one chamber
        group = (chamber_ids[0], "")
    elif root is not None and root.kind == OrgKind.FEDERATION:
        whole = set(
            Organization.objects.unscoped()
            .filter(kind=OrgKind.CHAMBER, path__startswith=root.path)
            .filter(**({"chamber_kind": chamber_kind} if chamber_kind else {}))
            .values_list("pk", flat=True)
        )
        if whole != set(chamber_ids):
            return None
        group = (root.pk, chamber_kind)
    else:
        return None
    found = MemberTally.objects.filter(
        org_id=group[0], chamber_kind=group[1], tag=tag, day__lte=day
    ).aggregate(n=Sum("delta"))["n"]
    return int(found or 0)


# Signals: every save/delete of a membership and every change of an enterprise's tags.


_local = threading.local()


def _deleting() -> set[int]:
    """Memberships whose delete has begun in this thread (a cascade sends every pre_delete first)."""
    found: set[int] | None = getattr(_local, "deleting", None)
    if found is None:
        found = _local.deleting = set()
    return found


def _membership_pre_save(sender: Any, instance: Membership, raw: bool = False, **kwargs: Any) -> None:
    if raw:  # loaddata: rebuild() afterwards
        return
    ids = {instance.enterprise_id}
    if instance.pk is not None:
        ids.update(Membership.unscoped_objects.filter(pk=instance.pk).values_list("enterprise_id", flat=True))
    instance._member_tally = Change(ids)  # type: ignore[attr-defined]


def _membership_post_save(sender: Any, instance: Membership, **kwargs: Any) -> None:
    change = getattr(instance, "_member_tally", None)
    if change is not None:
        del instance._member_tally  # type: ignore[attr-defined]
        change.done()


def _membership_pre_delete(sender: Any, instance: Membership, **kwargs: Any) -> None:
    """Applied at once, as if the row were gone: in a cascade the next membership's share must start from
    this one's removal (all pre_delete signals come before the rows go)."""
    Change({instance.enterprise_id}).done(also_exclude={instance.pk})
    _deleting().add(instance.pk)


def _membership_post_delete(sender: Any, instance: Membership, **kwargs: Any) -> None:
    _deleting().discard(instance.pk)


def _tags_changed(
    sender: Any, instance: Any, action: str, reverse: bool, pk_set: set[int] | None, **kwargs: Any
) -> None:
    if reverse:  # tag.enterprises.add(...): instance is the tag
        if getattr(instance, "code", "") not in TRACKED_TAGS:
            return
        ids = set(pk_set or ()) if action != "pre_clear" and action != "post_clear" else None
    else:
        ids = {instance.pk}
    key = "_member_tally_tags"
    if action.startswith("pre_"):
        if ids is None:  # tag.enterprises.clear(): every enterprise carrying it
            ids = set(instance.enterprises.values_list("pk", flat=True))
        setattr(instance, key, Change(ids))
    elif action.startswith("post_"):
        change = getattr(instance, key, None)
        if change is not None:
            delattr(instance, key)
            change.done()


def _chamber_pre_save(sender: Any, instance: Organization, raw: bool = False, **kwargs: Any) -> None:
    """A chamber given another kind (or moved) changes the groups its members count in: their shares
    before (old groups, read from the database) and after."""
    if raw or instance.pk is None or instance.kind != OrgKind.CHAMBER:
        return
    old = Organization.objects.unscoped().filter(pk=instance.pk).values_list("chamber_kind", "path").first()
    if old is None or old == (instance.chamber_kind, instance.path):
        return
    members = Membership.unscoped_objects.filter(chamber_id=instance.pk).values_list(
        "enterprise_id", flat=True
    )
    instance._member_tally = Change(set(members))  # type: ignore[attr-defined]


def _chamber_post_save(sender: Any, instance: Organization, **kwargs: Any) -> None:
    change = getattr(instance, "_member_tally", None)
    if change is not None:
        del instance._member_tally  # type: ignore[attr-defined]
        change.done()


def connect() -> None:
    pre_save.connect(_chamber_pre_save, sender=Organization, dispatch_uid="member_tally_chamber_pre_save")
    post_save.connect(_chamber_post_save, sender=Organization, dispatch_uid="member_tally_chamber_post_save")
    pre_save.connect(_membership_pre_save, sender=Membership, dispatch_uid="member_tally_pre_save")
    post_save.connect(_membership_post_save, sender=Membership, dispatch_uid="member_tally_post_save")
    pre_delete.connect(_membership_pre_delete, sender=Membership, dispatch_uid="member_tally_pre_delete")
    post_delete.connect(_membership_post_delete, sender=Membership, dispatch_uid="member_tally_post_delete")
    m2m_changed.connect(_tags_changed, sender=Enterprise.tags.through, dispatch_uid="member_tally_tags")
