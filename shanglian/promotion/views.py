"""Pages of the promotion platform: visits (record, plan by random draw, confirm), coverage, 包联,
institutions and 产学研 projects. Thin: reads through scope, writes through services."""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from shanglian.core import pages
from shanglian.core.access import can_write, own_enterprise_ids
from shanglian.core.decorators import capability_required
from shanglian.core.flash import run_and_flash
from shanglian.core.pages import Column, wants_export
from shanglian.core.roles import has_capability
from shanglian.core.scope import get_object_for_user
from shanglian.orgs.models import Organization
from shanglian.promotion import selectors, services
from shanglian.promotion.forms import (
    AssignmentForm,
    DrawForm,
    InstitutionForm,
    ProjectForm,
    ReasonForm,
    SignForm,
    TargetForm,
    VisitForm,
    VisitResultFields,
)
from shanglian.promotion.models import (
    VISIT_PHOTO,
    CadreAssignment,
    Institution,
    ProjectStatus,
    ResearchProject,
    TechNeed,
    Visit,
    VisitDraw,
    VisitMode,
    VisitStatus,
)
from shanglian.workflow.services import allowed_transitions

PRETITLE = "助推平台"
form_page = partial(pages.form_page, pretitle=PRETITLE)
list_page = partial(pages.list_page, pretitle=PRETITLE, export_capability="promotion.export")
export_page = partial(pages.export_page, capability="promotion.export")

STATUS_COLOUR = {
    VisitStatus.PLANNED: "azure",
    VisitStatus.DONE: "green",
    VisitStatus.CONFIRMED: "teal",
    VisitStatus.CANCELLED: "secondary",
}
PROJECT_COLOUR = {
    ProjectStatus.NEGOTIATING: "azure",
    ProjectStatus.SIGNED: "green",
    ProjectStatus.IMPLEMENTING: "teal",
    ProjectStatus.CONCLUDED: "secondary",
    ProjectStatus.DROPPED: "red",
}


def _photo(data: dict[str, Any]) -> list[Any]:
    return [data["photo"]] if data.get("photo") else []


# ---------------------------------------------------------------- visits


def visit_columns() -> list[Column]:
    return [
        Column("计划/走访日期", lambda v: v.visited_on or v.planned_on),
        Column(
            "企业", lambda v: v.enterprise.name, link=lambda v: reverse("promotion:visit_detail", args=[v.pk])
        ),
        Column("走访单位", lambda v: v.organization.name),
        Column(
            "方式", lambda v: f"{v.get_mode_display()}·{v.get_channel_display()}·{v.get_selection_display()}"
        ),
        Column("状态", lambda v: (v.get_status_display(), STATUS_COLOUR[v.status]), badge=True),
        Column("问题建议", lambda v: len(v.problem_lines)),
    ]


@capability_required("promotion.view")
def visit_list(request: HttpRequest) -> HttpResponse:
    qs = selectors.visits_for(request.user)
    status, mode = request.GET.get("status", ""), request.GET.get("mode", "")
    if status in VisitStatus.values:
        qs = qs.filter(status=status)
    if mode in VisitMode.values:
        qs = qs.filter(mode=mode)
    if wants_export(request):
        return export_page(request, title="走访记录", columns=visit_columns(), objects=qs, model=Visit)
    may_edit = has_capability(request.user, "promotion.edit")
    return list_page(
        request,
        qs=qs,
        columns=visit_columns(),
        title="走访记录",
        export_url=reverse("promotion:visit_list"),
        create_url=reverse("promotion:visit_create") if may_edit else "",
        template="promotion/visit_list.html",
        extra={
            "statuses": VisitStatus.choices,
            "status_selected": status,
            "modes": VisitMode.choices,
            "mode_selected": mode,
            "may_edit": may_edit,
        },
    )


@capability_required("promotion.confirm")
def my_visits(request: HttpRequest) -> HttpResponse:
    """The enterprise user's own visit records, to confirm."""
    qs = selectors.visits_for(request.user).filter(enterprise_id__in=own_enterprise_ids(request.user))
    return list_page(request, qs=qs, columns=visit_columns(), title="我的走访记录", export_url="")


@capability_required("promotion.edit")
def visit_create(request: HttpRequest) -> HttpResponse:
    initial: dict[str, Any] = {"visited_on": date.today()}
    if request.GET.get("enterprise", "").isdecimal():
        initial["enterprise"] = int(request.GET["enterprise"])
    form = VisitForm(request.POST or None, request.FILES or None, actor=request.user, initial=initial)

    def save(d: dict[str, Any]) -> Visit:
        photos = _photo(d)
        fields = {k: v for k, v in d.items() if k != "photo"}
        return services.record_visit(actor=request.user, photos=photos, **fields)

    return form_page(
        request,
        form=form,
        save=save,
        title="登记走访",
        next_url=lambda v: (
            reverse("promotion:visit_detail", args=[v.pk]) if v else reverse("promotion:visit_list")
        ),
    )


def _visit(request: HttpRequest, visit_id: int) -> Visit:
    visit: Visit = get_object_for_user(
        Visit,
        request.user,
        visit_id,
        queryset=Visit.objects.select_related("organization", "enterprise", "draw"),
    )
    return visit


@capability_required("promotion.visit")
def visit_detail(request: HttpRequest, visit_id: int) -> HttpResponse:
    visit = _visit(request, visit_id)
    actions = {t.name for t in allowed_transitions(visit, request.user)}
    ctx = {
        "visit": visit,
        "photos": [a for a in visit.attachments.all() if a.use == VISIT_PHOTO],
        "actions": actions,
        "own_enterprises": own_enterprise_ids(request.user),
        "appeals": selectors.appeals_from(visit, request.user),
        "may_appeal": has_capability(request.user, "appeals.submit")
        and can_write(request.user, visit.organization),
        "staff": has_capability(request.user, "promotion.view"),
        "pretitle": PRETITLE,
    }
    return render(request, "promotion/visit_detail.html", ctx)


@capability_required("promotion.edit")
def visit_complete(request: HttpRequest, visit_id: int) -> HttpResponse:
    visit = get_object_for_user(Visit, request.user, visit_id, capability="promotion.edit", write=True)
    if not can_write(request.user, visit.organization):
        raise PermissionDenied
    form = VisitResultFields(
        request.POST or None,
        request.FILES or None,
        initial={"visited_on": date.today(), "mode": visit.mode, "channel": visit.channel},
    )

    def save(d: dict[str, Any]) -> Visit:
        photos = _photo(d)
        fields = {k: v for k, v in d.items() if k != "photo"}
        return services.complete_visit(actor=request.user, visit=visit, photos=photos, **fields)

    return form_page(
        request,
        form=form,
        save=save,
        title=f"登记走访结果：{visit.enterprise}",
        next_url=lambda v: reverse("promotion:visit_detail", args=[visit.pk]),
    )


@require_POST
@capability_required("promotion.visit")
def visit_confirm(request: HttpRequest, visit_id: int) -> HttpResponse:
    visit = _visit(request, visit_id)
    run_and_flash(
        request, lambda: services.confirm_visit(actor=request.user, visit=visit), "走访记录已确认。"
    )
    return redirect("promotion:visit_detail", visit.pk)


@require_POST
@capability_required("promotion.edit")
def visit_appeal(request: HttpRequest, visit_id: int) -> HttpResponse:
    visit = get_object_for_user(Visit, request.user, visit_id, capability="promotion.edit", write=True)
    raw = request.POST.get("line", "")
    line = int(raw) if raw.isdecimal() else -1
    run_and_flash(
        request,
        lambda: services.raise_appeal_from_visit(actor=request.user, visit=visit, line=line),
        "已转为诉求，进入受理流程。",
    )
    return redirect("promotion:visit_detail", visit.pk)


@capability_required("promotion.edit")
def visit_cancel(request: HttpRequest, visit_id: int) -> HttpResponse:
    visit = get_object_for_user(Visit, request.user, visit_id, capability="promotion.edit", write=True)
    form = ReasonForm(request.POST or None)
    return form_page(
        request,
        form=form,
        save=lambda d: services.cancel_visit(actor=request.user, visit=visit, reason=d["reason"]),
        title=f"取消走访：{visit.enterprise}",
        next_url=reverse("promotion:visit_detail", args=[visit.pk]),
        success="已取消走访。",
    )


# ---------------------------------------------------------------- random draw


@capability_required("promotion.edit")
def draw_create(request: HttpRequest) -> HttpResponse:
    year = timezone.localdate().year
    form = DrawForm(request.POST or None, actor=request.user, initial={"planned_on": date.today()})

    def save(d: dict[str, Any]) -> VisitDraw:
        return services.draw_visits(
            actor=request.user,
            organization=d["organization"],
            chamber=d["chamber"],
            size=d["size"],
            planned_on=d["planned_on"],
            directors_only=d["directors_only"],
            exclude_visited_year=year if d["exclude_visited"] else None,
            seed=d["seed"],
        )

    return form_page(
        request,
        form=form,
        save=save,
        title="随机抽取走访企业",
        next_url=lambda dr: (
            reverse("promotion:draw_detail", args=[dr.pk]) if dr else reverse("promotion:visit_list")
        ),
        success=lambda dr: f"已抽取 {dr.size} 家企业并生成走访计划。",
    )


@capability_required("promotion.view")
def draw_detail(request: HttpRequest, visitdraw_id: int) -> HttpResponse:
    draw = get_object_for_user(
        VisitDraw,
        request.user,
        visitdraw_id,
        queryset=VisitDraw.objects.select_related("chamber", "organization"),
    )
    visits = draw.visits.select_related("enterprise").order_by("enterprise__name_pinyin", "pk")
    return render(
        request, "promotion/draw_detail.html", {"draw": draw, "visits": visits, "pretitle": PRETITLE}
    )


# ---------------------------------------------------------------- coverage and 包联


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("year", "")
    this = timezone.localdate().year
    return int(raw) if raw.isdecimal() and 2000 <= int(raw) <= this + 1 else this


@capability_required("promotion.view")
def coverage(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    chambers = Organization.objects.visible_to(request.user).chambers().order_by("path")
    rows = selectors.coverage(chambers, year)
    return render(
        request,
        "promotion/coverage.html",
        {
            "rows": rows,
            "year": year,
            "years": range(timezone.localdate().year, 2019, -1),
            "may_edit": has_capability(request.user, "promotion.edit"),
            "pretitle": PRETITLE,
        },
    )


@capability_required("promotion.edit")
def target_edit(request: HttpRequest) -> HttpResponse:
    form = TargetForm(request.POST or None, actor=request.user, initial={"year": timezone.localdate().year})
    return form_page(
        request,
        form=form,
        save=lambda d: services.set_coverage_target(actor=request.user, **d),
        title="设置走访覆盖目标",
        next_url=reverse("promotion:coverage"),
    )


def assignment_columns() -> list[Column]:
    return [
        Column("企业", lambda a: a.enterprise.name),
        Column("包联干部", lambda a: a.cadre.get_full_name() or a.cadre.username),
        Column("所属单位", lambda a: a.organization.name),
        Column("包联开始", lambda a: a.since),
        Column("最近联系", lambda a: a.last_contact_on),
    ]


@capability_required("promotion.view")
def assignment_list(request: HttpRequest) -> HttpResponse:
    qs = (
        CadreAssignment.objects.visible_to(request.user)
        .select_related("enterprise", "cadre", "organization")
        .order_by("cadre_id", "last_contact_on", "pk")
    )
    if request.GET.get("mine"):
        qs = qs.filter(cadre=request.user)
    if wants_export(request):
        return export_page(
            request, title="包联企业", columns=assignment_columns(), objects=qs, model=CadreAssignment
        )
    create = reverse("promotion:assignment_create") if has_capability(request.user, "promotion.edit") else ""
    return list_page(
        request,
        qs=qs,
        columns=assignment_columns(),
        title="包联企业",
        export_url=reverse("promotion:assignment_list"),
        create_url=create,
    )


@capability_required("promotion.edit")
def assignment_create(request: HttpRequest) -> HttpResponse:
    form = AssignmentForm(request.POST or None, actor=request.user)
    return form_page(
        request,
        form=form,
        save=lambda d: services.assign_cadre(actor=request.user, **d),
        title="安排包联",
        next_url=reverse("promotion:assignment_list"),
    )


# ---------------------------------------------------------------- 产学研


@capability_required("promotion.view")
def institution_list(request: HttpRequest) -> HttpResponse:
    qs = Institution.objects.visible_to(request.user).order_by("name", "pk")
    columns = [
        Column("机构名称", lambda i: i.name),
        Column("类型", lambda i: i.get_kind_display()),
        Column("联系人", lambda i: i.contact),
        Column("联系电话", lambda i: i.phone),
    ]
    if request.user.is_authenticated and has_capability(request.user, "promotion.edit"):
        columns.append(
            Column(
                "",
                lambda i: "编辑" if i.user_may_write else "",
                link=lambda i: reverse("promotion:institution_edit", args=[i.pk]) if i.user_may_write else "",
            )
        )
    from shanglian.core.access import with_write_flag

    qs = with_write_flag(qs, request.user, capability="promotion.edit")
    if wants_export(request):
        return export_page(request, title="合作院校", columns=columns[:4], objects=qs, model=Institution)
    create = reverse("promotion:institution_create") if has_capability(request.user, "promotion.edit") else ""
    return list_page(
        request,
        qs=qs,
        columns=columns,
        title="合作院校",
        export_url=reverse("promotion:institution_list"),
        create_url=create,
    )


@capability_required("promotion.edit")
def institution_create(request: HttpRequest) -> HttpResponse:
    form = InstitutionForm(request.POST or None)
    return form_page(
        request,
        form=form,
        save=lambda d: services.save_institution(actor=request.user, **d),
        title="登记合作院校",
        next_url=reverse("promotion:institution_list"),
    )


@capability_required("promotion.edit")
def institution_edit(request: HttpRequest, institution_id: int) -> HttpResponse:
    institution = get_object_for_user(
        Institution, request.user, institution_id, capability="promotion.edit", write=True
    )
    initial = {k: getattr(institution, k) for k in ("name", "kind", "contact", "phone", "note")}
    form = InstitutionForm(request.POST or None, initial=initial)
    return form_page(
        request,
        form=form,
        save=lambda d: services.save_institution(actor=request.user, institution=institution, **d),
        title=f"编辑：{institution.name}",
        next_url=reverse("promotion:institution_list"),
        obj=institution,
    )


def project_columns() -> list[Column]:
    return [
        Column(
            "项目名称", lambda p: p.title, link=lambda p: reverse("promotion:project_detail", args=[p.pk])
        ),
        Column("合作院校", lambda p: p.institution.name),
        Column("合作企业", lambda p: "、".join(e.name for e in p.enterprises.all())),
        Column("技术领域", lambda p: p.tech_field),
        Column("合同金额（元）", lambda p: p.amount),
        Column("签约日期", lambda p: p.signed_on),
        Column("状态", lambda p: (p.get_status_display(), PROJECT_COLOUR[p.status]), badge=True),
    ]


@capability_required("promotion.view")
def project_list(request: HttpRequest) -> HttpResponse:
    qs = (
        ResearchProject.objects.visible_to(request.user)
        .select_related("institution")
        .prefetch_related("enterprises")
        .order_by("-created_at", "-pk")
    )
    status = request.GET.get("status", "")
    if status in ProjectStatus.values:
        qs = qs.filter(status=status)
    if wants_export(request):
        return export_page(
            request, title="产学研项目", columns=project_columns(), objects=qs, model=ResearchProject
        )
    create = reverse("promotion:project_create") if has_capability(request.user, "promotion.edit") else ""
    return list_page(
        request,
        qs=qs,
        columns=project_columns(),
        title="产学研项目",
        export_url=reverse("promotion:project_list"),
        create_url=create,
    )


@capability_required("promotion.edit")
def project_create(request: HttpRequest) -> HttpResponse:
    form = ProjectForm(request.POST or None, actor=request.user)
    return form_page(
        request,
        form=form,
        save=lambda d: services.save_project(actor=request.user, **d),
        title="登记产学研项目",
        next_url=lambda p: (
            reverse("promotion:project_detail", args=[p.pk]) if p else reverse("promotion:project_list")
        ),
    )


@capability_required("promotion.view")
def project_detail(request: HttpRequest, researchproject_id: int) -> HttpResponse:
    project = get_object_for_user(
        ResearchProject,
        request.user,
        researchproject_id,
        queryset=ResearchProject.objects.select_related("institution", "organization"),
    )
    actions = [
        {"name": t.name, "label": t.label, "url": reverse(f"promotion:project_{t.name}", args=[project.pk])}
        for t in allowed_transitions(project, request.user)
    ]
    ctx = {
        "project": project,
        # The technology need it came from, when the user may see it (a project may also start on its own).
        "need": TechNeed.objects.visible_to(request.user).filter(project=project).first(),
        "enterprises": project.enterprises.all(),
        "actions": actions,
        "pretitle": PRETITLE,
    }
    return render(request, "promotion/project_detail.html", ctx)


@capability_required("promotion.edit")
def project_advance(request: HttpRequest, researchproject_id: int, action: str) -> HttpResponse:
    project = get_object_for_user(
        ResearchProject, request.user, researchproject_id, capability="promotion.edit", write=True
    )
    labels = {"sign": "签约", "start": "开始实施", "conclude": "结题", "drop": "终止"}
    if action not in labels:
        from django.http import Http404

        raise Http404("未知的操作")
    form: Any
    if action == "sign":
        form = SignForm(request.POST or None, initial={"signed_on": date.today()})
    elif action == "start":
        form = None
    else:
        form = ReasonForm(request.POST or None)
    back = reverse("promotion:project_detail", args=[project.pk])
    if form is None:
        if request.method == "POST":
            run_and_flash(
                request,
                lambda: services.advance_project(actor=request.user, project=project, action=action),
                f"已{labels[action]}。",
            )
        return redirect(back)

    def save(d: dict[str, Any]) -> ResearchProject:
        return services.advance_project(
            actor=request.user,
            project=project,
            action=action,
            reason=d.get("reason", ""),
            **({"signed_on": d["signed_on"]} if action == "sign" else {}),
        )

    return form_page(
        request,
        form=form,
        save=save,
        title=f"{labels[action]}：{project.title}",
        next_url=back,
        success=f"已{labels[action]}。",
    )
