"""Shared pieces of the chambers services: rights checks, the chamber's profile."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from shanglian.chambers.models import ChamberProfile
from shanglian.core.access import require_admin_of, require_write
from shanglian.core.errors import ServiceError
from shanglian.orgs.models import Organization, OrgKind

# ---------------------------------------------------------------- rights (core.access; names kept for the services)


def check_admin(actor, org: Organization):
    require_admin_of(actor, org, "只有本工商联的管理员可以执行此操作。")


def check_can_edit(actor, chamber: Organization):
    require_write(actor, chamber, "只能处理本商会（或本工商联管辖范围内商会）的事项。")


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
