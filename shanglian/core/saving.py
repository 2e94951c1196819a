"""The save step every create/update service ends with (see docs/DEVELOPING.md, "Writes").

    before = None if obj is None else audit.snapshot(obj)
    obj = obj or Model()
    ... set fields ...
    save_audited(obj, actor=actor, before=before, organization=chamber, integrity_message="中文原因")

`save_or_refuse` turns a database constraint violation into `ServiceError(integrity_message)` (inside a
savepoint, so the caller's transaction stays usable); `save_audited` then writes `record_create` when
`before` is None, otherwise `record_update` with the field-level difference.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import IntegrityError, transaction
from django.db.models import Model

from shanglian.audit import services as audit
from shanglian.core.errors import ServiceError

M = TypeVar("M", bound=Model)


def save_or_refuse(obj: M, *, integrity_message: str) -> M:
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError as exc:
        raise ServiceError(integrity_message) from exc
    return obj


def save_audited(
    obj: M, *, actor: Any, before: dict[str, Any] | None, organization: Any, integrity_message: str
) -> M:
    save_or_refuse(obj, integrity_message=integrity_message)
    if before is None:
        audit.record_create(actor=actor, obj=obj, organization=organization)
    else:
        audit.record_update(actor=actor, obj=obj, before=before, organization=organization)
    return obj


def delete_audited(obj: Model, *, actor: Any, organization: Any, message: str = "") -> None:
    """`record_delete` (the snapshot is taken while the row still exists), then delete it."""
    audit.record_delete(actor=actor, obj=obj, organization=organization, message=message)
    obj.delete()
