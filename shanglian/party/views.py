from datetime import date

from django.contrib import messages
from django.forms.models import model_to_dict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from shanglian.core.access import federation_of, with_write_flag
from shanglian.core.decorators import capability_required
from shanglian.core.flash import run_and_flash
from shanglian.core.pages import Column, html_rows, wants_export
from shanglian.core.roles import has_capability
from shanglian.core.scope import get_object_for_user
from shanglian.governance.forms import visible_chambers
from shanglian.governance.views.common import (
    chamber_filter,
    columns_export,
    delete_page,
    form_page,
    list_page,
    services_may_edit,
)
from shanglian.metrics import caching
from shanglian.party import selectors, services
from shanglian.party.forms import PartyMemberForm, PartyOrgForm, ShowcaseForm
from shanglian.party.models import PartyBrand, PartyMember, PartyModelSite, PartyOrganization, ShowcaseLevel

PRETITLE = "党建"


def _date_param(request, name, default):
    raw = request.GET.get(name, "")
    try:
        return date.fromisoformat(raw) if raw else default
    except ValueError:
        return default


# ---------------------------------------------------------------- overview + 交叉任职


def _yes_no(value):
    if value is None:
        return "—", "secondary"
    return ("是", "green") if value else ("否", "red")


def chamber_columns():
    return [
        Column("商会", lambda c: c.name),
        Column(
            "党组织",
            lambda c: c.party_org.name if c.party_org else "",
            link=lambda c: reverse("party:org_detail", args=[c.party_org.pk]) if c.party_org else "",
        ),
        Column("类型", lambda c: c.party_org.get_kind_display() if c.party_org else ""),
        Column("党组织成立", lambda c: c.party_org.founded_on if c.party_org else None),
        Column("党组织揭牌", lambda c: c.party_org.unveiled_on if c.party_org else None),
        Column("商会揭牌", lambda c: c.unveiled_on),
        Column(
            "同时揭牌（双建双揭）",
            lambda c: _yes_no(c.party_org.dual_unveiling if c.party_org else None),
            badge=True,
        ),
        Column("班子成员", lambda c: len(c.cross.leaders)),
        Column("交叉任职", lambda c: len(c.cross.cross)),
        Column("交叉任职比例", lambda c: str(c.cross.share)),
    ]


def _chamber_rows(request, on):
    chambers = list(visible_chambers(request.user))
    orgs = {
        o.chamber_id: o
        for o in PartyOrganization.objects.visible_to(request.user)
        .filter(founded_on__lte=on)
        .exclude(dissolved_on__lte=on)
        .select_related("chamber")
    }
    cross = selectors.cross_appointment([c.pk for c in chambers], on)
    for c in chambers:
        c.party_org = orgs.get(c.pk)
        c.cross = cross[c.pk]
    return chambers


@capability_required("party.view")
def overview(request):
    today = date.today()
    on = _date_param(request, "on", today)
    chambers = _chamber_rows(request, on)
    columns = chamber_columns()
    if wants_export(request):
        return columns_export(
            request,
            title="商会党组织覆盖与交叉任职",
            columns=columns,
            objects=chambers,
            model=PartyOrganization,
        )
    ctx = {"on": on, "headers": [c.header for c in columns], "rows": html_rows(columns, chambers)}
    federation = federation_of(request.user)
    if has_capability(request.user, "party.figures") and federation is not None:
        year = request.GET.get("year", "")
        year = int(year) if year.isdecimal() and 1949 <= int(year) <= 2100 else on.year
        start, end = date(year, 1, 1), date(year, 12, 31)

        def compute():
            return {
                "founded": selectors.party_orgs_founded(federation, start, end),
                "coverage": selectors.coverage_rate(federation, on),
                "cross": selectors.cross_appointment_share(federation, on),
                "cross_people": selectors.cross_appointment_people_share(federation, on),
                "model_sites": selectors.model_sites(federation),
                "brands": selectors.brands(federation),
                "meetings": selectors.meetings_covering_party_share(federation, start, end),
            }

        # Seven federation-wide figures (~20 queries) kept like the registry's metrics: until a table they
        # read is written, so the page does not recount them on every view.
        figures = caching.cached("party.overview", f"{federation.pk}:{year}:{on}", frozenset(), compute)
        ctx["figures"] = {"federation": federation, "year": year, **figures}
    return render(request, "party/overview.html", ctx)


# ---------------------------------------------------------------- party organisations


def org_columns():
    return [
        Column("商会", lambda o: o.chamber.name),
        Column("党组织", lambda o: o.name, link=lambda o: reverse("party:org_detail", args=[o.pk])),
        Column("类型", lambda o: o.get_kind_display()),
        Column("成立日期", lambda o: o.founded_on),
        Column("揭牌日期", lambda o: o.unveiled_on),
        Column("同时揭牌", lambda o: _yes_no(o.dual_unveiling), badge=True),
        Column("书记", lambda o: o.secretary.name if o.secretary_id else ""),
        Column("党员人数", lambda o: o.member_count),
        Column(
            "状态", lambda o: ("已撤销", "secondary") if o.dissolved_on else ("在册", "green"), badge=True
        ),
    ]


@capability_required("party.view")
def org_list(request):
    qs = PartyOrganization.objects.visible_to(request.user).select_related("chamber", "secretary")
    qs, extra = chamber_filter(request, qs.order_by("chamber__path", "-founded_on"))
    if wants_export(request):
        return columns_export(
            request, title="商会党组织", columns=org_columns(), objects=qs, model=PartyOrganization
        )
    create = reverse("party:org_create") if has_capability(request.user, "party.edit") else ""
    return list_page(
        request,
        qs=qs,
        columns=org_columns(),
        title="商会党组织",
        export_url=reverse("party:org_list"),
        create_url=create,
        extra=extra,
        pretitle=PRETITLE,
    )


@capability_required("party.view")
def org_detail(request, partyorganization_id):
    org = get_object_for_user(PartyOrganization, request.user, partyorganization_id)
    can_edit = has_capability(request.user, "party.edit") and services_may_edit(request.user, org.chamber)
    cross = selectors.cross_appointment([org.chamber_id])[org.chamber_id]
    ctx = {
        "org": org,
        "members": org.members.select_related("person__enterprise").order_by("role", "pk"),
        "member_form": PartyMemberForm(actor=request.user) if can_edit else None,
        "can_edit": can_edit,
        "cross": cross,
    }
    return render(request, "party/org_detail.html", ctx)


ORG_FIELDS = (
    "chamber",
    "name",
    "kind",
    "founded_on",
    "unveiled_on",
    "secretary",
    "member_count",
    "dissolved_on",
)


@capability_required("party.edit")
def org_create(request):
    form = PartyOrgForm(request.POST or None, actor=request.user)
    return form_page(
        request,
        form=form,
        save=lambda d: services.save_party_org(actor=request.user, **d),
        title="登记商会党组织",
        next_url=lambda o: reverse("party:org_detail", args=[o.pk]) if o else reverse("party:org_list"),
        pretitle=PRETITLE,
    )


@capability_required("party.edit")
def org_edit(request, partyorganization_id):
    org = get_object_for_user(
        PartyOrganization, request.user, partyorganization_id, capability="party.edit", write=True
    )
    form = PartyOrgForm(
        request.POST or None, actor=request.user, initial={f: getattr(org, f) for f in ORG_FIELDS}
    )
    return form_page(
        request,
        form=form,
        save=lambda d: services.save_party_org(actor=request.user, party_org=org, **d),
        title=f"编辑：{org}",
        next_url=lambda o: reverse("party:org_detail", args=[o.pk]),
        obj=org,
        pretitle=PRETITLE,
    )


@capability_required("party.edit")
def org_delete(request, partyorganization_id):
    org = get_object_for_user(
        PartyOrganization, request.user, partyorganization_id, capability="party.edit", write=True
    )
    return delete_page(
        request,
        obj=org,
        delete=lambda: services.delete_party_org(actor=request.user, party_org=org),
        back_url=reverse("party:org_list"),
        pretitle=PRETITLE,
    )


@require_POST
@capability_required("party.edit")
def member_add(request, partyorganization_id):
    org = get_object_for_user(
        PartyOrganization, request.user, partyorganization_id, capability="party.edit", write=True
    )
    form = PartyMemberForm(request.POST, actor=request.user)
    if form.is_valid():
        run_and_flash(
            request,
            lambda: services.add_party_member(actor=request.user, party_org=org, **form.cleaned_data),
            "成员已登记。",
        )
    else:
        messages.error(request, "登记失败：请选择人员和党内职务。")
    return redirect("party:org_detail", partyorganization_id=org.pk)


@require_POST
@capability_required("party.edit")
def member_remove(request, partymember_id):
    member = get_object_for_user(
        PartyMember, request.user, partymember_id, capability="party.edit", write=True
    )
    org_id = member.party_org_id
    run_and_flash(
        request, lambda: services.remove_party_member(actor=request.user, member=member), "成员已移除。"
    )
    return redirect("party:org_detail", partyorganization_id=org_id)


# ---------------------------------------------------------------- 示范点 / 品牌


SHOWCASES = {
    "site": (PartyModelSite, "党建示范点", "party:site_list", "party:site_edit"),
    "brand": (PartyBrand, "党建品牌", "party:brand_list", "party:brand_edit"),
}


def showcase_columns(kind):
    model, label, _, edit_name = SHOWCASES[kind]
    return [
        Column(
            "名称",
            lambda s: s.name,
            link=lambda s: reverse(edit_name, args=[s.pk]) if getattr(s, "user_may_write", False) else "",
        ),
        Column("级别", lambda s: s.get_level_display()),
        Column("命名年度", lambda s: s.year),
        Column("层次", lambda s: s.tier_label),
        Column("所在单位", lambda s: str(s.place)),
        Column("简介", lambda s: s.description[:60]),
    ]


def _showcase_list(request, kind):
    model, label, list_name, _ = SHOWCASES[kind]
    qs = model.objects.visible_to(request.user).select_related("federation", "chamber", "enterprise")
    level = request.GET.get("level", "")
    if level in ShowcaseLevel.values:
        qs = qs.filter(level=level)
    qs = qs.order_by("-year", "name")
    if wants_export(request):
        return columns_export(request, title=label, columns=showcase_columns(kind), objects=qs, model=model)
    create = reverse(f"party:{kind}_create") if has_capability(request.user, "party.showcase_edit") else ""
    return list_page(
        request,
        qs=with_write_flag(qs, request.user, capability="party.showcase_edit"),
        columns=showcase_columns(kind),
        title=label,
        export_url=reverse(list_name),
        create_url=create,
        extra={
            "chambers": [],
            "levels": ShowcaseLevel.choices,
            "level_selected": level,
            "summary": f"共 {qs.count()} 个",
        },
        pretitle=PRETITLE,
    )


def _showcase_create(request, kind):
    model, label, list_name, _ = SHOWCASES[kind]
    form = ShowcaseForm(request.POST or None, actor=request.user, initial={"year": date.today().year})
    return form_page(
        request,
        form=form,
        save=lambda d: services.save_showcase(actor=request.user, model=model, **d),
        title=f"新增{label}",
        next_url=reverse(list_name),
        pretitle=PRETITLE,
    )


SHOWCASE_FIELDS = ("federation", "name", "level", "year", "chamber", "enterprise", "description")


def _showcase_edit(request, kind, pk):
    model, label, list_name, _ = SHOWCASES[kind]
    obj = get_object_for_user(model, request.user, pk, capability="party.showcase_edit", write=True)
    form = ShowcaseForm(
        request.POST or None, actor=request.user, initial=model_to_dict(obj, fields=SHOWCASE_FIELDS)
    )
    return form_page(
        request,
        form=form,
        save=lambda d: services.save_showcase(actor=request.user, model=model, obj=obj, **d),
        title=f"编辑{label}：{obj}",
        next_url=reverse(list_name),
        obj=obj,
        pretitle=PRETITLE,
    )


def _showcase_delete(request, kind, pk):
    model, label, list_name, _ = SHOWCASES[kind]
    obj = get_object_for_user(model, request.user, pk, capability="party.showcase_edit", write=True)
    return delete_page(
        request,
        obj=obj,
        delete=lambda: services.delete_showcase(actor=request.user, obj=obj),
        back_url=reverse(list_name),
        pretitle=PRETITLE,
    )


@capability_required("party.view")
def site_list(request):
    return _showcase_list(request, "site")


@capability_required("party.showcase_edit")
def site_create(request):
    return _showcase_create(request, "site")


@capability_required("party.showcase_edit")
def site_edit(request, partymodelsite_id):
    return _showcase_edit(request, "site", partymodelsite_id)


@capability_required("party.showcase_edit")
def site_delete(request, partymodelsite_id):
    return _showcase_delete(request, "site", partymodelsite_id)


@capability_required("party.view")
def brand_list(request):
    return _showcase_list(request, "brand")


@capability_required("party.showcase_edit")
def brand_create(request):
    return _showcase_create(request, "brand")


@capability_required("party.showcase_edit")
def brand_edit(request, partybrand_id):
    return _showcase_edit(request, "brand", partybrand_id)


@capability_required("party.showcase_edit")
def brand_delete(request, partybrand_id):
    return _showcase_delete(request, "brand", partybrand_id)


# ---------------------------------------------------------------- 红盟企业


def red_alliance_columns():
    return [
        Column(
            "企业名称", lambda e: e.name, link=lambda e: reverse("registry:enterprise_detail", args=[e.pk])
        ),
        Column("统一社会信用代码", lambda e: e.credit_code),
        Column("法定代表人", lambda e: e.legal_representative),
        Column("所属街道", lambda e: e.street),
    ]


@capability_required("party.view")
def red_alliance(request):
    from shanglian.registry.models import Enterprise

    qs = selectors.red_alliance_enterprises(Enterprise.objects.visible_to(request.user))
    if qs is None:
        return render(request, "party/red_alliance_unavailable.html")
    qs = qs.order_by("name")
    if wants_export(request):
        return columns_export(
            request, title="党建红盟企业", columns=red_alliance_columns(), objects=qs, model=Enterprise
        )
    return list_page(
        request,
        qs=qs,
        columns=red_alliance_columns(),
        title="党建红盟企业",
        export_url=reverse("party:red_alliance"),
        extra={"summary": f"共 {qs.count()} 家（企业标签“红盟企业”）"},
        pretitle=PRETITLE,
    )
