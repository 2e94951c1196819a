"""制度文件: create and revise the federation's rule documents (each revision with its file)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from shanglian.attachments import services as attachments
from shanglian.attachments.uses import get_use
from shanglian.audit import services as audit
from shanglian.core.access import require_actor, require_admin_of, require_capability
from shanglian.core.errors import ServiceError
from shanglian.core.saving import save_audited
from shanglian.mechanisms.models import RULE_FILE, RuleCategory, RuleDocument, RuleVersion
from shanglian.orgs.models import Organization, OrgKind

DUPLICATE_NUMBER = "本工商联已有该文号的制度文件。"


def _check_rule_fields(*, category: str, number: str, title: str, effective_on: date | None) -> None:
    if category not in RuleCategory.values:
        raise ServiceError("请选择制度文件类别。")
    if not number.strip():
        raise ServiceError("请填写文号。")
    if not title.strip():
        raise ServiceError("请填写制度文件名称。")
    if effective_on is None:
        raise ServiceError("请填写施行日期。")


@transaction.atomic
def create_rule(
    *,
    actor: Any,
    federation: Organization,
    category: str,
    number: str,
    title: str,
    effective_on: date | None,
    summary: str = "",
    upload: Any = None,
    version_note: str = "",
) -> RuleDocument:
    """A new rule document and its first version (with its file, when given)."""
    require_actor(actor)
    require_capability(actor, "mechanisms.rules_edit")
    if federation.kind != OrgKind.FEDERATION:
        raise ServiceError("制度文件只能由工商联制定。")
    require_admin_of(actor, federation)
    _check_rule_fields(category=category, number=number, title=title, effective_on=effective_on)
    assert effective_on is not None
    checked = None if upload is None else attachments.check_upload(upload, get_use(RULE_FILE))
    rule = RuleDocument(
        federation=federation,
        category=category,
        number=number.strip(),
        title=title.strip(),
        effective_on=effective_on,
        summary=summary.strip(),
    )
    save_audited(rule, actor=actor, before=None, organization=federation, integrity_message=DUPLICATE_NUMBER)
    version = RuleVersion.objects.create(rule=rule, version=1, effective_on=effective_on, note=version_note)
    if upload is not None:
        attachments.attach(owner=version, use=RULE_FILE, upload=upload, actor=actor, checked=checked)
    return rule


@transaction.atomic
def update_rule(
    *,
    actor: Any,
    rule: RuleDocument,
    category: str,
    number: str,
    title: str,
    effective_on: date | None,
    summary: str = "",
) -> RuleDocument:
    require_actor(actor)
    require_capability(actor, "mechanisms.rules_edit")
    require_admin_of(actor, rule.federation)
    _check_rule_fields(category=category, number=number, title=title, effective_on=effective_on)
    assert effective_on is not None
    if rule.repealed_on is not None and rule.repealed_on <= effective_on:
        raise ServiceError("施行日期必须早于废止日期。")
    before = audit.snapshot(rule)
    rule.category, rule.number, rule.title = category, number.strip(), title.strip()
    rule.effective_on, rule.summary = effective_on, summary.strip()
    return save_audited(
        rule, actor=actor, before=before, organization=rule.federation, integrity_message=DUPLICATE_NUMBER
    )


@transaction.atomic
def add_rule_version(
    *, actor: Any, rule: RuleDocument, effective_on: date | None, note: str, upload: Any
) -> RuleVersion:
    """A revision (修订): the next version number, its date and file; the rule itself stays in force."""
    require_actor(actor)
    require_capability(actor, "mechanisms.rules_edit")
    require_admin_of(actor, rule.federation)
    if effective_on is None:
        raise ServiceError("请填写本版施行日期。")
    if upload is None:
        raise ServiceError("请上传修订后的制度文件。")
    if not note.strip():
        raise ServiceError("请填写修订说明。")
    rule = RuleDocument.unscoped_objects.select_for_update().get(pk=rule.pk)
    last = rule.versions.order_by("-version").first()
    if last is not None and effective_on < last.effective_on:
        raise ServiceError(f"本版施行日期不能早于上一版（{last.effective_on}）。")
    checked = attachments.check_upload(upload, get_use(RULE_FILE))
    version = RuleVersion(
        rule=rule, version=(last.version if last else 0) + 1, effective_on=effective_on, note=note.strip()
    )
    save_audited(
        version,
        actor=actor,
        before=None,
        organization=rule.federation,
        integrity_message="该版本已存在，请刷新后重试。",
    )
    attachments.attach(owner=version, use=RULE_FILE, upload=upload, actor=actor, checked=checked)
    return version


@transaction.atomic
def repeal_rule(*, actor: Any, rule: RuleDocument, repealed_on: date | None) -> RuleDocument:
    require_actor(actor)
    require_capability(actor, "mechanisms.rules_edit")
    require_admin_of(actor, rule.federation)
    if repealed_on is None:
        raise ServiceError("请填写废止日期。")
    if rule.repealed_on is not None:
        raise ServiceError("该制度文件已废止。")
    if repealed_on <= rule.effective_on:
        raise ServiceError("废止日期必须晚于施行日期。")
    before = audit.snapshot(rule)
    rule.repealed_on = repealed_on
    rule.save(update_fields=["repealed_on", "updated_at"])
    audit.record_update(
        actor=actor, obj=rule, before=before, organization=rule.federation, message=f"废止：{repealed_on}"
    )
    return rule
