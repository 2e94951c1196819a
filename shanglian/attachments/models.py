"""附件: one stored file of any owner (a charter version, a rating, a meeting …) in a declared use slot.

Not a `TenantModel`: the attachment itself carries no org; whoever may see its owner (through the owner
model's scoped queryset) may see it, which `selectors.attachment_for_user` checks on every download.
Files live under a random name, so no path can be guessed, and media is never served by URL.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone


def attachment_path(instance: Attachment, filename: str) -> str:
    # The original name is kept in the row only: the stored name says nothing and cannot be guessed.
    return f"attachments/{timezone.now():%Y/%m}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    content_type = models.ForeignKey(ContentType, verbose_name="所属对象类型", on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField("所属对象")
    owner = GenericForeignKey("content_type", "object_id")
    use = models.CharField("用途", max_length=60)
    file = models.FileField("文件", upload_to=attachment_path, max_length=255)
    original_name = models.CharField("原文件名", max_length=255)
    size = models.PositiveBigIntegerField("大小（字节）")
    kind = models.CharField("文件类型", max_length=10)  # detected from content: pdf, docx, png …
    mime = models.CharField("内容类型", max_length=100)
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="上传人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField("上传时间", default=timezone.now)

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"
        ordering = ["-uploaded_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "use"], name="attachment_owner_use")]
        constraints = [
            models.CheckConstraint(condition=Q(size__gt=0), name="attachment_not_empty"),
            models.CheckConstraint(condition=~Q(use=""), name="attachment_has_use"),
        ]

    def __str__(self) -> str:
        return self.original_name


def attachment_of(owner: Any, use: str) -> Attachment | None:
    """The newest file of `owner` in slot `use`; reads `owner.attachments` (prefetch it for lists)."""
    found = [a for a in owner.attachments.all() if a.use == use]
    return max(found, key=lambda a: (a.uploaded_at, a.pk)) if found else None
