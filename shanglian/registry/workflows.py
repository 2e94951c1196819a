"""Workflows of the registry: the decision on a membership application (入会申请审核)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from shanglian.audit import services as audit
from shanglian.core.access import can_write, holders_of
from shanglian.core.errors import ServiceError
from shanglian.registry.models import ApplicationStatus, Membership, MembershipApplication, Position
from shanglian.workflow.decisions import decision_workflow
from shanglian.workflow.kit import Step, register

# 入会申请 is decided within ten working days of its submission.
DECISION_WORKING_DAYS = 10


def may_decide(actor: Any, application: MembershipApplication) -> bool:
    """The chamber's own secretariat, or an admin of its federation."""
    return can_write(actor, application.chamber)


def _check_position(step: Step) -> None:
    if step.params.get("position", Position.MEMBER) not in Position.values:
        raise ServiceError("职务无效。")


def _admit(step: Step) -> None:
    """Approval makes the enterprise a member (its own audit row, beside the application's)."""
    application = step.obj
    if Membership.unscoped_objects.filter(
        enterprise=application.enterprise, chamber=application.chamber, left_on__isnull=True
    ).exists():
        raise ServiceError("该企业已是本商会会员。")
    membership = Membership.unscoped_objects.create(
        enterprise=application.enterprise,
        chamber=application.chamber,
        position=step.params.get("position", Position.MEMBER),
        joined_on=timezone.localdate(),
    )
    application.membership = membership
    audit.record_create(
        actor=step.actor, obj=membership, organization=application.chamber, message="入会申请通过"
    )


def _describe(application: MembershipApplication) -> str:
    return f"入会申请：{application.enterprise.name} 申请加入 {application.chamber.name}"


APPLICATION = register(
    decision_workflow(
        MembershipApplication,
        pending=ApplicationStatus.SUBMITTED,
        approved=ApplicationStatus.APPROVED,
        rejected=ApplicationStatus.REJECTED,
        capability="membership.decide",
        allowed=may_decide,
        denied_message="只有该商会的秘书处或本工商联的管理员可以审核入会申请。",
        approve_label="审核通过",
        reject_label="驳回",
        reject_reason_message="驳回申请时请填写理由。",
        wrong_state_message="该申请已处理，不能重复审核。",
        approve_checks=(_check_position,),
        approve_effects=(_admit,),
        decision_working_days=DECISION_WORKING_DAYS,
        organization=lambda application: application.chamber,
        link=lambda application: reverse(
            "registry:application_detail", kwargs={"membershipapplication_id": application.pk}
        ),
        describe=_describe,
        responsible=lambda application: holders_of("membership.decide", application.chamber),
        select_related=("enterprise", "chamber"),
    )
)
