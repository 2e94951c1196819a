"""Reads of attachments. The owner's scope decides: an attachment is visible iff its owner is."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from shanglian.attachments.models import Attachment
from shanglian.attachments.uses import find_use
from shanglian.core.access import AccessDenied
from shanglian.core.roles import has_capability


def attachment_for_user(user: Any, pk: int) -> Attachment:
    """The attachment if `user` may see its owner: outside the owner's scope 404, missing right 403.

    Scope is checked before the capability, so nobody learns from a 403 that another tenant's id exists.
    """
    attachment = Attachment.objects.select_related("content_type").filter(pk=pk).first()
    use = find_use(attachment.use) if attachment is not None else None
    model = attachment.content_type.model_class() if attachment is not None else None
    if attachment is None or use is None or model is None:
        raise Http404("文件不存在")
    # The owner model's own scoped queryset: the same rule as the owner's pages.
    manager = model.objects  # type: ignore[attr-defined]
    if not manager.visible_to(user).filter(pk=attachment.object_id).exists():
        raise Http404("文件不存在或不在您的数据范围内")
    if not has_capability(user, use.view_capability):
        raise AccessDenied("您的角色无权查看该文件。")
    return attachment
