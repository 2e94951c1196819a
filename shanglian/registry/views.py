import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from shanglian.core.decorators import capability_required
from shanglian.core.flash import form_errors_text, run_and_flash
from shanglian.core.roles import has_capability
from shanglian.core.scope import get_object_for_user, scope_for
from shanglian.orgs.models import OrgKind
from shanglian.registry import exports, selectors, services
from shanglian.registry.forms import (
    ApplicationForm,
    ClassificationRuleForm,
    DecisionForm,
    DuesForm,
    EnterpriseFilterForm,
    EnterpriseForm,
    LeaveForm,
    MemberFilterForm,
    OverrideForm,
    PersonFilterForm,
    PersonForm,
    PersonRoleForm,
    YearFigureForm,
)
from shanglian.registry.models import (
    ApplicationStatus,
    ContributionTier,
    Enterprise,
    Membership,
    MembershipApplication,
    Person,
    PersonRole,
    Position,
    TalentPool,
    TalentPoolOverride,
)

EXPORT_LIMIT = 50_000
PER_PAGE = 30
TIER_LABELS = dict(ContributionTier.choices)


def _errors(exc: ValidationError) -> str:
    return "；".join(exc.messages)


def _rule(user):
    fed = selectors.federation_of(user)
    return fed, (selectors.rule_for(fed) if fed is not None else None)


def _clean(form) -> dict:
    """The filters that are valid: one bad parameter does not drop the others."""
    if not form.is_bound:
        return {}
    form.is_valid()
    return getattr(form, "cleaned_data", {})


# ---------------------------------------------------------------- enterprises


def _enterprise_rows(request, data):
    fed, rule = _rule(request.user)
    qs = Enterprise.objects.visible_to(request.user)
    qs = selectors.filter_enterprises(qs, data, rule)
    if rule is not None:
        qs = qs.annotate(tier=selectors.tier_expression(rule))
    return selectors.order_enterprises(qs, data.get("sort") or "name"), rule


@capability_required("enterprise.view")
def enterprise_list(request):
    form = EnterpriseFilterForm(request.GET or None, actor=request.user)
    data = _clean(form)
    qs, _ = _enterprise_rows(request, data)
    qs = qs.select_related("industry").prefetch_related(
        "tags",
        Prefetch(
            "memberships",
            queryset=Membership.objects.unscoped().filter(left_on__isnull=True).select_related("chamber"),
            to_attr="active_memberships",
        ),
    )
    page = selectors.SeekPage(qs, request.GET.get("page"), PER_PAGE)
    return render(
        request,
        "registry/enterprise_list.html",
        {"page": page, "form": form, "q": data.get("q", ""), "tier_labels": TIER_LABELS},
    )


@require_POST
@capability_required("registry.export")
def enterprise_export(request):
    form = EnterpriseFilterForm(request.POST, actor=request.user)
    data = _clean(form)
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
        for e in qs
    )
    content, count = exports.workbook_bytes("企业名单", headers, rows)
    services.record_export(
        actor=request.user,
        what="企业名单",
        count=count,
        organization=selectors.federation_of(request.user),
        filters={k: str(v) for k, v in request.POST.items() if k != "csrfmiddlewaretoken" and v},
    )
    return exports.xlsx_response(content, f"企业名单-{timezone.localdate():%Y%m%d}.xlsx")


@capability_required("enterprise.view")
def enterprise_detail(request, enterprise_id):
    enterprise = get_object_for_user(Enterprise, request.user, enterprise_id)
    can_edit = has_capability(request.user, "enterprise.edit") and (
        Enterprise.objects.editable_by(request.user).filter(pk=enterprise.pk).exists()
    )
    memberships = list(
        enterprise.memberships.select_related("chamber").prefetch_related("dues").order_by("-joined_on")
    )
    editable_memberships = set(
        Membership.objects.editable_by(request.user)
        .filter(pk__in=[m.pk for m in memberships])
        .values_list("pk", flat=True)
    )
    rule = selectors.rule_for(enterprise.federation)
    tier = (
        selectors.classified_enterprises(enterprise.federation, rule=rule)
        .filter(pk=enterprise.pk)
        .values_list("tier", flat=True)
        .first()
    )
    ctx = {
        "enterprise": enterprise,
        "memberships": memberships,
        "editable_memberships": editable_memberships,
        "figures": enterprise.year_figures.order_by("-year"),
        "people": enterprise.people.order_by("name"),
        "roles": enterprise.person_roles.select_related("person").order_by("person__name"),
        "tags": enterprise.tags.all(),
        "tier": TIER_LABELS.get(tier, ""),
        "rule_year": selectors.figure_year(rule),
        "can_edit": can_edit,
        "figure_form": YearFigureForm(initial={"year": timezone.localdate().year - 1}),
        "dues_form": DuesForm(initial={"year": timezone.localdate().year}),
        "leave_form": LeaveForm(initial={"left_on": timezone.localdate()}),
        "unmask": can_edit,
    }
    return render(request, "registry/enterprise_detail.html", ctx)


@capability_required("enterprise.create")
def enterprise_create(request):
    form = EnterpriseForm(request.POST or None, actor=request.user, creating=True)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        tags = data.pop("tags", None)
        chamber = data.pop("chamber", None)
        federation = (
            selectors.parent_of(chamber) if chamber is not None else selectors.federation_of(request.user)
        )
        try:
            enterprise = services.create_enterprise(
                actor=request.user, federation=federation, data=data, tags=tags, chamber=chamber
            )
        except ValidationError as exc:
            form.add_error(None, _errors(exc))
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
            form.add_error(None, _errors(exc))
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
            messages.error(request, _errors(exc))
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


# ---------------------------------------------------------------- memberships


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
        qs = qs.filter(enterprise__in=Enterprise.objects.unscoped().filter(selectors.search_q(data["q"])))
    return qs.select_related("enterprise", "chamber").order_by(
        "chamber__path", "position", "enterprise__name_pinyin", "id"
    )


@capability_required("membership.view")
def member_list(request):
    form = MemberFilterForm(request.GET or None, actor=request.user)
    page = selectors.SeekPage(_member_rows(request, _clean(form)), request.GET.get("page"), PER_PAGE)
    return render(request, "registry/member_list.html", {"page": page, "form": form})


@require_POST
@capability_required("registry.export")
def member_export(request):
    form = MemberFilterForm(request.POST, actor=request.user)
    qs = _member_rows(request, _clean(form))[:EXPORT_LIMIT]
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
        organization=selectors.federation_of(request.user),
        filters={k: str(v) for k, v in request.POST.items() if k != "csrfmiddlewaretoken" and v},
    )
    return exports.xlsx_response(content, f"入会申请-{timezone.localdate():%Y%m%d}.xlsx")


@capability_required("enterprise.view")
def application_list(request):
    qs, status = _application_rows(request, request.GET)
    page = selectors.SeekPage(qs, request.GET.get("page"), PER_PAGE)
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
            form.add_error(None, _errors(exc))
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
    return render(
        request,
        "registry/application_detail.html",
        {"application": application, "can_decide": can_decide, "form": DecisionForm()},
    )


def _may_decide(user, application) -> bool:
    if not has_capability(user, "membership.decide"):
        return False
    scope = scope_for(user)
    return (
        scope.superuser
        or application.chamber_id in scope.chamber_ids
        or any(application.chamber.path.startswith(p) for p in scope.admin_paths)
    )


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
            messages.error(request, _errors(exc))
    return redirect("registry:application_detail", membershipapplication_id=application.pk)


@capability_required("portal.view")
def portal(request):
    enterprises = list(
        Enterprise.objects.visible_to(request.user)
        .filter(pk__in=scope_for(request.user).enterprise_ids)
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


# ---------------------------------------------------------------- people


def _person_rows(request, data):
    qs = Person.objects.visible_to(request.user).select_related("enterprise")
    qs = selectors.filter_people(qs, data)
    return qs.order_by("name", "id")


def _may_see_id_number(user) -> bool:
    return has_capability(user, "person.view_id_number")


@capability_required("person.view")
def person_list(request):
    form = PersonFilterForm(request.GET or None)
    page = selectors.SeekPage(_person_rows(request, _clean(form)), request.GET.get("page"), PER_PAGE)
    return render(
        request,
        "registry/person_list.html",
        {
            "page": page,
            "form": form,
            "show_id": _may_see_id_number(request.user),
            "today": datetime.date.today(),
        },
    )


def _person_export_rows(people, *, show_id: bool, on):
    for p in people:
        yield [
            p.name,
            p.get_gender_display(),
            p.birth_date,
            p.age_on(on),
            p.get_political_status_display(),
            p.get_education_display(),
            p.enterprise.name if p.enterprise else "",
            p.phone if show_id else _mask_phone(p.phone),
            p.id_number if show_id else _mask_id(p.id_number),
            p.is_npc_deputy,
            p.is_cppcc_member,
        ]


PERSON_HEADERS = [
    "姓名",
    "性别",
    "出生日期",
    "年龄",
    "政治面貌",
    "学历",
    "所在企业",
    "手机",
    "身份证号",
    "人大代表",
    "政协委员",
]


def _mask_phone(v):
    from shanglian.core.masking import mask_phone

    return mask_phone(v)


def _mask_id(v):
    from shanglian.core.masking import mask_id_number

    return mask_id_number(v)


@require_POST
@capability_required("registry.export")
def person_export(request):
    form = PersonFilterForm(request.POST)
    qs = _person_rows(request, _clean(form))[:EXPORT_LIMIT]
    show = _may_see_id_number(request.user)
    content, count = exports.workbook_bytes(
        "企业家名单", PERSON_HEADERS, _person_export_rows(qs, show_id=show, on=datetime.date.today())
    )
    services.record_export(
        actor=request.user,
        what="企业家名单",
        count=count,
        organization=selectors.federation_of(request.user),
        filters={k: str(v) for k, v in request.POST.items() if k != "csrfmiddlewaretoken" and v},
    )
    return exports.xlsx_response(content, f"企业家名单-{timezone.localdate():%Y%m%d}.xlsx")


@capability_required("person.view")
def person_detail(request, person_id):
    person = get_object_for_user(
        Person, request.user, person_id, queryset=Person.objects.select_related("enterprise")
    )
    can_edit = has_capability(request.user, "person.edit") and (
        Person.objects.editable_by(request.user).filter(pk=person.pk).exists()
    )
    rule = selectors.rule_for(person.federation)
    pools = selectors.pools_of(person, rule=rule)
    may_manage_pools = has_capability(request.user, "talent.manage") and can_edit
    ctx = {
        "person": person,
        "roles": person.roles.select_related("enterprise").order_by("enterprise__name"),
        "can_edit": can_edit,
        "show_id": _may_see_id_number(request.user),
        "unmask_phone": can_edit,
        "age": person.age_on(selectors.reference_date(rule)),
        "pools": [(p, TalentPool(p).label) for p in pools],
        "overrides": TalentPoolOverride.objects.visible_to(request.user).filter(person=person),
        "may_manage_pools": may_manage_pools,
        "role_form": PersonRoleForm(actor=request.user) if can_edit else None,
        "override_form": OverrideForm() if may_manage_pools else None,
    }
    return render(request, "registry/person_detail.html", ctx)


@capability_required("person.edit")
def person_create(request):
    form = PersonForm(
        request.POST or None,
        actor=request.user,
        initial={"enterprise": request.GET.get("enterprise", "")[:12]},
    )
    if request.method == "POST" and form.is_valid():
        try:
            person = services.create_person(
                actor=request.user, data=form.cleaned_data, federation=selectors.federation_of(request.user)
            )
        except ValidationError as exc:
            form.add_error(None, _errors(exc))
        else:
            messages.success(request, f"企业家“{person.name}”已登记。")
            return redirect("registry:person_detail", person_id=person.pk)
    return render(
        request, "registry/form.html", {"form": form, "title": "登记企业家", "back": "registry:person_list"}
    )


@capability_required("person.edit")
def person_edit(request, person_id):
    person = get_object_for_user(Person, request.user, person_id, write=True)
    form = PersonForm(request.POST or None, actor=request.user, instance=person)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_person(actor=request.user, person=person, data=form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, _errors(exc))
        else:
            messages.success(request, "企业家信息已保存。")
            return redirect("registry:person_detail", person_id=person.pk)
    from django.urls import reverse

    return render(
        request,
        "registry/form.html",
        {
            "form": form,
            "title": f"编辑 {person.name}",
            "cancel_url": reverse("registry:person_detail", args=[person.pk]),
        },
    )


@require_POST
@capability_required("person.edit")
def person_role_add(request, person_id):
    person = get_object_for_user(Person, request.user, person_id, write=True)
    form = PersonRoleForm(request.POST, actor=request.user)
    if form.is_valid():
        try:
            services.add_person_role(actor=request.user, person=person, **form.cleaned_data)
            messages.success(request, "职务已添加。")
        except ValidationError as exc:
            messages.error(request, _errors(exc))
    else:
        messages.error(request, "请选择企业和职务。")
    return redirect("registry:person_detail", person_id=person.pk)


@require_POST
@capability_required("person.edit")
def person_role_delete(request, person_id, personrole_id):
    person = get_object_for_user(Person, request.user, person_id, write=True)
    role = PersonRole.objects.editable_by(request.user).filter(pk=personrole_id, person=person).first()
    if role is None:
        raise Http404
    services.remove_person_role(actor=request.user, role=role)
    messages.success(request, "职务已删除。")
    return redirect("registry:person_detail", person_id=person.pk)


@require_POST
@capability_required("talent.manage")
def person_pool_override(request, person_id):
    person = get_object_for_user(Person, request.user, person_id, write=True)
    form = OverrideForm(request.POST)
    if form.is_valid():
        try:
            services.set_pool_override(actor=request.user, person=person, **form.cleaned_data)
            messages.success(request, "人才库已调整。")
        except ValidationError as exc:
            messages.error(request, _errors(exc))
    else:
        messages.error(request, "请选择人才库、操作并填写理由。")
    nxt = request.POST.get("next", "")
    if nxt.startswith("/registry/talent/"):
        return redirect(nxt)
    return redirect("registry:person_detail", person_id=person.pk)


# ---------------------------------------------------------------- talent pools and rules


def _pool_rows(request, pool, data):
    fed, rule = _rule(request.user)
    if fed is None:
        return Person.objects.none(), None, None
    qs = selectors.talent_pool(fed, pool, rule=rule, queryset=Person.objects.visible_to(request.user))
    qs = selectors.filter_people(qs.select_related("enterprise"), data, on=selectors.reference_date(rule))
    return qs.order_by("name", "id"), fed, rule


def _pool_param(source) -> str:
    pool = source.get("pool", TalentPool.EXCELLENT)
    return pool if pool in TalentPool.values else TalentPool.EXCELLENT


@capability_required("talent.view")
def talent_pool(request):
    pool = _pool_param(request.GET)
    form = PersonFilterForm(request.GET or None)
    qs, fed, rule = _pool_rows(request, pool, _clean(form))
    page = selectors.SeekPage(qs, request.GET.get("page"), PER_PAGE)
    overrides = {}
    if fed is not None:
        overrides = dict(
            TalentPoolOverride.objects.visible_to(request.user)
            .filter(pool=pool, person__in=[p.pk for p in page])
            .values_list("person_id", "action")
        )
    return render(
        request,
        "registry/talent_pool.html",
        {
            "page": page,
            "form": form,
            "pool": pool,
            "pool_label": TalentPool(pool).label,
            "pools": TalentPool.choices,
            "rule": rule,
            "reference_date": selectors.reference_date(rule) if rule else None,
            "overrides": overrides,
            "may_manage": has_capability(request.user, "talent.manage"),
            "show_id": _may_see_id_number(request.user),
        },
    )


@require_POST
@capability_required("talent.view")
def talent_export(request):
    pool = _pool_param(request.POST)
    form = PersonFilterForm(request.POST)
    qs, fed, rule = _pool_rows(request, pool, _clean(form))
    show = _may_see_id_number(request.user)
    on = selectors.reference_date(rule) if rule else datetime.date.today()
    label = TalentPool(pool).label
    content, count = exports.workbook_bytes(
        label, PERSON_HEADERS, _person_export_rows(qs[:EXPORT_LIMIT], show_id=show, on=on)
    )
    services.record_export(
        actor=request.user,
        what=label,
        count=count,
        organization=fed,
        filters={k: str(v) for k, v in request.POST.items() if k != "csrfmiddlewaretoken" and v},
    )
    return exports.xlsx_response(content, f"{label}-{timezone.localdate():%Y%m%d}.xlsx")


@capability_required("classification.manage")
def classification_rule(request):
    fed = selectors.federation_of(request.user)
    if fed is None or fed.kind != OrgKind.FEDERATION:
        raise Http404
    rule = selectors.rule_for(fed)
    form = ClassificationRuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        industries = data.pop("key_industries")
        try:
            services.save_classification_rule(
                actor=request.user, federation=fed, data=data, key_industries=industries
            )
        except ValidationError as exc:
            form.add_error(None, _errors(exc))
        else:
            messages.success(request, "数据分类规则已保存，三库名单已按新规则更新。")
            return redirect("registry:classification_rule")
    tiers = []
    for value, label in ContributionTier.choices:
        count = selectors.classified_enterprises(fed, tier=value, rule=rule).count()
        tiers.append((value, label, count))
    pools = [
        (value, label, selectors.talent_pool(fed, value, rule=rule).count())
        for value, label in TalentPool.choices
    ]
    return render(
        request,
        "registry/classification_rule.html",
        {
            "form": form,
            "federation": fed,
            "tiers": tiers,
            "pools": pools,
            "figure_year": selectors.figure_year(rule),
            "reference_date": selectors.reference_date(rule),
        },
    )
