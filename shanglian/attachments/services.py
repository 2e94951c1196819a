"""Writes of attachments: `attach` a validated upload to an owner's slot, `remove` one. Both audited.

Callers validate their own fields first and attach last, so a refused upload leaves neither a row nor
a file; a removed file is deleted from storage only once the transaction has committed.
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from shanglian.attachments.models import Attachment
from shanglian.attachments.uses import get_use
from shanglian.attachments.validation import CheckedUpload, check_upload
from shanglian.audit import services as audit
from shanglian.core.access import require_actor, require_write

__all__ = ["attach", "check_upload", "remove", "remove_all"]


def _delete_file_on_commit(attachment: Attachment) -> None:
    storage, name = attachment.file.storage, attachment.file.name
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


@transaction.atomic
def attach(
    *, owner: Any, use: str, upload: Any, actor: Any, checked: CheckedUpload | None = None
) -> Attachment:
    """Store `upload` as `owner`'s file for `use` (replacing the previous one if the use holds one file).

    `checked`: the result of `check_upload` when the caller validated before its own writes.
    """
    require_actor(actor)
    spec = get_use(use)
    require_write(actor, owner, f"您无权为该对象上传{spec.label}。")
    checked = checked or check_upload(upload, spec)
    organization = spec.organization_of(owner)
    content_type = ContentType.objects.get_for_model(owner)
    if spec.single:
        for old in Attachment.objects.filter(content_type=content_type, object_id=owner.pk, use=use):
            _remove(old, actor=actor, organization=organization, message=f"替换{spec.label}")
    attachment = Attachment(
        content_type=content_type,
        object_id=owner.pk,
        use=use,
        original_name=checked.name,
        size=checked.size,
        kind=checked.kind,
        mime=checked.mime,
        sha256=checked.sha256,
        uploaded_by=_user(actor),
    )
    upload.seek(0)
    attachment.file.save(checked.name, upload, save=False)
    try:
        attachment.save()
    except Exception:
        attachment.file.delete(save=False)
        raise
    audit.record_create(
        actor=actor, obj=attachment, organization=organization, message=f"上传{spec.label}：{checked.name}"
    )
    return attachment


def _remove(attachment: Attachment, *, actor: Any, organization: Any, message: str) -> None:
    audit.record_delete(actor=actor, obj=attachment, organization=organization, message=message)
    _delete_file_on_commit(attachment)
    attachment.delete()


@transaction.atomic
def remove(*, attachment: Attachment, actor: Any) -> None:
    require_actor(actor)
    spec = get_use(attachment.use)
    owner = attachment.owner
    require_write(actor, owner, f"您无权删除该{spec.label}。")
    _remove(attachment, actor=actor, organization=spec.organization_of(owner), message=f"删除{spec.label}")


@transaction.atomic
def remove_all(*, owner: Any, actor: Any) -> None:
    """Before an owner is deleted: its files go too (rows audited, files deleted on commit)."""
    require_actor(actor)
    content_type = ContentType.objects.get_for_model(owner)
    for attachment in Attachment.objects.filter(content_type=content_type, object_id=owner.pk):
        spec = get_use(attachment.use)
        _remove(
            attachment, actor=actor, organization=spec.organization_of(owner), message=f"删除{spec.label}"
        )
