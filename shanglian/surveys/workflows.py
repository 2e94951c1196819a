"""A survey's life: 草稿 → 进行中 (published to its target group) → 已结束."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from shanglian.core.access import can_write
from shanglian.core.errors import ServiceError
from shanglian.core.roles import Role
from shanglian.surveys.models import Invitation, Survey, SurveyStatus
from shanglian.workflow.kit import Step, Transition, Workflow, register


def _keeper(actor: Any, survey: Survey) -> bool:
    return can_write(actor, survey.organization)


def _ready(step: Step) -> None:
    survey: Survey = step.obj
    if not survey.questions.exists():
        raise ServiceError("问卷还没有题目，不能发布。")
    if survey.closes_on < timezone.localdate():
        raise ServiceError("截止日期已过，请先修改截止日期。")


def _invite(step: Step) -> None:
    from shanglian.surveys.services import invited_enterprises

    survey: Survey = step.obj
    targets = invited_enterprises(survey)
    if not targets:
        raise ServiceError("发送范围内没有会员企业。")
    survey.published_at = timezone.now()
    Invitation.objects.unscoped().bulk_create(
        [Invitation(survey=survey, enterprise_id=e, chamber_id=c) for e, c in targets], ignore_conflicts=True
    )


def _enterprise_users(step: Step) -> Any:
    users = get_user_model()._default_manager
    invited = Invitation.objects.unscoped().filter(survey=step.obj).values("enterprise_id")
    return users.filter(
        is_active=True,
        role_assignments__role=Role.ENTERPRISE_USER,
        role_assignments__enterprise__in=invited,
    ).distinct()


SURVEY = register(
    Workflow(
        model=Survey,
        organization=lambda s: s.organization,
        link=lambda s: reverse("surveys:answer", args=[s.pk]),
        describe=lambda s: f"线上调查“{s.title}”",
        transitions=(
            Transition(
                name="publish",
                label="发布",
                sources=frozenset({SurveyStatus.DRAFT}),
                target=SurveyStatus.OPEN,
                capability="surveys.edit",
                allowed=_keeper,
                checks=(_ready,),
                effects=(_invite,),
                notify=_enterprise_users,
                notify_title=lambda step: (
                    f"请填写问卷：{step.obj.title}（{step.obj.closes_on:%m月%d日}截止）"
                ),
            ),
            Transition(
                name="close",
                label="结束",
                sources=frozenset({SurveyStatus.OPEN}),
                target=SurveyStatus.CLOSED,
                capability="surveys.edit",
                allowed=_keeper,
            ),
        ),
    )
)
