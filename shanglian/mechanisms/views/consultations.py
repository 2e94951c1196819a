"""决策公开 pages: consultations (draft by article, opinions and answers, phases) and the district-meeting log."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from shanglian.core.access import federation_of
from shanglian.core.decorators import capability_required
from shanglian.core.flash import form_errors_text, run_and_flash
from shanglian.core.pages import Column
from shanglian.core.roles import has_capability
from shanglian.core.scope import get_object_for_user
from shanglian.mechanisms import services
from shanglian.mechanisms.forms import AnswerForm, CommentForm, ConsultationForm, DistrictMeetingForm
from shanglian.mechanisms.models import Article, Consultation, DistrictMeeting, Opinion, Phase
from shanglian.mechanisms.views.common import form_page, list_page
from shanglian.workflow.services import allowed_transitions

COLOURS = {
    Phase.DRAFT: "secondary",
    Phase.OPEN: "blue",
    Phase.SUMMARISING: "orange",
    Phase.PUBLISHED: "green",
}


def _detail(c: Consultation) -> str:
    return reverse("mechanisms:consultation_detail", args=[c.pk])


@capability_required("mechanisms.consultation_view")
def consultation_list(request: HttpRequest) -> HttpResponse:
    qs = (
        Consultation.objects.visible_to(request.user)
        .annotate(opinion_count=Count("opinions"))
        .order_by("-created_at", "-pk")
    )
    columns = [
        Column("草案名称", lambda c: c.title, link=_detail),
        Column("阶段", lambda c: (c.get_status_display(), COLOURS[c.status]), badge=True),
        Column("征求意见期", lambda c: f"{c.opens_on} 至 {c.closes_on}" if c.opens_on else ""),
        Column("意见数", lambda c: c.opinion_count),
    ]
    may = has_capability(request.user, "mechanisms.consultation_manage")
    return list_page(
        request,
        qs=qs,
        columns=columns,
        title="决策公开 · 征求意见",
        create_url=reverse("mechanisms:consultation_create") if may else "",
    )


@capability_required("mechanisms.consultation_manage")
def consultation_create(request: HttpRequest) -> HttpResponse:
    form = ConsultationForm(request.POST or None, actor=request.user)
    federation = federation_of(request.user)
    return form_page(
        request,
        form,
        save=lambda data: services.create_consultation(actor=request.user, federation=federation, **data),
        next_url=_detail,
        back=reverse("mechanisms:consultation_list"),
        title="发布决策草案",
    )


@capability_required("mechanisms.consultation_view")
def consultation_detail(request: HttpRequest, consultation_id: int) -> HttpResponse:
    c: Consultation = get_object_for_user(
        Consultation, request.user, consultation_id, capability="mechanisms.consultation_view"
    )
    articles = list(Article.objects.visible_to(request.user).filter(consultation=c).order_by("number"))
    opinions = list(
        Opinion.objects.visible_to(request.user)
        .filter(consultation=c)
        .select_related("article")
        .order_by("pk")
    )
    manage = has_capability(request.user, "mechanisms.consultation_manage")
    context = {
        "c": c,
        "colour": COLOURS[Phase(c.status)],
        "articles": [(a, [o for o in opinions if o.article_id == a.pk]) for a in articles],
        "general": [o for o in opinions if o.article_id is None],
        "may_comment": c.status == Phase.OPEN
        and has_capability(request.user, "mechanisms.consultation_comment"),
        "comment_form": CommentForm(articles=articles),
        "manage": manage and c.status != Phase.PUBLISHED,
        "answer_form": AnswerForm(),
        "actions": allowed_transitions(c, request.user),
    }
    return render(request, "mechanisms/consultation_detail.html", context)


@require_POST
@capability_required("mechanisms.consultation_comment")
def consultation_comment(request: HttpRequest, consultation_id: int) -> HttpResponse:
    c: Consultation = get_object_for_user(
        Consultation, request.user, consultation_id, capability="mechanisms.consultation_comment"
    )
    articles = list(Article.objects.visible_to(request.user).filter(consultation=c))
    form = CommentForm(request.POST, articles=articles)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
    else:
        article = next((a for a in articles if a.pk == form.cleaned_data["article"]), None)
        run_and_flash(
            request,
            lambda: services.comment(
                actor=request.user, consultation=c, text=form.cleaned_data["text"], article=article
            ),
            "意见已提交，答复后将通知您。",
        )
    return redirect(_detail(c))


@require_POST
@capability_required("mechanisms.consultation_manage")
def consultation_step(request: HttpRequest, consultation_id: int) -> HttpResponse:
    c: Consultation = get_object_for_user(
        Consultation, request.user, consultation_id, capability="mechanisms.consultation_manage", write=True
    )
    step = request.POST.get("step", "")
    summary = request.POST.get("summary", "")
    run_and_flash(
        request,
        lambda: services.advance_consultation(actor=request.user, consultation=c, step=step, summary=summary),
        "已办理。",
    )
    return redirect(_detail(c))


@require_POST
@capability_required("mechanisms.consultation_manage")
def opinion_answer(request: HttpRequest, opinion_id: int) -> HttpResponse:
    opinion: Opinion = get_object_for_user(
        Opinion, request.user, opinion_id, capability="mechanisms.consultation_manage", write=True
    )
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
    else:
        run_and_flash(
            request,
            lambda: services.answer_opinion(actor=request.user, opinion=opinion, **form.cleaned_data),
            "已答复。",
        )
    return redirect(reverse("mechanisms:consultation_detail", args=[opinion.consultation_id]))


def _event_url(m: DistrictMeeting) -> str:
    return reverse("events:event_detail", args=[m.event_id]) if m.event_id else ""


@capability_required("mechanisms.meeting_view")
def meeting_list(request: HttpRequest) -> HttpResponse:
    qs = DistrictMeeting.objects.visible_to(request.user).select_related("event").order_by("-held_on", "-pk")
    columns = [
        Column("召开日期", lambda m: m.held_on),
        Column("会议名称", lambda m: m.title),
        Column("主办单位", lambda m: m.organiser),
        Column("参会商会代表", lambda m: "、".join(m.attendee_lines)),
        Column("人数", lambda m: len(m.attendee_lines)),
        Column("关联活动", lambda m: m.event or "", link=lambda m: _event_url(m)),
    ]
    may = has_capability(request.user, "mechanisms.meeting_edit")
    return list_page(
        request,
        qs=qs,
        columns=columns,
        title="参加区内重大会议",
        create_url=reverse("mechanisms:meeting_create") if may else "",
    )


@capability_required("mechanisms.meeting_edit")
def meeting_create(request: HttpRequest) -> HttpResponse:
    form = DistrictMeetingForm(request.POST or None, actor=request.user)
    federation = federation_of(request.user)

    def save(data: dict[str, Any]) -> DistrictMeeting:
        return services.log_district_meeting(actor=request.user, federation=federation, **data)

    return form_page(
        request, form, save=save, next_url=reverse("mechanisms:meeting_list"), title="登记参加区内重大会议"
    )
