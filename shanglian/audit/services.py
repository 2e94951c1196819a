"""Writing the audit log. Services call `record()` once per state change; nothing else writes here."""

from __future__ import annotations

import datetime
import decimal
import uuid

from django.db import models

from shanglian.audit.models import AuditAction, AuditEntry
from shanglian.core.middleware import current_ip

__all__ = [
    "AuditAction",
    "record",
    "record_create",
    "record_update",
    "record_delete",
    "record_transition",
    "snapshot",
    "diff",
]


def _plain(value):
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return str(value)


# Secrets never enter the log, not even hashed.
SECRET_FIELDS = {"password", "token_hash", "id_number_encrypted", "id_number_hash"}


def snapshot(obj: models.Model) -> dict:
    """Concrete field values of an object, as plain JSON, for field-level before/after."""
    data = {}
    for field in obj._meta.concrete_fields:
        if field.name in SECRET_FIELDS:
            continue
        data[field.attname] = _plain(getattr(obj, field.attname))
    return data


def diff(before: dict, after: dict) -> dict:
    keys = set(before) | set(after)
    return {k: [before.get(k), after.get(k)] for k in sorted(keys) if before.get(k) != after.get(k)}


def record(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    organization=None,
    changes: dict | None = None,
    message: str = "",
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
) -> AuditEntry:
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:200]
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEntry.unscoped_objects.create(
        actor=actor_obj,
        actor_name=(actor_obj.get_username() if actor_obj else (str(actor) if actor else "系统"))[:150],
        ip=current_ip(),
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr[:200],
        changes=_plain(changes or {}),
        message=message[:500],
        organization=organization,
    )


def record_create(*, actor, obj, organization=None, message=""):
    return record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=obj,
        organization=organization,
        changes={k: [None, v] for k, v in snapshot(obj).items()},
        message=message,
    )


def record_update(*, actor, obj, before: dict, organization=None, message=""):
    """Records only when something changed; returns None otherwise."""
    changes = diff(before, snapshot(obj))
    if not changes:
        return None
    return record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=obj,
        organization=organization,
        changes=changes,
        message=message,
    )


def record_delete(*, actor, obj, organization=None, message=""):
    return record(
        actor=actor,
        action=AuditAction.DELETE,
        obj=obj,
        organization=organization,
        changes={k: [v, None] for k, v in snapshot(obj).items()},
        message=message,
    )


def record_transition(*, actor, obj, field: str, before, after, organization=None, message=""):
    return record(
        actor=actor,
        action=AuditAction.TRANSITION,
        obj=obj,
        organization=organization,
        changes={field: [_plain(before), _plain(after)]},
        message=message,
    )
