"""Pages of the surveys app: staff build, publish and read results; enterprises answer."""

from __future__ import annotations

from datetime import date, timedelta
from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from shanglian.core import pages
from shanglian.core.access import can_write, is_legal_representative_of, own_enterprise_ids
from shanglian.core.decorators import capability_required
from shanglian.core.errors import ServiceError
from shanglian.core.flash import run_and_flash
from shanglian.core.pages import Column
from shanglian.core.roles import has_capability
from shanglian.core.scope import get_object_for_user
from shanglian.excel.listexport import xlsx_download
from shanglian.surveys import selectors, services
from shanglian.surveys.forms import (
    QuestionForm,
    QuotaForm,
    SurveyForm,
    TemplateForm,
    answer_fields,
    answers_from_post,
)
from shanglian.surveys.models import (
    Answer,
    Invitation,
    Question,
    QuestionKind,
    Quota,
    Response,
    ResponseStatus,
    Survey,
    SurveyStatus,
)

PRETITLE = "助推平台 · 线上调查"
form_page = partial(pages.form_page, pretitle=PRETITLE)
COLOUR = {SurveyStatus.DRAFT: "secondary", SurveyStatus.OPEN: "green", SurveyStatus.CLOSED: "azure"}


def _columns() -> list[Column]:
    return [
        Column("问卷", lambda s: s.title, link=lambda s: reverse("surveys:detail", args=[s.pk])),
        Column("发起单位", lambda s: s.organization.name),
        Column("状态", lambda s: (s.get_status_display(), COLOUR[s.status]), badge=True),
        Column("截止日期", lambda s: s.closes_on),
        Column("邀请企业", lambda s: s.invited or 0),
        Column("已提交", lambda s: s.submitted or 0),
    ]


@capability_required("surveys.view")
def survey_list(request: HttpRequest) -> HttpResponse:
    qs = selectors.surveys_with_counts(request.user)
    may_edit = has_capability(request.user, "surveys.edit")
    return pages.list_page(
        request,
        qs=qs,
        columns=_columns(),
        title="线上调查",
        pretitle="助推平台",
        create_url=reverse("surveys:create") if may_edit else "",
        template="surveys/list.html",
        extra={"may_edit": may_edit},
    )


@capability_required("surveys.edit")
def survey_create(request: HttpRequest) -> HttpResponse:
    form = SurveyForm(
        request.POST or None, actor=request.user, initial={"closes_on": date.today() + timedelta(days=30)}
    )
    return form_page(
        request,
        form=form,
        save=lambda d: services.create_survey(actor=request.user, **d),
        title="新建问卷",
        next_url=lambda s: reverse("surveys:detail", args=[s.pk]) if s else reverse("surveys:list"),
    )


@capability_required("surveys.edit")
def survey_from_template(request: HttpRequest) -> HttpResponse:
    form = TemplateForm(
        request.POST or None, actor=request.user, initial={"closes_on": date.today() + timedelta(days=30)}
    )
    return form_page(
        request,
        form=form,
        save=lambda d: services.create_from_template(actor=request.user, **d),
        title="从模板新建：营商环境调查",
        next_url=lambda s: reverse("surveys:detail", args=[s.pk]) if s else reverse("surveys:list"),
    )


def _survey(request: HttpRequest, survey_id: int, *, write: bool = False) -> Survey:
    survey: Survey = get_object_for_user(
        Survey,
        request.user,
        survey_id,
        capability="surveys.edit" if write else "surveys.view",
        write=write,
        queryset=Survey.objects.select_related("organization"),
    )
    return survey


@capability_required("surveys.view")
def survey_detail(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = _survey(request, survey_id)
    may_edit = has_capability(request.user, "surveys.edit") and can_write(request.user, survey.organization)
    form = QuestionForm(request.POST or None, survey=survey)
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.add_question(
                    actor=request.user,
                    survey=survey,
                    kind=d["kind"],
                    text=d["text"],
                    section=d["section"],
                    options=d["options"].splitlines(),
                    required=d["required"],
                    allow_other=d["allow_other"],
                    show_if=d["show_if"],
                    scale=d["scale"],
                )
            except ServiceError as exc:
                form.add_error(None, str(exc))
            else:
                from django.contrib import messages

                messages.success(request, "已添加题目。")
                return redirect("surveys:detail", survey.pk)
    questions = list(survey.questions.all().prefetch_related("options").select_related("show_if__question"))
    ctx = {
        "survey": survey,
        "questions": questions,
        "form": form,
        "may_edit": may_edit,
        "targets": list(survey.target_chambers.all()),
        "quotas": list(survey.quotas.all().select_related("option__question")),
        "quota_form": QuotaForm(survey=survey) if may_edit else None,
        "pretitle": PRETITLE,
    }
    return render(request, "surveys/detail.html", ctx)


@require_POST
@capability_required("surveys.edit")
def quota_add(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = _survey(request, survey_id, write=True)
    form = QuotaForm(request.POST, survey=survey)
    if not form.is_valid():
        from django.contrib import messages

        from shanglian.core.flash import form_errors_text

        messages.error(request, form_errors_text(form))
        return redirect("surveys:detail", survey.pk)
    d = form.cleaned_data
    run_and_flash(
        request,
        lambda: services.set_quota(
            actor=request.user, survey=survey, limit=d["limit"], option=d["option"], message=d["message"]
        ),
        "已设置配额。",
    )
    return redirect("surveys:detail", survey.pk)


@require_POST
@capability_required("surveys.edit")
def quota_delete(request: HttpRequest, quota_id: int) -> HttpResponse:
    quota: Quota = get_object_for_user(
        Quota,
        request.user,
        quota_id,
        capability="surveys.edit",
        write=True,
        queryset=Quota.objects.select_related("survey__organization"),
    )
    run_and_flash(request, lambda: services.remove_quota(actor=request.user, quota=quota), "已删除配额。")
    return redirect("surveys:detail", quota.survey_id)


@require_POST
@capability_required("surveys.edit")
def question_delete(request: HttpRequest, question_id: int) -> HttpResponse:
    question: Question = get_object_for_user(
        Question, request.user, question_id, capability="surveys.edit", write=True
    )
    survey_id = question.survey_id
    run_and_flash(
        request, lambda: services.remove_question(actor=request.user, question=question), "已删除题目。"
    )
    return redirect("surveys:detail", survey_id)


@require_POST
@capability_required("surveys.edit")
def survey_publish(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = _survey(request, survey_id, write=True)
    run_and_flash(
        request,
        lambda: services.publish_survey(actor=request.user, survey=survey),
        "问卷已发布，已通知企业填写。",
    )
    return redirect("surveys:detail", survey.pk)


@require_POST
@capability_required("surveys.edit")
def survey_close(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = _survey(request, survey_id, write=True)
    run_and_flash(request, lambda: services.close_survey(actor=request.user, survey=survey), "问卷已结束。")
    return redirect("surveys:detail", survey.pk)


@capability_required("surveys.view")
def survey_results(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = _survey(request, survey_id)
    results = selectors.results(survey)
    rates = selectors.rates_by_chamber(survey)
    axes = [r.question for r in results if r.question.kind in selectors.CROSSTAB_KINDS]
    charts = [
        {
            "id": f"chart-{r.question.pk}",
            "labels": [c[0] for c in r.counts],
            "values": [c[1] for c in r.counts],
        }
        for r in results
        if r.counts
    ]
    ctx = {
        "survey": survey,
        "results": results,
        "rates": rates,
        "invited": sum(r.invited for r in rates),
        "submitted": sum(r.submitted for r in rates),
        "charts": charts,
        "axes": axes,
        "may_appeal": has_capability(request.user, "appeals.submit"),
        "may_export": has_capability(request.user, "surveys.export"),
        "pretitle": PRETITLE,
    }
    return render(request, "surveys/results.html", ctx)


@capability_required("surveys.view")
def survey_crosstab(request: HttpRequest, survey_id: int) -> HttpResponse:
    """Question A × question B (its own page: the results page is already at its query budget)."""
    survey = _survey(request, survey_id)
    axes = list(
        survey.questions.filter(kind__in=selectors.CROSSTAB_KINDS)
        .prefetch_related("options")
        .order_by("order")
    )
    by_id = {str(q.pk): q for q in axes}
    a, b = by_id.get(request.GET.get("a", "")), by_id.get(request.GET.get("b", ""))
    table, error = None, ""
    if a is None or b is None:
        error = "请选择本问卷的两道单选、多选或评分题。"
    elif a.pk == b.pk:
        error = "交叉分析须选择两道不同的题目。"
    else:
        table = selectors.crosstab(survey, a, b)
    ctx = {
        "survey": survey,
        "axes": axes,
        "crosstab": table,
        "crosstab_error": error if request.GET else "",
        "pretitle": PRETITLE,
    }
    return render(request, "surveys/crosstab.html", ctx)


@capability_required("surveys.export")
def survey_export(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = _survey(request, survey_id)
    questions = list(survey.questions.all().prefetch_related("options"))
    return xlsx_download(
        actor=request.user,
        filename=f"问卷结果-{survey.title}",
        headers=selectors.export_headers(questions),
        rows=selectors.export_rows(survey, questions),
        what=f"问卷结果：{survey.title}",
        organization=survey.organization,
        object_type="surveys.survey",
    )


@require_POST
@capability_required("appeals.submit")
def answer_appeal(request: HttpRequest, answer_id: int) -> HttpResponse:
    """Turn a text answer into an appeal (诉求) of the answering enterprise, linked back to its sheet."""
    answer: Answer = get_object_for_user(
        Answer,
        request.user,
        answer_id,
        capability="appeals.submit",
        queryset=Answer.objects.select_related("response__survey", "response__enterprise", "question"),
    )
    made: list[Any] = []
    run_and_flash(
        request,
        lambda: made.append(services.raise_appeal_from_answer(actor=request.user, answer=answer)),
        "已转为诉求，进入受理流程。",
    )
    if made:
        return redirect("appeals:appeal_detail", made[0].pk)
    return redirect("surveys:results", answer.response.survey_id)


# ---------------------------------------------------------------- the enterprise's side


def _pending_sheet(request: HttpRequest, response_id: int) -> Response:
    sheet: Response = get_object_for_user(
        Response,
        request.user,
        response_id,
        capability="surveys.answer",
        write=True,
        queryset=Response.objects.select_related("survey__organization", "enterprise"),
    )
    return sheet


@require_POST
@capability_required("surveys.answer")
def response_approve(request: HttpRequest, response_id: int) -> HttpResponse:
    sheet = _pending_sheet(request, response_id)
    run_and_flash(
        request,
        lambda: services.approve_response(actor=request.user, response=sheet),
        "已审批，答卷已提交。",
    )
    return redirect("surveys:answer", sheet.survey_id)


@require_POST
@capability_required("surveys.answer")
def response_send_back(request: HttpRequest, response_id: int) -> HttpResponse:
    sheet = _pending_sheet(request, response_id)
    run_and_flash(
        request,
        lambda: services.send_back_response(
            actor=request.user, response=sheet, reason=request.POST.get("reason", "")
        ),
        "已退回修改。",
    )
    return redirect("surveys:answer", sheet.survey_id)


@capability_required("surveys.answer")
def my_surveys(request: HttpRequest) -> HttpResponse:
    invitations = (
        Invitation.objects.visible_to(request.user)
        .filter(enterprise_id__in=own_enterprise_ids(request.user))
        .exclude(survey__status=SurveyStatus.DRAFT)
        .select_related("survey", "survey__organization")
        .order_by("-survey__closes_on", "-pk")
    )
    sheets = {
        r.survey_id: r
        for r in Response.objects.visible_to(request.user).filter(
            survey_id__in=[i.survey_id for i in invitations]
        )
    }
    rows = [{"invitation": i, "sheet": sheets.get(i.survey_id)} for i in invitations]
    return render(
        request, "surveys/mine.html", {"rows": rows, "today": timezone.localdate(), "pretitle": "助推平台"}
    )


@capability_required("surveys.answer")
def survey_answer(request: HttpRequest, survey_id: int) -> HttpResponse:
    invitation = (
        Invitation.objects.visible_to(request.user)
        .filter(survey_id=survey_id, enterprise_id__in=own_enterprise_ids(request.user))
        .exclude(survey__status=SurveyStatus.DRAFT)
        .select_related("survey", "enterprise")
        .first()
    )
    if invitation is None:
        raise Http404("问卷不存在或贵企业不在调查范围内")
    survey = invitation.survey
    questions = list(survey.questions.all().prefetch_related("options"))
    sheet = (
        Response.objects.visible_to(request.user)
        .filter(survey=survey, enterprise=invitation.enterprise)
        .first()
    )
    error = ""
    if request.method == "POST":
        submit = "submit" in request.POST
        try:
            services.save_response(
                actor=request.user,
                survey=survey,
                answers=answers_from_post(request.POST, questions),
                submit=submit,
            )
        except ServiceError as exc:
            error = str(exc)
        else:
            from django.contrib import messages

            messages.success(
                request, "问卷已提交，感谢您的参与！" if submit else "已保存草稿，可稍后继续填写。"
            )
            return redirect("surveys:mine" if submit else "surveys:answer", *([] if submit else [survey.pk]))
    current: dict[int, list[Any]] = {}
    if sheet is not None:
        for a in Answer.objects.visible_to(request.user).filter(response=sheet):
            current.setdefault(a.question_id, []).append(a)
    fields = answer_fields(questions)
    for f in fields:
        answers = current.get(f["q"].pk, [])
        f["chosen"] = [a.option_id for a in answers if a.option_id]
        f["cells"] = {a.option_id: int(a.number) for a in answers if a.option_id and a.number is not None}
        f["value"] = next(
            (
                a.text
                or (a.date.isoformat() if a.date else None)
                or (a.number.normalize() if a.number is not None else "")
                for a in answers
                if not a.option_id
            ),
            "",
        )
        if request.method == "POST":
            name = f"q{f['q'].pk}"
            f["chosen"] = [int(v) for v in request.POST.getlist(name) if v.isdecimal()]
            if f["q"].kind == QuestionKind.MATRIX:
                f["cells"] = {
                    o.pk: int(v)
                    for o in f["options"]
                    if (v := request.POST.get(f"{name}_r{o.pk}", "")).isdecimal() and len(v) < 3
                }
            f["value"] = request.POST.get(f"{name}_other" if f["choice"] else name, "")
        f["rows"] = [(o, f["cells"].get(o.pk)) for o in f["options"]]
    ctx = {
        "survey": survey,
        "fields": fields,
        "sheet": sheet,
        "done": sheet is not None and sheet.status == ResponseStatus.SUBMITTED,
        "pending": sheet is not None and sheet.status == ResponseStatus.PENDING,
        "approver": sheet is not None and is_legal_representative_of(request.user, invitation.enterprise),
        "closed": survey.status != SurveyStatus.OPEN or survey.closes_on < timezone.localdate(),
        "error": error,
        "pretitle": "助推平台 · 我的问卷",
    }
    return render(request, "surveys/answer.html", ctx)
