"""Chamber status-change views: transition requests and decisions, irregular flags, rectification cases."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from shanglian.chambers import services
from shanglian.chambers.forms import CaseForm, CloseCaseForm, FlagIrregularForm, RejectForm, TransitionForm
from shanglian.chambers.models import (
    CaseStatus,
    ChamberState,
    RectificationCase,
    RequestStatus,
    TransitionRequest,
)
from shanglian.chambers.views.common import (
    can_write_chamber,
    detail_url,
    get_chamber,
    is_admin_of,
    profile_of,
)
from shanglian.core.decorators import capability_required
from shanglian.core.pages import add_errors, form_page
from shanglian.core.roles import has_capability
from shanglian.core.scope import get_object_for_user

# ---------------------------------------------------------------- lifecycle


@capability_required("chambers.request_transition")
def transition_request(request, chamber_id):
    """Secretaries (and admins) ask for a state change; admins may also apply it at once."""
    chamber = get_chamber(request, chamber_id, capability="chambers.request_transition", write=True)
    state = services.current_state(chamber)
    admin = is_admin_of(request.user, chamber) and has_capability(request.user, "chambers.approve")
    form = TransitionForm(
        request.POST or None, current_state=state, initial={"effective_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if admin and request.POST.get("apply") == "1":
                services.transition_chamber(
                    actor=request.user,
                    chamber=chamber,
                    to_state=data["to_state"],
                    reason=data["reason"],
                    effective_on=data["effective_on"],
                    cause=data["cause"] or "",
                )
                messages.success(request, "状态已变更。")
            else:
                services.request_transition(
                    actor=request.user,
                    chamber=chamber,
                    to_state=data["to_state"],
                    reason=data["reason"],
                    effective_on=data["effective_on"],
                    cause=data["cause"] or "",
                )
                messages.success(request, "申请已提交，等待工商联审批。")
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            return redirect("chambers:chamber_detail", chamber_id=chamber.pk)
    return render(
        request,
        "chambers/transition_form.html",
        {
            "form": form,
            "chamber": chamber,
            "state_label": dict(ChamberState.choices)[state],
            "admin": admin,
            "back": detail_url(chamber),
        },
    )


@capability_required("chambers.approve")
def flag_irregular(request, chamber_id):
    chamber = get_chamber(request, chamber_id, capability="chambers.approve", admin=True)
    profile = profile_of(chamber)
    form = FlagIrregularForm(
        request.POST or None, initial={"defects": profile.irregular_defects if profile else ""}
    )
    return form_page(
        request,
        form,
        save=lambda data: services.flag_irregular(actor=request.user, chamber=chamber, **data),
        success="已标记为不规范商会。",
        next_url=detail_url(chamber),
        title=f"标记不规范商会：{chamber.name}",
        back=detail_url(chamber),
    )


@capability_required("chambers.view")
def request_list(request):
    status = request.GET.get("status", RequestStatus.PENDING)
    reqs = TransitionRequest.objects.visible_to(request.user).select_related(
        "chamber", "requested_by", "decided_by"
    )
    if status in RequestStatus.values:
        reqs = reqs.filter(status=status)
    page = Paginator(reqs.order_by("-requested_at"), 30).get_page(request.GET.get("page"))
    return render(
        request,
        "chambers/request_list.html",
        {
            "page": page,
            "status": status,
            "statuses": RequestStatus.choices,
            "reject_form": RejectForm(),
            "can_decide": has_capability(request.user, "chambers.approve"),
        },
    )


@require_POST
@capability_required("chambers.approve")
def request_decide(request, transitionrequest_id):
    req = get_object_for_user(
        TransitionRequest, request.user, transitionrequest_id, capability="chambers.approve", write=True
    )
    if not is_admin_of(request.user, req.chamber):
        raise PermissionDenied
    note = request.POST.get("note", "").strip()[:500]
    try:
        if request.POST.get("decision") == "approve":
            services.approve_request(actor=request.user, req=req, note=note)
            messages.success(request, f"已批准：{req.chamber} → {req.get_to_state_display()}。")
        elif request.POST.get("decision") == "reject":
            services.reject_request(actor=request.user, req=req, note=note)
            messages.success(request, "已驳回。")
        else:
            messages.error(request, "请选择批准或驳回。")
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    return redirect("chambers:request_list")


# ---------------------------------------------------------------- rectification cases


@capability_required("chambers.view")
def case_detail(request, rectificationcase_id):
    case = get_object_for_user(
        RectificationCase, request.user, rectificationcase_id, capability="chambers.view"
    )
    can_edit = (
        case.status == CaseStatus.OPEN
        and has_capability(request.user, "chambers.edit")
        and can_write_chamber(request.user, case.chamber)
    )
    is_admin = has_capability(request.user, "chambers.approve") and is_admin_of(request.user, case.chamber)
    form = CaseForm(
        request.POST or None,
        initial={
            "defects": case.defects,
            "measures": case.measures,
            "deadline": case.deadline,
            "responsible_person": case.responsible_person,
        },
    )
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.update_case(actor=request.user, case=case, **form.cleaned_data)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, "整顿个案已保存。")
                return redirect("chambers:case_detail", rectificationcase_id=case.pk)
    return render(
        request,
        "chambers/case_detail.html",
        {
            "case": case,
            "form": form,
            "close_form": CloseCaseForm(initial={"closed_on": timezone.localdate()}),
            "can_edit": can_edit,
            "is_admin": is_admin,
            "overdue": case.is_overdue(timezone.localdate()),
        },
    )


@require_POST
@capability_required("chambers.approve")
def case_close(request, rectificationcase_id):
    case = get_object_for_user(
        RectificationCase, request.user, rectificationcase_id, capability="chambers.approve", write=True
    )
    if not is_admin_of(request.user, case.chamber):
        raise PermissionDenied
    form = CloseCaseForm(request.POST)
    if form.is_valid():
        try:
            services.close_case(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, "整顿个案已验收，商会恢复规范运行。")
    else:
        messages.error(request, "请填写整改结果和验收日期。")
    return redirect("chambers:case_detail", rectificationcase_id=case.pk)
