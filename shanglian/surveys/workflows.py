"""A survey's life: 草稿 → 进行中 (published to its target group) → 已结束."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from shanglian.core.access import can_write, enterprise_users, own_enterprise_ids
from shanglian.core.errors import ServiceError
from shanglian.surveys.models import Invitation, Response, ResponseStatus, Survey, SurveyStatus
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
    return enterprise_users(Invitation.objects.unscoped().filter(survey=step.obj).values("enterprise_id"))


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


def _stamp_submission(step: Step) -> None:
    sheet: Response = step.obj
    sheet.submitted_at = timezone.now()
    sheet.submitted_by = step.actor


RESPONSE = register(
    Workflow(
        model=Response,
        organization=lambda r: r.survey.organization,
        link=lambda r: reverse("surveys:answer", args=[r.survey_id]),
        describe=lambda r: f"问卷“{r.survey.title}”的答卷",
        select_related=("survey__organization",),
        transitions=(
            Transition(
                name="submit",
                label="提交问卷",
                sources=frozenset({ResponseStatus.DRAFT}),
                target=ResponseStatus.SUBMITTED,
                capability="surveys.answer",
                # Only the invited enterprise's own users submit its answer sheet.
                allowed=lambda actor, r: r.enterprise_id in own_enterprise_ids(actor),
                wrong_state_message="贵企业已提交过本问卷，不能重复提交。",
                effects=(_stamp_submission,),
            ),
        ),
    )
)
