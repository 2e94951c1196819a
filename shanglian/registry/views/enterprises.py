"""Enterprise pages: the 企业名单 list and export, detail, create/edit, year figures, and the enterprise portal."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from shanglian.core import timeline
from shanglian.core.access import can_write, federation_of, own_enterprise_ids, writes_only_as_enterprise
from shanglian.core.decorators import capability_required
from shanglian.core.flash import form_errors_text
from shanglian.core.roles import has_capability
from shanglian.core.scope import get_object_for_user
from shanglian.registry import exports, selectors, services
from shanglian.registry.forms import DuesForm, EnterpriseFilterForm, EnterpriseForm, LeaveForm, YearFigureForm
from shanglian.registry.models import Enterprise, Membership, MembershipApplication
from shanglian.registry.views.common import (
    EXPORT_LIMIT,
    PER_PAGE,
    TIER_LABELS,
    clean_filters,
    error_text,
    federation_rule,
)


def _enterprise_rows(request, data):
    fed, rule = federation_rule(request.user)
    qs = Enterprise.objects.visible_to(request.user)
    qs = selectors.filter_enterprises(qs, data, rule)
    if rule is not None:
        qs = qs.annotate(tier=selectors.tier_expression(rule))
    return selectors.order_enterprises(qs, data.get("sort") or "name"), rule


@capability_required("enterprise.view")
def enterprise_list(request):
    if not has_capability(request.user, "enterprise.list"):
        # An enterprise user's registry is its own enterprise: 我的企业, not a list with 11 filters.
        return redirect("registry:portal")
    form = EnterpriseFilterForm(request.GET or None, actor=request.user)
    data = clean_filters(form)
    qs, _ = _enterprise_rows(request, data)
    qs = qs.select_related("industry").prefetch_related(
        "tags",
        Prefetch(
            "memberships",
            queryset=Membership.objects.visible_to(request.user)
            .filter(left_on__isnull=True)
            .select_related("chamber"),
            to_attr="active_memberships",
        ),
    )
    page = selectors.page_of(qs, request.GET, PER_PAGE)
    return render(
        request,
        "registry/enterprise_list.html",
        {"page": page, "form": form, "q": data.get("q", ""), "tier_labels": TIER_LABELS},
    )


@require_POST
@capability_required("registry.export")
def enterprise_export(request):
    form = EnterpriseFilterForm(request.POST, actor=request.user)
    data = clean_filters(form)
    qs, _ = _enterprise_rows(request, data)
    qs = qs.select_related("industry").prefetch_related("tags")[:EXPORT_LIMIT]
    headers = [
        "企业名称",
        "统一社会信用代码",
        "法定代表人",
        "注册地址",
        "所属街道",
        "所属行业",
        "企业规模",
        "成立日期",
        "员工数",
        "标签",
        "贡献等级",
    ]
    rows = (
        [
            e.name,
            e.credit_code,
            e.legal_representative,
            e.registered_address,
            e.street,
            str(e.industry) if e.industry else "",
            e.get_scale_display(),
            e.founded_on,
            e.employees,
            "、".join(t.name for t in e.tags.all()),
            TIER_LABELS.get(getattr(e, "tier", ""), ""),
        ]
        for e in qs.iterator(chunk_size=2000)  # model rows are not all held at once
    )
    content, count = exports.workbook_bytes("企业名单", headers, rows)
    services.record_export(
        actor=request.user,
        what="企业名单",
        count=count,
        organization=federation_of(request.user),
        filters={k: str(v) for k, v in request.POST.items() if k != "csrfmiddlewaretoken" and v},
    )
    return exports.xlsx_response(content, f"企业名单-{timezone.localdate():%Y%m%d}.xlsx")


@capability_required("enterprise.view")
def enterprise_detail(request, enterprise_id):
    enterprise = get_object_for_user(Enterprise, request.user, enterprise_id, with_write_flag=True)
    can_edit = has_capability(request.user, "enterprise.edit") and can_write(request.user, enterprise)
    memberships = selectors.memberships_of_enterprise(enterprise, request.user)
    editable_memberships = {m.pk for m in memberships if m.editable}
    rule = selectors.rule_for(enterprise.federation_id)
    figures = list(enterprise.year_figures.order_by("-year"))
    tier = selectors.tier_of(rule, enterprise, figures)
    ctx = {
        "enterprise": enterprise,
        "memberships": memberships,
        "editable_memberships": editable_memberships,
        "figures": figures,
        "people": enterprise.people.order_by("name"),
        "roles": enterprise.person_roles.select_related("person").order_by("person__name"),
        "tags": enterprise.tags.all(),
        "tier": TIER_LABELS.get(tier, ""),
        "rule_year": selectors.figure_year(rule),
        "can_edit": can_edit,
        "figures_kept": can_edit and writes_only_as_enterprise(request.user, enterprise),
        "figure_form": YearFigureForm(initial={"year": timezone.localdate().year - 1}),
        "dues_form": DuesForm(initial={"year": timezone.localdate().year}),
        "leave_form": LeaveForm(initial={"left_on": timezone.localdate()}),
        "unmask": can_edit,
    }
    return render(request, "registry/enterprise_detail.html", ctx)


@capability_required("enterprise.view")
def enterprise_timeline(request, enterprise_id):
    """一企一档: loaded into the enterprise page by htmx, so the page itself stays within its query budget."""
    enterprise = get_object_for_user(Enterprise, request.user, enterprise_id)
    entries = timeline.entries_for(enterprise, request.user)
    return render(request, "registry/partials/timeline.html", {"entries": entries})


@capability_required("enterprise.create")
def enterprise_create(request):
    form = EnterpriseForm(request.POST or None, actor=request.user, creating=True)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        tags = data.pop("tags", None)
        chamber = data.pop("chamber", None)
        federation = selectors.parent_of(chamber) if chamber is not None else federation_of(request.user)
        try:
            enterprise = services.create_enterprise(
                actor=request.user, federation=federation, data=data, tags=tags, chamber=chamber
            )
        except ValidationError as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(request, f"企业“{enterprise.name}”已登记。")
            return redirect("registry:enterprise_detail", enterprise_id=enterprise.pk)
    return render(
        request, "registry/form.html", {"form": form, "title": "登记企业", "back": "registry:enterprise_list"}
    )


@capability_required("enterprise.edit")
def enterprise_edit(request, enterprise_id):
    enterprise = get_object_for_user(Enterprise, request.user, enterprise_id, write=True)
    form = EnterpriseForm(request.POST or None, actor=request.user, instance=enterprise)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        tags = data.pop("tags", None)
        try:
            services.update_enterprise(actor=request.user, enterprise=enterprise, data=data, tags=tags)
        except ValidationError as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(request, "企业信息已保存。")
            return redirect("registry:enterprise_detail", enterprise_id=enterprise.pk)
    return render(
        request,
        "registry/form.html",
        {"form": form, "title": f"编辑 {enterprise.name}", "cancel_url": enterprise_url(enterprise)},
    )


def enterprise_url(enterprise):
    from django.urls import reverse

    return reverse("registry:enterprise_detail", kwargs={"enterprise_id": enterprise.pk})


@require_POST
@capability_required("enterprise.edit")
def year_figure_save(request, enterprise_id):
    enterprise = get_object_for_user(Enterprise, request.user, enterprise_id, write=True)
    form = YearFigureForm(request.POST)
    if form.is_valid():
        try:
            services.set_year_figure(actor=request.user, enterprise=enterprise, **form.cleaned_data)
            messages.success(request, f"{form.cleaned_data['year']} 年度数据已保存。")
        except ValidationError as exc:
            messages.error(request, error_text(exc))
    else:
        messages.error(request, "年度数据有误：" + form_errors_text(form))
    return redirect("registry:enterprise_detail", enterprise_id=enterprise.pk)


@require_POST
@capability_required("enterprise.edit")
def year_figure_delete(request, enterprise_id, enterpriseyearfigure_id):
    enterprise = get_object_for_user(Enterprise, request.user, enterprise_id, write=True)
    figure = enterprise.year_figures.filter(pk=enterpriseyearfigure_id).first()
    if figure is None:
        raise Http404
    services.delete_year_figure(actor=request.user, figure=figure)
    messages.success(request, f"{figure.year} 年度数据已删除。")
    return redirect("registry:enterprise_detail", enterprise_id=enterprise.pk)


@capability_required("portal.view")
def portal(request):
    enterprises = list(
        Enterprise.objects.visible_to(request.user)
        .filter(pk__in=own_enterprise_ids(request.user))
        .select_related("industry")
        .prefetch_related("tags", "people", "year_figures")
        .order_by("name_pinyin")
    )
    applications = (
        MembershipApplication.objects.visible_to(request.user)
        .filter(enterprise__in=enterprises)
        .select_related("chamber", "enterprise")
        .order_by("-submitted_at")[:10]
    )
    memberships = (
        Membership.objects.visible_to(request.user)
        .filter(enterprise__in=enterprises, left_on__isnull=True)
        .select_related("chamber", "enterprise")
    )
    return render(
        request,
        "registry/portal.html",
        {
            "enterprises": enterprises,
            "applications": applications,
            "memberships": memberships,
            "last_year": timezone.localdate().year - 1,
        },
    )
