"""The category tree: defaults per federation, and the desk's edits."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from shanglian.appeals.models import AppealCategory
from shanglian.audit.services import snapshot
from shanglian.core.access import require_actor, require_admin_of
from shanglian.core.errors import ServiceError
from shanglian.core.saving import save_audited
from shanglian.orgs.models import Organization

# (name, 权益维护) — the defaults every federation starts with; each is editable afterwards.
DEFAULTS: tuple[tuple[str, bool], ...] = (
    ("融资", False),
    ("用工", False),
    ("税费", False),
    ("政策咨询", False),
    ("市场准入", False),
    ("法律/权益保护", True),
    ("基础设施", False),
    ("其他", False),
)


@transaction.atomic
def ensure_default_categories(*, actor: Any, federation: Organization) -> list[AppealCategory]:
    """The federation's top-level categories, created with the defaults the first time (idempotent)."""
    require_actor(actor)
    existing = list(AppealCategory.objects.unscoped().filter(federation=federation, parent=None))
    if existing:
        return existing
    require_admin_of(actor, federation)
    made = []
    for order, (name, rights) in enumerate(DEFAULTS, start=1):
        made.append(
            save_audited(
                AppealCategory(federation=federation, name=name, rights_protection=rights, order=order),
                actor=actor,
                before=None,
                organization=federation,
                integrity_message="类别已存在。",
            )
        )
    return made


@transaction.atomic
def save_category(
    *,
    actor: Any,
    federation: Organization,
    category: AppealCategory | None = None,
    name: str,
    parent: AppealCategory | None = None,
    default_unit: Organization | None = None,
    contact_days: int = 3,
    finish_days: int = 5,
    max_extension_days: int = 10,
    rights_protection: bool = False,
    order: int = 0,
) -> AppealCategory:
    require_actor(actor)
    require_admin_of(actor, federation)
    name = (name or "").strip()
    if not name:
        raise ServiceError("请填写类别名称。")
    if not 1 <= contact_days <= 30 or not 1 <= finish_days <= 60 or not 0 <= max_extension_days <= 30:
        raise ServiceError("时限须为：联系 1–30、办理 1–60、延期 0–30 个工作日。")
    if parent is not None and parent.federation_id != federation.pk:
        raise ServiceError("上级类别须属于本工商联。")
    if default_unit is not None and not default_unit.path.startswith(federation.path):
        raise ServiceError("默认承办单位须为本工商联下属单位。")
    before = None if category is None else snapshot(category)
    obj = category or AppealCategory(federation=federation)
    obj.name, obj.parent, obj.default_unit = name, parent, default_unit
    obj.contact_days, obj.finish_days, obj.max_extension_days = contact_days, finish_days, max_extension_days
    obj.rights_protection, obj.order = rights_protection, order
    saved: AppealCategory = save_audited(
        obj, actor=actor, before=before, organization=federation, integrity_message="同级已有同名类别。"
    )
    return saved
