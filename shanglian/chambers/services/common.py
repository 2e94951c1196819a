"""Shared pieces of the chambers services: rights checks, the chamber's profile, upload validation."""

from __future__ import annotations

import os
from datetime import date

from django.conf import settings
from django.utils import timezone

from shanglian.chambers.models import ChamberProfile
from shanglian.core.errors import ServiceError
from shanglian.core.scope import scope_for
from shanglian.orgs.models import Organization, OrgKind

CHARTER_TYPES = {
    ".pdf": (b"%PDF",),
    ".doc": (b"\xd0\xcf\x11\xe0",),
    ".docx": (b"PK\x03\x04",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG",),
}
CERTIFICATE_TYPES = {k: v for k, v in CHARTER_TYPES.items() if k in (".pdf", ".jpg", ".jpeg", ".png")}


# ---------------------------------------------------------------- rights


def is_admin_of(actor, org: Organization) -> bool:
    if actor is None:  # system / demo loader
        return True
    scope = scope_for(actor)
    return scope.superuser or any(org.path.startswith(p) for p in scope.admin_paths)


def check_admin(actor, org: Organization):
    if not is_admin_of(actor, org):
        raise ServiceError("只有本工商联的管理员可以执行此操作。")


def check_can_edit(actor, chamber: Organization):
    if is_admin_of(actor, chamber) or chamber.pk in scope_for(actor).chamber_ids:
        return
    raise ServiceError("只能处理本商会（或本工商联管辖范围内商会）的事项。")


def check_chamber(chamber: Organization):
    if chamber.kind != OrgKind.CHAMBER:
        raise ServiceError("所选组织不是商会。")


def local_today() -> date:
    return timezone.localdate()


def ensure_profile(chamber: Organization) -> ChamberProfile:
    """The chamber's record, created on first use (a chamber made elsewhere is taken as 规范运行)."""
    check_chamber(chamber)
    profile, _ = ChamberProfile.unscoped_objects.get_or_create(chamber=chamber)
    return profile


def validate_upload(upload, allowed: dict[str, tuple[bytes, ...]], what: str = "文件"):
    """Type by extension and by content, and size: Chinese errors; the file is left at position 0."""
    if upload is None:
        raise ServiceError(f"请选择要上传的{what}。")
    ext = os.path.splitext(upload.name or "")[1].lower()
    if ext not in allowed:
        kinds = "、".join(sorted({e.lstrip(".").upper() for e in allowed}))
        raise ServiceError(f"{what}格式不支持：仅限 {kinds}。")
    limit = settings.UPLOAD_MAX_BYTES
    if upload.size is None or upload.size == 0:
        raise ServiceError(f"{what}是空文件。")
    if upload.size > limit:
        raise ServiceError(f"{what}过大：不能超过 {limit // (1024 * 1024)} MB。")
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if not any(head.startswith(magic) for magic in allowed[ext]):
        raise ServiceError(f"{what}内容与扩展名 {ext} 不符，请上传真实的 {ext.lstrip('.').upper()} 文件。")
