"""A survey's life: 草稿 → 进行中 (published to its target group) → 已结束."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from shanglian.core.access import (
    can_write,
    enterprise_users,
    is_legal_representative_of,
    legal_representatives_of,
    own_enterprise_ids,
)
from shanglian.core.errors import ServiceError
from shanglian.surveys.models import Answer, Invitation, Quota, Response, ResponseStatus, Survey, SurveyStatus
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


def _open(step: Step) -> None:
    survey = step.obj.survey
    if survey.status != SurveyStatus.OPEN or survey.closes_on < timezone.localdate():
        raise ServiceError("问卷已结束，不能再作答。")


def _within_quotas(step: Step) -> None:
    """Refuse the sheet once a quota it falls under is full (the survey row is locked by the caller or
    here, so two last sheets cannot both pass)."""
    sheet: Response = step.obj
    Survey.objects.unscoped().select_for_update().filter(pk=sheet.survey_id).first()
    quotas = list(Quota.objects.unscoped().filter(survey_id=sheet.survey_id).select_related("option"))
    if not quotas:
        return
    chosen = set(
        Answer.objects.unscoped()
        .filter(response=sheet, option__isnull=False)
        .values_list("option_id", flat=True)
    )
    done = Response.objects.unscoped().filter(survey_id=sheet.survey_id, status=ResponseStatus.SUBMITTED)
    for quota in quotas:
        if quota.option_id is not None and quota.option_id not in chosen:
            continue
        matching = done if quota.option_id is None else done.filter(answers__option_id=quota.option_id)
        if matching.count() >= quota.limit:
            raise ServiceError(quota.full_message)


def _stamp_submission(step: Step) -> None:
    sheet: Response = step.obj
    sheet.submitted_at = timezone.now()
    sheet.submitted_by = step.actor


def _own(actor: Any, r: Response) -> bool:
    return r.enterprise_id in own_enterprise_ids(actor)


def _may_submit_directly(actor: Any, r: Response) -> bool:
    return _own(actor, r) and (
        not r.survey.needs_legal_approval or is_legal_representative_of(actor, r.enterprise)
    )


def _legal_representative_decides(*, name: str, label: str, doing: str, **rest: Any) -> Transition:
    """A pending sheet's decision (approve, send back): the one rights block both share — the enterprise's
    legal representative's own login, on a sheet waiting for them."""
    return Transition(
        name=name,
        label=label,
        sources=frozenset({ResponseStatus.PENDING}),
        capability="surveys.answer",
        allowed=lambda actor, r: is_legal_representative_of(actor, r.enterprise),
        denied_message=f"只有企业法定代表人本人的账号可以{doing}答卷。",
        wrong_state_message="该答卷不在待审批状态。",
        **rest,
    )


RESPONSE = register(
    Workflow(
        model=Response,
        organization=lambda r: r.survey.organization,
        link=lambda r: reverse("surveys:answer", args=[r.survey_id]),
        describe=lambda r: f"问卷“{r.survey.title}”的答卷",
        select_related=("survey__organization", "enterprise"),
        transitions=(
            Transition(
                name="submit",
                label="提交问卷",
                sources=frozenset({ResponseStatus.DRAFT}),
                target=ResponseStatus.SUBMITTED,
                capability="surveys.answer",
                # Only the invited enterprise's own users submit its answer sheet — where the survey asks
                # for it, only its legal representative (others send it for approval).
                allowed=_may_submit_directly,
                denied_message="本问卷须由企业法定代表人审批后提交。",
                wrong_state_message="贵企业已提交过本问卷，不能重复提交。",
                checks=(_open, _within_quotas),
                effects=(_stamp_submission,),
            ),
            Transition(
                name="request_approval",
                label="提交法定代表人审批",
                sources=frozenset({ResponseStatus.DRAFT}),
                target=ResponseStatus.PENDING,
                capability="surveys.answer",
                allowed=lambda actor, r: _own(actor, r) and r.survey.needs_legal_approval,
                wrong_state_message="答卷已提交或正在审批，不能重复提交。",
                checks=(_open,),
                notify=lambda step: list(legal_representatives_of(step.obj.enterprise)),
                notify_title=lambda step: f"请审批问卷答卷：{step.obj.survey.title}",
            ),
            _legal_representative_decides(
                name="approve",
                label="法定代表人审批提交",
                doing="审批",
                target=ResponseStatus.SUBMITTED,
                checks=(_open, _within_quotas),
                effects=(_stamp_submission,),
            ),
            _legal_representative_decides(
                name="send_back",
                label="退回修改",
                doing="退回",
                target=ResponseStatus.DRAFT,
                reason_required=True,
                reason_message="请填写退回理由。",
                reason_field="review_note",
                notify=lambda step: enterprise_users([step.obj.enterprise_id]),
                notify_title=lambda step: f"问卷答卷被退回修改：{step.obj.survey.title}",
            ),
        ),
    )
)
