"""Workflows of the chambers app: decisions on lifecycle requests (状态变更申请) and ratings (评级申报)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from shanglian.attachments import services as attachments
from shanglian.attachments.uses import get_use
from shanglian.chambers.models import CERTIFICATE, Rating, RatingStatus, RequestStatus, TransitionRequest
from shanglian.chambers.services.lifecycle import apply_transition, check_transition
from shanglian.core.access import holders_of, is_admin_of
from shanglian.core.errors import ServiceError
from shanglian.workflow.decisions import decision_workflow
from shanglian.workflow.kit import Step, register

# A secretary's request is decided within ten working days.
REQUEST_WORKING_DAYS = 10
ADMIN_ONLY = "只有本工商联的管理员可以执行此操作。"


def _admin_of_chamber(actor: Any, obj: Any) -> bool:
    return is_admin_of(actor, obj.chamber)


# ---------------------------------------------------------------- 状态变更申请


def _apply_requested_step(step: Step) -> None:
    """Approving applies the lifecycle step (its own ChamberTransition and audit row on the chamber)."""
    req = step.obj
    from_state = check_transition(
        req.chamber, req.to_state, reason=req.reason, effective_on=req.effective_on, cause=req.cause
    )
    note = step.reason
    req.transition = step.result = apply_transition(
        actor=step.actor,
        chamber=req.chamber,
        from_state=from_state,
        to_state=req.to_state,
        reason=req.reason,
        effective_on=req.effective_on,
        cause=req.cause,
        message=f"批准申请（{req.requested_by or '—'} 提交）：{req.reason}"
        + (f"；审批意见：{note}" if note else ""),
    )


TRANSITION_REQUEST = register(
    decision_workflow(
        TransitionRequest,
        pending=RequestStatus.PENDING,
        approved=RequestStatus.APPROVED,
        rejected=RequestStatus.REJECTED,
        capability="chambers.approve",
        allowed=_admin_of_chamber,
        denied_message=ADMIN_ONLY,
        reject_reason_message="驳回时请填写审批意见。",
        wrong_state_message="该申请已处理，不能重复审批。",
        approve_effects=(_apply_requested_step,),
        decision_working_days=REQUEST_WORKING_DAYS,
        organization=lambda req: req.chamber,
        link=lambda req: reverse("chambers:chamber_detail", kwargs={"chamber_id": req.chamber_id}),
        describe=lambda req: f"{req.chamber.name} 申请{req.get_to_state_display()}",
        responsible=lambda req: holders_of("chambers.approve", req.chamber),
        select_related=("chamber",),
    )
)


# ---------------------------------------------------------------- 评级申报


def _check_grant(step: Step) -> None:
    rating, params = step.obj, step.params
    granted_on, valid_until = params.get("granted_on"), params.get("valid_until")
    if granted_on is None:
        raise ServiceError("请填写认定日期。")
    if granted_on < rating.applied_on:
        raise ServiceError("认定日期不能早于申报日期。")
    valid_from = params.get("valid_from") or granted_on
    if valid_until is None:
        raise ServiceError("请填写有效期截止日期。")
    if valid_until < valid_from:
        raise ServiceError("有效期截止日期不能早于开始日期。")
    certificate = params.get("certificate")
    # Checked before anything is written; decide_rating stores it once the decision is written.
    step.result = None if certificate is None else attachments.check_upload(certificate, get_use(CERTIFICATE))


def _grant(step: Step) -> None:
    rating, params = step.obj, step.params
    rating.granted_on = params["granted_on"]
    rating.valid_from = params.get("valid_from") or params["granted_on"]
    rating.valid_until = params["valid_until"]


RATING = register(
    decision_workflow(
        Rating,
        pending=RatingStatus.APPLIED,
        approved=RatingStatus.GRANTED,
        rejected=RatingStatus.REJECTED,
        capability="ratings.decide",
        allowed=_admin_of_chamber,
        denied_message=ADMIN_ONLY,
        approve_label="认定",
        reject_label="不予认定",
        reject_reason_message="不予认定时请填写审批意见。",
        wrong_state_message="该评级已审批。",
        approve_checks=(_check_grant,),
        approve_effects=(_grant,),
        organization=lambda rating: rating.chamber,
        link=lambda rating: reverse("chambers:rating_detail", kwargs={"rating_id": rating.pk}),
        describe=lambda rating: f"{rating.chamber.name} 申报{rating.label}",
    )
)
