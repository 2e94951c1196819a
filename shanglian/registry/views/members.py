"""Membership pages: 商会会员 list and export, dues, leaving, and 入会申请 (list, export, submit, decide)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from shanglian.core.access import can_write, federation_of
from shanglian.core.decorators import capability_required
from shanglian.core.flash import form_errors_text, run_and_flash
from shanglian.core.roles import has_capability
from shanglian.core.scope import get_object_for_user
from shanglian.registry import exports, selectors, services
from shanglian.registry.forms import ApplicationForm, DecisionForm, DuesForm, LeaveForm, MemberFilterForm
from shanglian.registry.models import (
    ApplicationStatus,
    Enterprise,
    Membership,
    MembershipApplication,
    Position,
)
from shanglian.registry.views.common import EXPORT_LIMIT, PER_PAGE, clean_filters, error_text


@require_POST
@capability_required("membership.decide")
def dues_save(request, membership_id):
    membership = get_object_for_user(Membership, request.user, membership_id, write=True)
    form = DuesForm(request.POST)
    if form.is_valid():
        run_and_flash(
            request,
            lambda: services.set_dues(actor=request.user, membership=membership, **form.cleaned_data),
            "会费记录已保存。",
        )
    else:
        messages.error(request, "会费记录有误：" + form_errors_text(form))
    return redirect("registry:enterprise_detail", enterprise_id=membership.enterprise_id)


@require_POST
@capability_required("membership.decide")
def membership_end(request, membership_id):
    membership = get_object_for_user(Membership, request.user, membership_id, write=True)
    form = LeaveForm(request.POST)
    if form.is_valid():
        run_and_flash(
            request,
            lambda: services.end_membership(actor=request.user, membership=membership, **form.cleaned_data),
            "已办理退会。",
        )
    else:
        messages.error(request, "请填写退会日期和原因。")
    return redirect("registry:enterprise_detail", enterprise_id=membership.enterprise_id)


def _member_rows(request, data):
    qs = Membership.objects.visible_to(request.user).filter(left_on__isnull=True)
    if data.get("chamber"):
        qs = qs.filter(chamber=data["chamber"])
    if data.get("position"):
        qs = qs.filter(position=data["position"])
    if data.get("q"):
        found = Enterprise.objects.visible_to(request.user).filter(selectors.search_q(data["q"]))
        qs = qs.filter(enterprise__in=found)
    return qs.select_related("enterprise", "chamber").order_by(
        "chamber__path", "position", "enterprise__name_pinyin", "id"
    )


@capability_required("membership.view")
def member_list(request):
    form = MemberFilterForm(request.GET or None, actor=request.user)
    page = selectors.page_of(_member_rows(request, clean_filters(form)), request.GET, PER_PAGE)
    return render(request, "registry/member_list.html", {"page": page, "form": form})


@require_POST
@capability_required("registry.export")
def member_export(request):
    form = MemberFilterForm(request.POST, actor=request.user)
    qs = _member_rows(request, clean_filters(form))[:EXPORT_LIMIT]
    headers = ["商会", "企业名称", "统一社会信用代码", "法定代表人", "职务", "入会日期"]
    rows = (
        [
            m.chamber.name,
            m.enterprise.name,
            m.enterprise.credit_code,
            m.enterprise.legal_representative,
            m.get_position_display(),
            m.joined_on,
        ]
        for m in qs
    )
    content, count = exports.workbook_bytes("商会会员", headers, rows)
    services.record_export(
        actor=request.user,
        what="商会会员名单",
        count=count,
        organization=form.cleaned_data.get("chamber") if form.is_valid() else None,
        filters={k: str(v) for k, v in request.POST.items() if k != "csrfmiddlewaretoken" and v},
    )
    return exports.xlsx_response(content, f"商会会员-{timezone.localdate():%Y%m%d}.xlsx")


def _application_rows(request, source):
    qs = (
        MembershipApplication.objects.visible_to(request.user)
        .select_related("enterprise", "chamber", "submitted_by", "decided_by")
        .order_by("status", "-submitted_at", "-id")
    )
    status = source.get("status", "")
    if status in ApplicationStatus.values:
        qs = qs.filter(status=status)
    return qs, status


@require_POST
@capability_required("registry.export")
def application_export(request):
    qs, _ = _application_rows(request, request.POST)
    headers = ["企业名称", "统一社会信用代码", "申请加入", "申请时间", "状态", "审核意见", "审核时间"]
    rows = (
        [
            a.enterprise.name,
            a.enterprise.credit_code,
            a.chamber.name,
            timezone.localtime(a.submitted_at),
            a.get_status_display(),
            a.reason,
            timezone.localtime(a.decided_at) if a.decided_at else None,
        ]
        for a in qs[:EXPORT_LIMIT]
    )
    content, count = exports.workbook_bytes("入会申请", headers, rows)
    services.record_export(
        actor=request.user,
        what="入会申请",
        count=count,
        organization=federation_of(request.user),
        filters={k: str(v) for k, v in request.POST.items() if k != "csrfmiddlewaretoken" and v},
    )
    return exports.xlsx_response(content, f"入会申请-{timezone.localdate():%Y%m%d}.xlsx")


@capability_required("enterprise.view")
def application_list(request):
    qs, status = _application_rows(request, request.GET)
    page = selectors.page_of(qs, request.GET, PER_PAGE)
    return render(
        request,
        "registry/application_list.html",
        {"page": page, "status": status, "statuses": ApplicationStatus.choices},
    )


@capability_required("membership.apply")
def application_create(request):
    form = ApplicationForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.submit_application(
                actor=request.user,
                enterprise=form.cleaned_data["enterprise"],
                chamber=form.cleaned_data["chamber"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(request, "入会申请已提交，请等待商会审核。")
            return redirect("registry:application_detail", membershipapplication_id=application.pk)
    return render(
        request,
        "registry/form.html",
        {"form": form, "title": "申请入会", "back": "registry:application_list"},
    )


@capability_required("enterprise.view")
def application_detail(request, membershipapplication_id):
    application = get_object_for_user(MembershipApplication, request.user, membershipapplication_id)
    can_decide = application.status == ApplicationStatus.SUBMITTED and _may_decide(request.user, application)
    # A chamber's secretary decides on enterprises that are not (yet) in their scope: the page shows what
    # they need of the enterprise, and links to its own page only for those who may open it.
    enterprise_visible = (
        Enterprise.objects.visible_to(request.user).filter(pk=application.enterprise_id).exists()
    )
    return render(
        request,
        "registry/application_detail.html",
        {
            "application": application,
            "can_decide": can_decide,
            "enterprise_visible": enterprise_visible,
            "form": DecisionForm(),
        },
    )


def _may_decide(user, application) -> bool:
    """The chamber's secretary or its federation's admins, holding the right to decide."""
    return has_capability(user, "membership.decide") and can_write(user, application.chamber)


@require_POST
@capability_required("membership.decide")
def application_decide(request, membershipapplication_id):
    application = get_object_for_user(MembershipApplication, request.user, membershipapplication_id)
    if not _may_decide(request.user, application):
        raise PermissionDenied
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择审核结果。")
    else:
        try:
            services.decide_application(
                actor=request.user,
                application=application,
                approve=form.cleaned_data["decision"] == "approve",
                reason=form.cleaned_data["reason"],
                position=form.cleaned_data["position"] or Position.MEMBER,
            )
            messages.success(request, "审核完成。")
        except ValidationError as exc:
            messages.error(request, error_text(exc))
    return redirect("registry:application_detail", membershipapplication_id=application.pk)
