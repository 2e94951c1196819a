"""线上调查 for the mini-program: an enterprise lists its surveys, reads one, saves a draft, submits."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Schema
from pydantic import Field

from shanglian.core.access import own_enterprise_ids
from shanglian.core.api_utils import require
from shanglian.core.validation import Id, text
from shanglian.surveys import services
from shanglian.surveys.models import Invitation, Response, Survey, SurveyStatus

router = Router(tags=["线上调查"])


class OptionOut(Schema):
    id: int
    label: str


class QuestionOut(Schema):
    id: int
    order: int
    section: str
    kind: str
    text: str
    required: bool
    allow_other: bool
    show_if_option: int | None
    options: list[OptionOut] = Field(description="选择题的选项；矩阵题的行")
    scale: list[str] = Field(description="矩阵题的刻度（第 1 … n 级），其他题型为空")


class SurveyOut(Schema):
    id: int
    title: str
    description: str
    closes_on: date
    status: str
    needs_legal_approval: bool
    my_status: str = Field(description="none / draft / pending（待法定代表人审批） / submitted")


class SurveyDetailOut(SurveyOut):
    questions: list[QuestionOut]


class AnswersIn(Schema):
    answers: dict[str, Any] = Field(
        description="题目 id → 答案：单选为选项 id 或 {option, other}；多选为 id 列表或 {options, other}；"
        "填空为文字；数字为数字；日期为 YYYY-MM-DD；评分为 1–5；矩阵为 {行 id: 刻度 1…n}"
    )


class ResponseOut(Schema):
    survey: int
    status: str
    submitted_at: Any = None


def _invitations(request: HttpRequest) -> Any:
    require(request, "surveys.answer")
    return (
        Invitation.objects.visible_to(request.user)
        .filter(enterprise_id__in=own_enterprise_ids(request.user))
        .exclude(survey__status=SurveyStatus.DRAFT)
        .select_related("survey")
    )


def _mine(request: HttpRequest, survey_id: int) -> Survey:
    invitation = _invitations(request).filter(survey_id=survey_id).first()
    if invitation is None:
        raise Http404("问卷不存在或贵企业不在调查范围内")
    survey: Survey = invitation.survey
    return survey


def _status(request: HttpRequest, survey: Survey) -> str:
    sheet = Response.objects.visible_to(request.user).filter(survey=survey).first()
    return sheet.status if sheet else "none"


def _out(request: HttpRequest, survey: Survey) -> dict[str, Any]:
    return {
        "id": survey.pk,
        "title": survey.title,
        "description": survey.description,
        "closes_on": survey.closes_on,
        "status": survey.status,
        "needs_legal_approval": survey.needs_legal_approval,
        "my_status": _status(request, survey),
    }


@router.get("/", response=list[SurveyOut], summary="我的问卷（企业用户）")
def list_surveys(request: HttpRequest) -> list[dict[str, Any]]:
    invitations = list(_invitations(request).order_by("-survey__closes_on", "-pk")[:100])
    sheets = {
        r.survey_id: r.status
        for r in Response.objects.visible_to(request.user).filter(
            survey_id__in=[i.survey_id for i in invitations]
        )
    }
    return [{**_out(request, i.survey), "my_status": sheets.get(i.survey_id, "none")} for i in invitations]


@router.get("/{survey_id}", response=SurveyDetailOut, summary="问卷详情与题目")
def get_survey(request: HttpRequest, survey_id: Id) -> dict[str, Any]:
    survey = _mine(request, survey_id)
    questions = [
        {
            "id": q.pk,
            "order": q.order,
            "section": q.section,
            "kind": q.kind,
            "text": q.text,
            "required": q.required,
            "allow_other": q.allow_other,
            "show_if_option": q.show_if_id,
            "options": [{"id": o.pk, "label": o.label} for o in q.options.all()],
            "scale": q.scale_labels,
        }
        for q in survey.questions.all().prefetch_related("options")
    ]
    return {**_out(request, survey), "questions": questions}


def _save(request: HttpRequest, survey_id: int, body: AnswersIn, *, submit: bool) -> dict[str, Any]:
    survey = _mine(request, survey_id)
    sheet = services.save_response(actor=request.user, survey=survey, answers=body.answers, submit=submit)
    return {"survey": survey.pk, "status": sheet.status, "submitted_at": sheet.submitted_at}


@router.put("/{survey_id}/response", response=ResponseOut, summary="保存草稿（可多次）")
def save_draft(request: HttpRequest, survey_id: Id, body: AnswersIn) -> dict[str, Any]:
    return _save(request, survey_id, body, submit=False)


@router.post("/{survey_id}/response/submit", response=ResponseOut, summary="提交问卷（仅一次）")
def submit(request: HttpRequest, survey_id: Id, body: AnswersIn) -> dict[str, Any]:
    return _save(request, survey_id, body, submit=True)


class SendBackIn(Schema):
    reason: text(500)  # type: ignore[valid-type]


def _sheet(request: HttpRequest, survey_id: int) -> Response:
    survey = _mine(request, survey_id)
    sheet: Response | None = (
        Response.objects.visible_to(request.user).filter(survey=survey).select_related("enterprise").first()
    )
    if sheet is None:
        raise Http404("贵企业尚未填写本问卷")
    sheet.survey = survey
    return sheet


def _done(sheet: Response) -> dict[str, Any]:
    return {"survey": sheet.survey_id, "status": sheet.status, "submitted_at": sheet.submitted_at}


@router.post("/{survey_id}/response/approve", response=ResponseOut, summary="法定代表人审批提交")
def approve(request: HttpRequest, survey_id: Id) -> dict[str, Any]:
    return _done(services.approve_response(actor=request.user, response=_sheet(request, survey_id)))


@router.post("/{survey_id}/response/send-back", response=ResponseOut, summary="法定代表人退回修改")
def send_back(request: HttpRequest, survey_id: Id, body: SendBackIn) -> dict[str, Any]:
    sheet = _sheet(request, survey_id)
    return _done(services.send_back_response(actor=request.user, response=sheet, reason=body.reason))
