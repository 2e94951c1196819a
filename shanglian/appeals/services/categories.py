"""The category tree: defaults per federation, and the desk's edits."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from shanglian.appeals.models import AppealCategory
from shanglian.audit.services import snapshot
from shanglian.core.access import require_actor, require_admin_of
from shanglian.core.errors import ServiceError
from shanglian.core.saving import delete_audited, save_audited
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
    retired: bool = False,
) -> AppealCategory:
    """Add a category, or rename / move / reorder / retire one (a retired one is no longer offered)."""
    require_actor(actor)
    require_admin_of(actor, federation)
    name = (name or "").strip()
    if not name:
        raise ServiceError("请填写类别名称。")
    if not 1 <= contact_days <= 30 or not 1 <= finish_days <= 60 or not 0 <= max_extension_days <= 30:
        raise ServiceError("时限须为：联系 1–30、办理 1–60、延期 0–30 个工作日。")
    if category is not None and category.federation_id != federation.pk:
        raise ServiceError("只能修改本工商联的类别。")
    if parent is not None:
        if parent.federation_id != federation.pk:
            raise ServiceError("上级类别须属于本工商联。")
        # Two levels (类别 → 子类): a parent is a top-level category, and not the category itself.
        if parent.parent_id is not None or (category is not None and parent.pk == category.pk):
            raise ServiceError("上级类别须为一级类别，且不能是本类别。")
        if category is not None and category.children.exists():
            raise ServiceError("该类别下还有子类，不能再挂到其他类别下。")
    if default_unit is not None and not default_unit.path.startswith(federation.path):
        raise ServiceError("默认承办单位须为本工商联下属单位。")
    # The unique constraint does not hold among top-level ones (their parent is NULL): asked here.
    siblings = AppealCategory.objects.unscoped().filter(federation=federation, parent=parent, name=name)
    if siblings.exclude(pk=category.pk if category else None).exists():
        raise ServiceError("同级已有同名类别。")
    before = None if category is None else snapshot(category)
    obj = category or AppealCategory(federation=federation)
    obj.name, obj.parent, obj.default_unit = name, parent, default_unit
    obj.contact_days, obj.finish_days, obj.max_extension_days = contact_days, finish_days, max_extension_days
    obj.rights_protection, obj.order, obj.retired = rights_protection, order, retired
    saved: AppealCategory = save_audited(
        obj, actor=actor, before=before, organization=federation, integrity_message="同级已有同名类别。"
    )
    return saved


@transaction.atomic
def delete_category(*, actor: Any, category: AppealCategory) -> None:
    """Delete a category no appeal and no sub-category uses; one in use can only be retired."""
    from shanglian.appeals.models import Appeal

    require_actor(actor)
    federation = Organization.objects.unscoped().get(pk=category.federation_id)
    require_admin_of(actor, federation)
    if Appeal.objects.unscoped().filter(category=category).exists():
        raise ServiceError("已有诉求使用该类别，不能删除，可将其停用。")
    if category.children.exists():
        raise ServiceError("该类别下还有子类，请先删除或移走子类。")
    delete_audited(category, actor=actor, organization=federation)
