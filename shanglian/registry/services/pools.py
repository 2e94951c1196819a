"""Classification rules, talent pool overrides, and the audit row of an export."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from shanglian.audit import services as audit
from shanglian.core.access import require_admin_of, require_capability
from shanglian.core.errors import ServiceError
from shanglian.orgs.models import Organization
from shanglian.registry.models import (
    ClassificationRule,
    OverrideAction,
    Person,
    TalentPool,
    TalentPoolOverride,
)


@transaction.atomic
def save_classification_rule(
    *, actor, federation: Organization, data: dict, key_industries
) -> ClassificationRule:
    require_capability(actor, "classification.manage")
    require_admin_of(actor, federation, "只有本工商联的管理员可以设置企业分类规则。")
    high_tax, medium_tax = data.get("high_tax_min"), data.get("medium_tax_min")
    high_emp, medium_emp = data.get("high_employees_min"), data.get("medium_employees_min")
    if None in (high_tax, medium_tax, high_emp, medium_emp):
        raise ServiceError("请填写各贡献等级的纳税额与员工数门槛。")
    if high_tax < medium_tax or high_emp < medium_emp:
        raise ServiceError("“突出贡献”的门槛不能低于“较大贡献”的门槛。")
    if min(high_tax, medium_tax) < 0:
        raise ServiceError("纳税额门槛不能为负数。")
    limit = data.get("youth_age_limit")
    if limit is None or not 18 <= limit <= 80:
        raise ServiceError("青年企业家年龄上限应在 18 至 80 周岁之间。")
    rule = ClassificationRule.unscoped_objects.filter(federation=federation).first()
    created = rule is None
    rule = rule or ClassificationRule(federation=federation)
    before = audit.snapshot(rule) if not created else {}
    old_industries = sorted(rule.key_industries.values_list("code", flat=True)) if not created else []
    for key in (
        "figure_year",
        "high_tax_min",
        "high_employees_min",
        "medium_tax_min",
        "medium_employees_min",
        "excellent_min_tier",
        "excellent_include_deputies",
        "youth_age_limit",
        "reference_date",
    ):
        if key in data:
            setattr(rule, key, data[key])
    rule.save()
    rule.key_industries.set(key_industries)
    changes = audit.diff(before, audit.snapshot(rule))
    changes.pop("updated_at", None)
    new_industries = sorted(i.code for i in key_industries)
    if new_industries != old_industries:
        changes["key_industries"] = [old_industries, new_industries]
    if changes:
        audit.record(
            actor=actor,
            action=audit.AuditAction.CREATE if created else audit.AuditAction.UPDATE,
            obj=rule,
            organization=federation,
            changes=changes,
        )
    return rule


@transaction.atomic
def set_pool_override(
    *, actor, person: Person, pool: str, action: str, reason: str
) -> TalentPoolOverride | None:
    """Manually include a person in a pool, exclude them from it, or (action "clear") undo that."""
    require_capability(actor, "talent.manage")
    require_admin_of(actor, person.federation, "只有本工商联的管理员可以调整人才库。")
    if pool not in TalentPool.values:
        raise ServiceError("人才库无效。")
    reason = (reason or "").strip()[:200]
    if not reason:
        raise ServiceError("请填写人工调整的理由。")
    existing = TalentPoolOverride.unscoped_objects.filter(person=person, pool=pool).first()
    if action == "clear":
        if existing is None:
            raise ServiceError("该企业家在此库中没有人工调整。")
        audit.record_delete(actor=actor, obj=existing, organization=person.federation, message=reason)
        existing.delete()
        return None
    if action not in OverrideAction.values:
        raise ServiceError("操作无效。")
    if existing is not None:
        before = existing.action
        existing.action, existing.reason = action, reason
        existing.created_by = actor if getattr(actor, "is_authenticated", False) else None
        existing.save()
        audit.record_transition(
            actor=actor,
            obj=existing,
            field="action",
            before=before,
            after=action,
            organization=person.federation,
            message=reason,
        )
        return existing
    try:
        with transaction.atomic():
            override = TalentPoolOverride.unscoped_objects.create(
                federation=person.federation,
                person=person,
                pool=pool,
                action=action,
                reason=reason,
                created_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
    except IntegrityError:
        raise ServiceError("该企业家在此库中已有人工调整。")
    audit.record_create(actor=actor, obj=override, organization=person.federation, message=reason)
    return override


def record_export(*, actor, what: str, count: int, organization=None, filters: dict | None = None) -> None:
    audit.record(
        actor=actor,
        action=audit.AuditAction.EXPORT,
        organization=organization,
        object_type="registry.export",
        object_repr=what,
        changes={"filters": filters or {}, "rows": count},
        message=f"导出{what} {count} 行",
    )
