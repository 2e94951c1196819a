"""Shared checks of the guidance services: who may write for an organisation, whose gifts an actor records."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from shanglian.core.access import AccessDenied, is_system, require_actor, require_capability, require_write
from shanglian.core.errors import ServiceError
from shanglian.orgs.models import Organization

MAX_AMOUNT = Decimal("99999999999999.99")


def check_org_writer(actor: Any, organization: Organization) -> None:
    """Staff with the edit right over the organisation (its admins, a chamber's own secretary)."""
    require_actor(actor)
    if is_system(actor):
        return
    require_capability(actor, "guidance.edit", "您的角色不能登记引导平台数据。")
    require_write(actor, organization, "只能为本会（或本工商联管辖范围内）的组织登记。")


def check_amount(value: Decimal | None, label: str, *, allow_zero: bool = False) -> Decimal:
    if value is None:
        return Decimal("0.00")
    if not isinstance(value, Decimal):
        raise ServiceError(f"{label}应为数字。")
    if not value.is_finite() or value.as_tuple().exponent < -2:  # type: ignore[operator]
        raise ServiceError(f"{label}最多保留两位小数。")
    if value < 0 or (value == 0 and not allow_zero):
        raise ServiceError(f"{label}必须大于零。")
    if value > MAX_AMOUNT:
        raise ServiceError(f"{label}过大。")
    return value.quantize(Decimal("0.01"))


__all__ = ["AccessDenied", "check_amount", "check_org_writer"]
