"""重大事项报备 pages: the list (by status/type), a chamber's filing form, the detail with its review steps,
and the federation's filing types."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from shanglian.audit.models import AuditEntry
from shanglian.core.access import federation_of
from shanglian.core.decorators import capability_required
from shanglian.core.flash import form_errors_text, run_and_flash
from shanglian.core.pages import Column, export_page, wants_export
from shanglian.core.roles import has_capability
from shanglian.core.scope import get_object_for_user
from shanglian.mechanisms import services
from shanglian.mechanisms.forms import FilingForm, FilingStepForm, FilingTypeForm
from shanglian.mechanisms.models import Filing, FilingStatus, FilingType, SignOffRound
from shanglian.mechanisms.services.filings import FILING_STEPS
from shanglian.mechanisms.views.common import form_page, list_page
from shanglian.workflow.services import allowed_transitions

STATUS_COLOURS = {
    FilingStatus.SUBMITTED: "blue",
    FilingStatus.ACCEPTED: "azure",
    FilingStatus.INFO_REQUESTED: "orange",
    FilingStatus.APPROVED: "green",
    FilingStatus.REJECTED: "red",
    FilingStatus.RECORDED: "teal",
}


def _detail(f: Filing) -> str:
    return reverse("mechanisms:filing_detail", args=[f.pk])


def filing_columns() -> list[Column]:
    return [
        Column("报送日期", lambda f: f.submitted_on),
        Column("商会", lambda f: f.chamber.name),
        Column("事项类型", lambda f: f.filing_type.name),
        Column("事项名称", lambda f: f.title, link=_detail),
        Column("方式", lambda f: f.get_mode_display()),
        Column("事项日期", lambda f: f.event_date),
        Column(
            "时限",
            lambda f: (f"逾期{f.days_late}个工作日", "red") if f.late else ("按时", "green"),
            badge=True,
        ),
        Column("状态", lambda f: (f.get_status_display(), STATUS_COLOURS[f.status]), badge=True),
    ]


def _filings(request: HttpRequest) -> tuple[QuerySet[Filing], dict[str, Any]]:
    qs = (
        Filing.objects.visible_to(request.user)
        .select_related("chamber", "filing_type")
        .order_by("-submitted_on", "-pk")
    )
    status = request.GET.get("status", "")
    if status in FilingStatus.values:
        qs = qs.filter(status=status)
    types = list(FilingType.objects.visible_to(request.user).order_by("order", "pk"))
    raw = request.GET.get("type", "")
    selected = int(raw) if raw.isdecimal() and any(t.pk == int(raw) for t in types) else ""
    if selected:
        qs = qs.filter(filing_type_id=selected)
    extra = {
        "statuses": FilingStatus.choices,
        "status_selected": status,
        "types": types,
        "type_selected": selected,
    }
    return qs, extra


@capability_required("mechanisms.filing_view")
def filing_list(request: HttpRequest) -> HttpResponse:
    qs, extra = _filings(request)
    if wants_export(request):
        return export_page(
            request,
            title="重大事项报备",
            columns=filing_columns(),
            objects=qs,
            capability="mechanisms.filing_view",
            model=Filing,
        )
    counts = qs.order_by().aggregate(
        total=Count("pk"),
        late=Count("pk", filter=models_q(late=True)),
        approved=Count("pk", filter=models_q(status__in=[FilingStatus.APPROVED, FilingStatus.RECORDED])),
    )
    extra["summary"] = (
        f"共 {counts['total']} 件，逾期报送 {counts['late']} 件，审核通过 {counts['approved']} 件"
    )
    may_file = has_capability(request.user, "mechanisms.filing_submit")
    return list_page(
        request,
        qs=qs,
        columns=filing_columns(),
        title="重大事项报备",
        export_url=reverse("mechanisms:filing_list"),
        export_capability="mechanisms.filing_view",
        create_url=reverse("mechanisms:filing_create") if may_file else "",
        extra=extra,
    )


def models_q(**kwargs: Any) -> Any:
    from django.db.models import Q

    return Q(**kwargs)


def _filed_message(f: Filing) -> str:
    return f"已报送。（逾期 {f.days_late} 个工作日，已标记逾期）" if f.late else "已报送。"


@capability_required("mechanisms.filing_submit")
def filing_create(request: HttpRequest) -> HttpResponse:
    form = FilingForm(request.POST or None, request.FILES or None, actor=request.user)
    return form_page(
        request,
        form,
        save=lambda data: services.submit_filing(actor=request.user, **data),
        next_url=_detail,
        back=reverse("mechanisms:filing_list"),
        title="报备重大事项",
        success=_filed_message,
    )


@capability_required("mechanisms.filing_view")
def filing_detail(request: HttpRequest, filing_id: int) -> HttpResponse:
    filing: Filing = get_object_for_user(
        Filing,
        request.user,
        filing_id,
        capability="mechanisms.filing_view",
        queryset=Filing.objects.select_related(
            "chamber", "filing_type__rule", "submitted_by"
        ).prefetch_related("attachments"),
    )
    steps = (
        AuditEntry.objects.visible_to(request.user)
        .filter(object_type="mechanisms.filing", object_id=str(filing.pk))
        .order_by("at", "pk")
    )
    rounds: list[Any] = []
    if has_capability(request.user, "mechanisms.round_view"):
        rounds = list(SignOffRound.objects.visible_to(request.user).filter(filing=filing).order_by("-pk"))
    context = {
        "filing": filing,
        "steps": steps,
        "actions": allowed_transitions(filing, request.user),
        "form": FilingStepForm(),
        "rounds": rounds,
        "may_open_round": has_capability(request.user, "mechanisms.round_open")
        and filing.status == FilingStatus.ACCEPTED,
    }
    return render(request, "mechanisms/filing_detail.html", context)


@require_POST
@capability_required("mechanisms.filing_view")
def filing_step(request: HttpRequest, filing_id: int) -> HttpResponse:
    filing: Filing = get_object_for_user(Filing, request.user, filing_id, capability="mechanisms.filing_view")
    step = request.POST.get("step", "")
    form = FilingStepForm(request.POST, request.FILES)
    if not form.is_valid():
        from django.contrib import messages

        messages.error(request, form_errors_text(form))
    else:
        run_and_flash(
            request,
            lambda: services.step_filing(
                actor=request.user,
                filing=filing,
                step=step,
                reason=form.cleaned_data["reason"],
                upload=form.cleaned_data["upload"],
            ),
            f"已{FILING_STEPS.get(step, '办理')}。",
        )
    return redirect(_detail(filing))


# ---------------------------------------------------------------- 事项类型


def type_columns() -> list[Column]:
    return [
        Column("排序", lambda t: t.order),
        Column(
            "事项类型", lambda t: t.name, link=lambda t: reverse("mechanisms:filingtype_edit", args=[t.pk])
        ),
        Column("报备要求", lambda t: t.rule_text),
        Column("依据制度", lambda t: str(t.rule) if t.rule else "—"),
        Column("状态", lambda t: ("启用", "green") if t.active else ("停用", "secondary"), badge=True),
    ]


@capability_required("mechanisms.filing_configure")
def filingtype_list(request: HttpRequest) -> HttpResponse:
    qs = FilingType.objects.visible_to(request.user).select_related("rule").order_by("order", "pk")
    return list_page(
        request,
        qs=qs,
        columns=type_columns(),
        title="报备事项类型",
        create_url=reverse("mechanisms:filingtype_create"),
    )


def _type_save(request: HttpRequest, filing_type: FilingType | None) -> Any:
    federation = filing_type.federation if filing_type else federation_of(request.user)
    return lambda data: services.save_filing_type(
        actor=request.user, federation=federation, filing_type=filing_type, **data
    )


@capability_required("mechanisms.filing_configure")
def filingtype_create(request: HttpRequest) -> HttpResponse:
    form = FilingTypeForm(request.POST or None, actor=request.user)
    return form_page(
        request,
        form,
        save=_type_save(request, None),
        next_url=reverse("mechanisms:filingtype_list"),
        title="新增报备事项类型",
    )


@capability_required("mechanisms.filing_configure")
def filingtype_edit(request: HttpRequest, filingtype_id: int) -> HttpResponse:
    filing_type: FilingType = get_object_for_user(
        FilingType, request.user, filingtype_id, capability="mechanisms.filing_configure", write=True
    )
    fields = ("name", "mode", "days", "threshold_amount", "rule", "active", "order")
    initial = {f: getattr(filing_type, f) for f in fields}
    initial["rule"] = filing_type.rule_id
    form = FilingTypeForm(request.POST or None, initial=initial, actor=request.user)
    return form_page(
        request,
        form,
        save=_type_save(request, filing_type),
        next_url=reverse("mechanisms:filingtype_list"),
        title=f"编辑报备事项类型：{filing_type.name}",
    )
