"""The appeal pages every role shares: the list (scoped to the role), the detail with its timeline and the
steps the user may take, submitting, and one POST per step."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from shanglian.appeals import services
from shanglian.appeals.forms import ActionForm, AppealForm, CommentForm, SupplementForm
from shanglian.appeals.models import (
    DONE_STATES,
    Appeal,
    AppealState,
    Channel,
    DispatchStatus,
)
from shanglian.appeals.selectors import STATE_COLOURS, board_order, categories_of, countdown
from shanglian.appeals.suggest import suggest
from shanglian.core import pages
from shanglian.core.access import federation_of, has_capability, own_enterprise_ids
from shanglian.core.decorators import capability_required
from shanglian.core.flash import form_errors_text, run_and_flash
from shanglian.core.scope import get_object_for_user
from shanglian.registry.models import Enterprise
from shanglian.workflow import services as workflow

PRETITLE = "助推平台 · 诉求反映"

# URL action → the service call it makes (each a single workflow transition).
ACTIONS = {
    "forward": "转报工商联",
    "take": "商会自办",
    "accept": "受理",
    "decline": "不予受理",
    "dispatch": "派单",
    "transfer": "转办",
    "sign": "签收",
    "send_back": "退回",
    "progress": "办理进展",
    "reply": "答复",
    "request_extension": "申请延期",
    "approve_extension": "批准延期",
    "reject_extension": "不同意延期",
    "close": "办结",
    "rate": "评价",
    "conclude": "督办结论",
}


def _call(action: str, *, actor: Any, appeal: Appeal, data: dict[str, Any]) -> Appeal:
    reason = data.get("reason") or ""
    if action == "dispatch" or action == "transfer":
        lead = data.get("lead")
        assisting = [u.pk for u in data.get("assisting") or []]
        if action == "dispatch":
            units = suggest(appeal).units
            return services.dispatch_appeal(
                actor=actor,
                appeal=appeal,
                lead=lead.pk if lead else 0,
                assisting=assisting,
                reason=reason,
                suggested=units[0].pk if units else None,
            )
        return services.transfer_appeal(
            actor=actor, appeal=appeal, lead=lead.pk if lead else 0, assisting=assisting, reason=reason
        )
    if action == "progress":
        return services.record_progress(actor=actor, appeal=appeal, text=reason)
    if action == "reply":
        return services.reply_appeal(
            actor=actor,
            appeal=appeal,
            text=reason,
            outcome=data.get("outcome") or "",
            files=data.get("documents") or [],
        )
    if action == "request_extension":
        return services.request_extension(
            actor=actor, appeal=appeal, days=data.get("days") or 0, reason=reason
        )
    if action == "rate":
        return services.rate_appeal(
            actor=actor, appeal=appeal, satisfaction=data.get("satisfaction") or "", comment=reason
        )
    if action == "conclude":
        return services.conclude_appeal(actor=actor, appeal=appeal, text=reason)
    simple: dict[str, Any] = {
        "forward": services.forward_appeal,
        "take": services.take_appeal,
        "accept": services.accept_appeal,
        "decline": services.decline_appeal,
        "sign": services.sign_appeal,
        "send_back": services.send_back_appeal,
        "approve_extension": services.approve_extension,
        "reject_extension": services.reject_extension,
        "close": services.close_appeal,
    }
    done: Appeal = simple[action](actor=actor, appeal=appeal, reason=reason)
    return done


def _row_state(a: Appeal) -> tuple[str, str]:
    return a.get_state_display(), STATE_COLOURS.get(a.state, "secondary")


def _list_qs(user: Any) -> QuerySet[Appeal]:
    return Appeal.objects.visible_to(user).select_related("enterprise", "category", "lead_unit", "chamber")


@capability_required("appeals.view")
def appeal_list(request: HttpRequest) -> HttpResponse:
    """Everyone's own list: an enterprise its appeals, a secretary its members', a liaison its department's,
    the desk and leaders their federation's — overdue first, then by deadline."""
    qs = board_order(_list_qs(request.user), timezone.localdate())
    state = request.GET.get("state", "")
    if state in AppealState.values:
        qs = qs.filter(state=state)
    today = timezone.localdate()
    columns = [
        pages.Column(
            "编号", lambda a: f"#{a.pk}", link=lambda a: reverse("appeals:appeal_detail", args=[a.pk])
        ),
        pages.Column("标题", lambda a: a.title, link=lambda a: reverse("appeals:appeal_detail", args=[a.pk])),
        pages.Column("企业", lambda a: a.enterprise.name),
        pages.Column("类别", lambda a: a.category.name if a.category else "—"),
        pages.Column("状态", _row_state, badge=True),
        pages.Column("承办单位", lambda a: a.lead_unit.name if a.lead_unit else "—"),
        pages.Column("办结期限", lambda a: countdown(a, today)),
        pages.Column("提交日期", lambda a: f"{a.submitted_on:%Y-%m-%d}"),
    ]
    return pages.list_page(
        request,
        qs=qs,
        columns=columns,
        title="诉求列表",
        pretitle=PRETITLE,
        create_url=reverse("appeals:appeal_new") if has_capability(request.user, "appeals.submit") else "",
        template="appeals/list.html",
        extra={"states": AppealState.choices, "state": state},
    )


@capability_required("appeals.view")
def appeal_detail(request: HttpRequest, appeal_id: int) -> HttpResponse:
    qs = Appeal.objects.select_related(
        "enterprise", "category", "lead_unit", "chamber", "federation", "duplicate_of"
    )
    appeal: Appeal = get_object_for_user(Appeal, request.user, appeal_id, queryset=qs)
    entries = list(
        appeal.entries.select_related("author", "unit").prefetch_related("attachments").order_by("pk")
    )
    dispatches = list(appeal.dispatches.select_related("unit").order_by("pk"))
    files = list(appeal.attachments.all())
    allowed = [t for t in workflow.allowed_transitions(appeal, request.user) if t.name in ACTIONS]
    # 不满意 is one rating choice of "rate" for the enterprise, whichever transition it becomes.
    names = {t.name for t in allowed}
    if names & {"rate", "reopen", "escalate"}:
        allowed = [t for t in allowed if t.name not in {"reopen", "escalate"}]
    forms = [
        (t, ActionForm(actor=request.user, federation=appeal.federation, prefix=t.name)) for t in allowed
    ]
    return render(
        request,
        "appeals/detail.html",
        {
            "appeal": appeal,
            "entries": entries,
            "dispatches": dispatches,
            "files": files,
            "actions": forms,
            "today": timezone.localdate(),
            "countdown": countdown(appeal, timezone.localdate(), working=True),
            "state_colour": STATE_COLOURS.get(appeal.state, "secondary"),
            "may_comment": has_capability(request.user, "appeals.supervise"),
            "suggestion": suggest(appeal) if {"dispatch", "transfer"} & names else None,
            "comment_form": CommentForm(),
            "supplement_form": SupplementForm() if _may_supplement(request.user, appeal) else None,
            "active": DispatchStatus.ACTIVE,
            "pretitle": PRETITLE,
        },
    )


@require_POST
@capability_required("appeals.view")
def appeal_action(request: HttpRequest, appeal_id: int, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404("没有这个办理环节")
    appeal: Appeal = get_object_for_user(
        Appeal, request.user, appeal_id, queryset=Appeal.objects.select_related("federation")
    )
    form = ActionForm(
        request.POST, request.FILES, actor=request.user, federation=appeal.federation, prefix=action
    )
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
    else:
        run_and_flash(
            request,
            lambda: _call(action, actor=request.user, appeal=appeal, data=form.cleaned_data),
            f"已{ACTIONS[action]}。",
        )
    return redirect("appeals:appeal_detail", appeal_id=appeal.pk)


@require_POST
@capability_required("appeals.supervise")
def appeal_comment(request: HttpRequest, appeal_id: int) -> HttpResponse:
    appeal: Appeal = get_object_for_user(Appeal, request.user, appeal_id)
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
    else:
        run_and_flash(
            request,
            lambda: services.comment_appeal(
                actor=request.user, appeal=appeal, text=form.cleaned_data["text"]
            ),
            "已批示。",
        )
    return redirect("appeals:appeal_detail", appeal_id=appeal.pk)


def _may_supplement(user: Any, appeal: Appeal) -> bool:
    return appeal.enterprise_id in own_enterprise_ids(user) and appeal.state not in (
        *DONE_STATES,
        AppealState.DECLINED,
    )


@require_POST
@capability_required("appeals.view")
def appeal_supplement(request: HttpRequest, appeal_id: int) -> HttpResponse:
    """补充材料 from the enterprise: a note and files on its own open appeal's timeline."""
    appeal: Appeal = get_object_for_user(
        Appeal, request.user, appeal_id, queryset=Appeal.objects.select_related("federation")
    )
    form = SupplementForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
    else:
        data = form.cleaned_data
        run_and_flash(
            request,
            lambda: services.supplement_appeal(
                actor=request.user, appeal=appeal, text=data["text"], files=data["documents"]
            ),
            "补充材料已提交。",
        )
    return redirect("appeals:appeal_detail", appeal_id=appeal.pk)


def _enterprises_for(user: Any) -> QuerySet[Enterprise]:
    return Enterprise.objects.visible_to(user).order_by("name")


@capability_required("appeals.submit")
def appeal_new(request: HttpRequest) -> HttpResponse:
    # The categories were seeded when the federation was set up (apps.py, migration 0005): a GET writes nothing.
    federation = federation_of(request.user)
    own = own_enterprise_ids(request.user)
    enterprises = _enterprises_for(request.user)
    if own:
        enterprises = enterprises.filter(pk__in=own)
    form = AppealForm(
        request.POST or None,
        request.FILES or None,
        actor=request.user,
        enterprises=enterprises,
        categories=categories_of(federation),
        initial={"channel": Channel.ONLINE if own else Channel.PHONE},
    )

    def save(data: dict[str, Any]) -> Appeal:
        upload = data.pop("file", None)
        return services.submit_appeal(actor=request.user, files=[upload] if upload else [], **data)

    return pages.form_page(
        request,
        form,
        save=save,
        next_url=lambda a: reverse("appeals:appeal_detail", args=[a.pk]),
        title="提交诉求",
        success="诉求已提交，可在本页随时查看办理进度。",
        back=reverse("appeals:appeal_list"),
        pretitle=PRETITLE,
    )
