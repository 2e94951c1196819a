"""创新建议 pages: the list (staff: all of the federation; an entrepreneur: their own), submit / enter,
the detail with the answer, private notes (staff only), the implementation timeline and recognition."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
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
from shanglian.mechanisms.forms import ProgressForm, RecognitionForm, SuggestionForm, SuggestionStepForm
from shanglian.mechanisms.models import Suggestion, SuggestionStatus
from shanglian.mechanisms.services.suggestions import SUGGESTION_STEPS
from shanglian.mechanisms.views.common import form_page, list_page
from shanglian.workflow.services import allowed_transitions

COLOURS = {
    SuggestionStatus.SUBMITTED: "blue",
    SuggestionStatus.ACCEPTED: "azure",
    SuggestionStatus.EVALUATING: "orange",
    SuggestionStatus.ADOPTED: "green",
    SuggestionStatus.DEFERRED: "yellow",
    SuggestionStatus.DECLINED: "secondary",
}


def _detail(s: Suggestion) -> str:
    return reverse("mechanisms:suggestion_detail", args=[s.pk])


def columns() -> list[Column]:
    return [
        Column("提出日期", lambda s: s.submitted_on),
        Column("标题", lambda s: s.title, link=_detail),
        Column("建议人", lambda s: s.author_name),
        Column("渠道", lambda s: s.get_channel_display()),
        Column("类别", lambda s: s.get_category_display()),
        Column("状态", lambda s: (s.get_status_display(), COLOURS[s.status]), badge=True),
        Column("落实进度", lambda s: f"{s.progress}%" if s.status == SuggestionStatus.ADOPTED else ""),
    ]


@capability_required("mechanisms.suggestion_view")
def suggestion_list(request: HttpRequest) -> HttpResponse:
    qs = Suggestion.objects.visible_to(request.user).order_by("-submitted_on", "-pk")
    status = request.GET.get("status", "")
    if status in SuggestionStatus.values:
        qs = qs.filter(status=status)
    may_submit = has_capability(request.user, "mechanisms.suggestion_submit")
    return list_page(
        request,
        qs=qs,
        columns=columns(),
        title="创新建议",
        create_url=reverse("mechanisms:suggestion_create") if may_submit else "",
        extra={"statuses": SuggestionStatus.choices, "status_selected": status},
    )


@capability_required("mechanisms.suggestion_submit")
def suggestion_create(request: HttpRequest) -> HttpResponse:
    staff = has_capability(request.user, "mechanisms.suggestion_handle")
    form = SuggestionForm(request.POST or None, actor=request.user, staff=staff)

    def save(data: dict[str, Any]) -> Suggestion:
        if staff:
            return services.submit_suggestion(
                actor=request.user, federation=federation_of(request.user), **data
            )
        return services.submit_suggestion(actor=request.user, **data)

    return form_page(
        request,
        form,
        save=save,
        next_url=_detail,
        back=reverse("mechanisms:suggestion_list"),
        title="代为录入创新建议" if staff else "提交创新建议",
        success="建议已提交，感谢您的建议！",
    )


@capability_required("mechanisms.suggestion_view")
def suggestion_detail(request: HttpRequest, suggestion_id: int) -> HttpResponse:
    s: Suggestion = get_object_for_user(
        Suggestion, request.user, suggestion_id, capability="mechanisms.suggestion_view"
    )
    staff = has_capability(request.user, "mechanisms.suggestion_notes")
    context = {
        "s": s,
        "staff": staff,
        "handler": has_capability(request.user, "mechanisms.suggestion_handle"),
        "colour": COLOURS[SuggestionStatus(s.status)],
        "updates": s.updates.order_by("on", "pk"),
        "actions": allowed_transitions(s, request.user),
        "form": SuggestionStepForm(),
        "progress_form": ProgressForm(initial={"progress": s.progress}),
        "recognition_form": RecognitionForm(initial={"recognition": s.recognition}),
    }
    return render(request, "mechanisms/suggestion_detail.html", context)


def _handled(request: HttpRequest, suggestion_id: int) -> Suggestion:
    s: Suggestion = get_object_for_user(
        Suggestion, request.user, suggestion_id, capability="mechanisms.suggestion_handle", write=True
    )
    return s


@require_POST
@capability_required("mechanisms.suggestion_handle")
def suggestion_step(request: HttpRequest, suggestion_id: int) -> HttpResponse:
    s = _handled(request, suggestion_id)
    step = request.POST.get("step", "")
    form = SuggestionStepForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
    else:
        run_and_flash(
            request,
            lambda: services.answer_suggestion(
                actor=request.user, suggestion=s, step=step, **form.cleaned_data
            ),
            f"已{SUGGESTION_STEPS.get(step, '办理')}。",
        )
    return redirect(_detail(s))


@require_POST
@capability_required("mechanisms.suggestion_handle")
def suggestion_progress(request: HttpRequest, suggestion_id: int) -> HttpResponse:
    s = _handled(request, suggestion_id)
    form = ProgressForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
    else:
        run_and_flash(
            request,
            lambda: services.record_progress(actor=request.user, suggestion=s, **form.cleaned_data),
            "已登记落实进展。",
        )
    return redirect(_detail(s))


@require_POST
@capability_required("mechanisms.suggestion_handle")
def suggestion_recognise(request: HttpRequest, suggestion_id: int) -> HttpResponse:
    s = _handled(request, suggestion_id)
    form = RecognitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
    else:
        run_and_flash(
            request,
            lambda: services.recognise(actor=request.user, suggestion=s, **form.cleaned_data),
            "已登记激励表彰。",
        )
    return redirect(_detail(s))
