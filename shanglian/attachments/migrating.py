"""Data migrations of the apps whose files became attachments: move one `FileField`'s files into rows.

Used from `RunPython` with historical models. Each stored file is copied under a random attachment
name and its row written; the old file is deleted only when the migration's transaction commits, so a
failed migration loses nothing. A row whose file is missing or empty on disk is reported and skipped.
"""

from __future__ import annotations

import hashlib
import os
import sys
import uuid
from collections.abc import Callable
from functools import partial
from typing import Any

import filetype
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone


def _detect(data: bytes, name: str) -> tuple[str, str]:
    kind = filetype.guess(data[:8192])
    if kind is not None:
        return str(kind.extension), str(kind.mime)
    ext = os.path.splitext(name)[1].lower().lstrip(".")
    return (ext[:10], "text/plain") if ext == "txt" else (ext[:10], "application/octet-stream")


def move_field_files(
    apps: Any,
    *,
    model: str,
    field: str,
    use: str,
    uploaded_by: Callable[[Any], int | None] = lambda obj: None,
    uploaded_at: Callable[[Any], Any] = lambda obj: None,
) -> int:
    """Copy every `model.field` file into an `Attachment(use=use)`; returns how many were moved."""
    app_label, model_name = model.split(".")
    Model = apps.get_model(app_label, model_name)
    Attachment = apps.get_model("attachments", "Attachment")
    ContentType = apps.get_model("contenttypes", "ContentType")
    rows = Model._default_manager.exclude(**{field: ""}).exclude(**{f"{field}__isnull": True})
    if not rows.exists():
        return 0
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model_name.lower())
    moved = 0
    for obj in rows.iterator():
        old_name = getattr(obj, field).name
        try:
            with default_storage.open(old_name, "rb") as handle:
                data = handle.read()
        except (FileNotFoundError, OSError):
            sys.stderr.write(f"  {model}#{obj.pk}: file {old_name} is missing, not moved\n")
            continue
        if not data:
            sys.stderr.write(f"  {model}#{obj.pk}: file {old_name} is empty, not moved\n")
            continue
        when = uploaded_at(obj) or timezone.now()
        new_name = default_storage.save(f"attachments/{when:%Y/%m}/{uuid.uuid4().hex}", ContentFile(data))
        kind, mime = _detect(data, old_name)
        Attachment.objects.create(
            content_type=content_type,
            object_id=obj.pk,
            use=use,
            file=new_name,
            original_name=os.path.basename(old_name)[:255],
            size=len(data),
            kind=kind,
            mime=mime,
            sha256=hashlib.sha256(data).hexdigest(),
            uploaded_by_id=uploaded_by(obj),
            uploaded_at=when,
        )
        transaction.on_commit(partial(default_storage.delete, old_name))
        moved += 1
    return moved
