"""Rectification services: the cleanup (dormant) policy and rectification cases."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from shanglian.audit import services as audit
from shanglian.chambers.models import CaseStatus, ChamberState, DormantPolicy, RectificationCase
from shanglian.chambers.services.common import check_admin, check_can_edit, local_today
from shanglian.chambers.services.lifecycle import apply_transition, check_transition, current_state
from shanglian.core.errors import ServiceError
from shanglian.core.saving import save_audited
from shanglian.orgs.models import Organization


def policy_for(federation: Organization) -> DormantPolicy:
    # Kept on the federation object: a home page asked for it three times (to-dos, dormant check).
    cached = getattr(federation, "_dormant_policy", None)
    if cached is None:
        cached = DormantPolicy.unscoped_objects.filter(federation=federation).first()
        cached = cached or DormantPolicy(federation=federation)
        federation._dormant_policy = cached
    return cached


@transaction.atomic
def update_policy(*, actor, federation: Organization, dormant_months: int, deadline_warning_days: int):
    check_admin(actor, federation)
    if not 1 <= int(dormant_months) <= 120:
        raise ServiceError("无活动月数应在 1 到 120 之间。")
    if not 0 <= int(deadline_warning_days) <= 365:
        raise ServiceError("提前提醒天数应在 0 到 365 之间。")
    policy = DormantPolicy.unscoped_objects.filter(federation=federation).first()
    before = None if policy is None else audit.snapshot(policy)
    policy = policy or DormantPolicy(federation=federation)
    policy.dormant_months, policy.deadline_warning_days = dormant_months, deadline_warning_days
    saved = save_audited(
        policy, actor=actor, before=before, organization=federation, integrity_message="休眠规则保存失败。"
    )
    federation._dormant_policy = policy
    return saved


@transaction.atomic
def update_case(
    *,
    actor,
    case: RectificationCase,
    defects: str,
    measures: str,
    deadline: date,
    responsible_person: str,
) -> RectificationCase:
    check_can_edit(actor, case.chamber)
    if case.status != CaseStatus.OPEN:
        raise ServiceError("个案已验收，不能再修改。")
    if not (defects or "").strip():
        raise ServiceError("请填写存在的问题。")
    if deadline is None:
        raise ServiceError("请填写整改期限。")
    if deadline < case.opened_on:
        raise ServiceError(f"整改期限不能早于启动日期（{case.opened_on}）。")
    before = audit.snapshot(case)
    case.defects = defects.strip()
    case.measures = (measures or "").strip()
    case.deadline = deadline
    case.responsible_person = (responsible_person or "").strip()
    case.save()
    audit.record_update(actor=actor, obj=case, before=before, organization=case.chamber)
    return case


@transaction.atomic
def close_case(*, actor, case: RectificationCase, result: str, closed_on: date) -> RectificationCase:
    """验收：the case closes with its result and the chamber returns to 规范运行."""
    case = RectificationCase.unscoped_objects.select_for_update().get(pk=case.pk)
    check_admin(actor, case.chamber)
    if case.status != CaseStatus.OPEN:
        raise ServiceError("个案已验收。")
    if not (result or "").strip():
        raise ServiceError("请填写整改结果。")
    if not case.measures.strip():
        raise ServiceError("请先填写整改措施，再验收。")
    if closed_on is None:
        raise ServiceError("请填写验收日期。")
    if closed_on < case.opened_on:
        raise ServiceError(f"验收日期不能早于启动日期（{case.opened_on}）。")
    if closed_on > local_today():
        raise ServiceError("验收日期不能晚于今天。")
    case.status, case.result, case.closed_on = CaseStatus.CLOSED, result.strip(), closed_on
    case.save()
    audit.record_transition(
        actor=actor,
        obj=case,
        field="status",
        before=CaseStatus.OPEN,
        after=CaseStatus.CLOSED,
        organization=case.chamber,
        message=f"验收：{case.result}"[:500],
    )
    if (
        current_state(case.chamber) == ChamberState.RECTIFYING
        and not case.chamber.rectification_cases.filter(status=CaseStatus.OPEN).exclude(pk=case.pk).exists()
    ):
        from_state = check_transition(
            case.chamber, ChamberState.NORMAL, reason=case.result, effective_on=closed_on
        )
        apply_transition(
            actor=actor,
            chamber=case.chamber,
            from_state=from_state,
            to_state=ChamberState.NORMAL,
            reason=f"整顿验收通过：{case.result}",
            effective_on=closed_on,
            cause=case.cause,
            message="",
        )
    return case
