"""Pages of cooperation: deals (with amendments), investment projects (stages and talks), liaisons,
friendly chambers — lists and forms on the pages kit."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from functools import partial
from typing import Any

from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.dateparse import parse_date
from django.views.decorators.http import require_POST

from shanglian.cooperation import services
from shanglian.cooperation.forms import (
    AmendForm,
    DealForm,
    FriendlyChamberForm,
    LiaisonForm,
    ProjectForm,
    TalkForm,
)
from shanglian.cooperation.models import Deal, FriendlyChamber, InvestmentProject, Liaison
from shanglian.core import pages
from shanglian.core.access import can_write, with_write_flag
from shanglian.core.decorators import capability_required
from shanglian.core.flash import run_and_flash
from shanglian.core.pages import Column, wants_export
from shanglian.core.roles import has_capability
from shanglian.core.scope import get_object_for_user
from shanglian.workflow import services as workflow

PRETITLE = "合作与联络"
form_page = partial(pages.form_page, pretitle=PRETITLE)


def wan(amount: Decimal) -> str:
    return f"{amount / 10000:,.2f}"


def _list(
    request: HttpRequest, *, qs: Any, columns: list[Column], title: str, model: Any, url: str, create: str
) -> HttpResponse:
    if wants_export(request):
        return pages.export_page(
            request, title=title, columns=columns, objects=qs, capability="cooperation.export", model=model
        )
    return pages.list_page(
        request,
        qs=qs,
        columns=columns,
        title=title,
        pretitle=PRETITLE,
        export_url=reverse(url),
        export_capability="cooperation.export",
        create_url=reverse(create) if has_capability(request.user, "cooperation.edit") else "",
    )


# ---------------------------------------------------------------- deals


def deal_columns() -> list[Column]:
    return [
        Column("签约日期", lambda d: d.signed_on),
        Column("合作事项", lambda d: d.title, link=lambda d: reverse("cooperation:deal_detail", args=[d.pk])),
        Column("类型", lambda d: d.get_deal_type_display()),
        Column("甲方", lambda d: d.party_a_name),
        Column("乙方", lambda d: d.party_b_name),
        Column("金额（万元）", lambda d: wan(d.amount)),
        Column("促成单位", lambda d: d.organizer.name),
    ]


@capability_required("cooperation.view")
def deal_list(request: HttpRequest) -> HttpResponse:
    qs = Deal.objects.visible_to(request.user).select_related("organizer").order_by("-signed_on", "-pk")
    return _list(
        request,
        qs=qs,
        columns=deal_columns(),
        title="合作签约",
        model=Deal,
        url="cooperation:deal_list",
        create="cooperation:deal_create",
    )


@capability_required("cooperation.edit")
def deal_create(request: HttpRequest) -> HttpResponse:
    form = DealForm(request.POST or None, request.FILES or None, actor=request.user)
    return form_page(
        request,
        form=form,
        save=lambda d: services.register_deal(actor=request.user, **d),
        title="登记合作签约",
        next_url=lambda d: (
            reverse("cooperation:deal_detail", args=[d.pk]) if d else reverse("cooperation:deal_list")
        ),
    )


@capability_required("cooperation.view")
def deal_detail(request: HttpRequest, deal_id: int) -> HttpResponse:
    deal = get_object_for_user(
        Deal,
        request.user,
        deal_id,
        queryset=Deal.objects.select_related("organizer").prefetch_related("attachments"),
    )
    ctx = {
        "deal": deal,
        "amendments": deal.amendments.order_by("amended_on", "pk"),
        "can_edit": has_capability(request.user, "cooperation.edit")
        and can_write(request.user, deal.organizer),
        "amount_wan": wan(deal.amount),
        "signed_wan": wan(deal.signed_amount),
    }
    return render(request, "cooperation/deal_detail.html", ctx)


@capability_required("cooperation.edit")
def deal_amend(request: HttpRequest, deal_id: int) -> HttpResponse:
    deal = get_object_for_user(Deal, request.user, deal_id, capability="cooperation.edit", write=True)
    form = AmendForm(request.POST or None)
    return form_page(
        request,
        form=form,
        save=lambda d: services.amend_deal(actor=request.user, deal=deal, **d),
        title=f"补充协议 / 增资：{deal.title}",
        next_url=reverse("cooperation:deal_detail", args=[deal.pk]),
    )


# ---------------------------------------------------------------- investment projects


def project_columns() -> list[Column]:
    return [
        Column(
            "项目名称", lambda p: p.name, link=lambda p: reverse("cooperation:project_detail", args=[p.pk])
        ),
        Column("投资方", lambda p: p.investor),
        Column("行业", lambda p: p.industry),
        Column("计划投资（万元）", lambda p: wan(p.planned_investment)),
        Column(
            "阶段",
            lambda p: (p.get_stage_display(), "secondary" if p.stage == "dropped" else "blue"),
            badge=True,
        ),
        Column("洽谈次数", lambda p: p.talk_count),
        Column("招商单位", lambda p: p.organizer.name),
    ]


@capability_required("cooperation.view")
def project_list(request: HttpRequest) -> HttpResponse:
    qs = (
        InvestmentProject.objects.visible_to(request.user)
        .select_related("organizer")
        .annotate(talk_count=Count("talks"))
        .order_by("-pk")
    )
    return _list(
        request,
        qs=qs,
        columns=project_columns(),
        title="招商项目",
        model=InvestmentProject,
        url="cooperation:project_list",
        create="cooperation:project_create",
    )


@capability_required("cooperation.edit")
def project_create(request: HttpRequest) -> HttpResponse:
    form = ProjectForm(request.POST or None, actor=request.user, initial={"planned_investment": 0})
    return form_page(
        request,
        form=form,
        save=lambda d: services.save_project(actor=request.user, **d),
        title="登记招商项目",
        next_url=lambda p: (
            reverse("cooperation:project_detail", args=[p.pk]) if p else reverse("cooperation:project_list")
        ),
    )


@capability_required("cooperation.view")
def project_detail(request: HttpRequest, investmentproject_id: int) -> HttpResponse:
    project = get_object_for_user(
        InvestmentProject,
        request.user,
        investmentproject_id,
        queryset=InvestmentProject.objects.select_related("organizer"),
    )
    ctx = {
        "project": project,
        "talks": project.talks.order_by("-held_on", "-pk"),
        "steps": workflow.allowed_transitions(project, request.user),
        "can_edit": has_capability(request.user, "cooperation.edit")
        and can_write(request.user, project.organizer),
        "planned_wan": wan(project.planned_investment),
        "funded_wan": wan(project.funded_amount),
    }
    return render(request, "cooperation/project_detail.html", ctx)


@require_POST
@capability_required("cooperation.edit")
def project_advance(request: HttpRequest, investmentproject_id: int) -> HttpResponse:
    project = get_object_for_user(
        InvestmentProject, request.user, investmentproject_id, capability="cooperation.edit"
    )
    step = request.POST.get("step", "")
    params: dict[str, Any] = {}
    if request.POST.get("signed_on"):
        try:
            params["signed_on"] = parse_date(request.POST["signed_on"])
        except ValueError:  # a well-formed but impossible date such as 2020-02-30
            messages.error(request, "签约日期无效，请重新选择。")
            return redirect("cooperation:project_detail", project.pk)
    if request.POST.get("funded_amount"):
        try:
            params["funded_amount"] = Decimal(request.POST["funded_amount"])
        except InvalidOperation:
            params["funded_amount"] = None
    run_and_flash(
        request,
        lambda: services.advance_project(
            actor=request.user, project=project, step=step, reason=request.POST.get("reason", ""), **params
        ),
        "项目阶段已更新。",
    )
    return redirect(reverse("cooperation:project_detail", args=[project.pk]))


@capability_required("cooperation.edit")
def talk_create(request: HttpRequest, investmentproject_id: int) -> HttpResponse:
    project = get_object_for_user(
        InvestmentProject, request.user, investmentproject_id, capability="cooperation.edit", write=True
    )
    form = TalkForm(request.POST or None)
    return form_page(
        request,
        form=form,
        save=lambda d: services.record_talk(actor=request.user, project=project, **d),
        title=f"登记洽谈：{project.name}",
        next_url=reverse("cooperation:project_detail", args=[project.pk]),
    )


# ---------------------------------------------------------------- liaisons and friendly chambers


def liaison_columns() -> list[Column]:
    return [
        Column("联络日期", lambda x: x.contacted_on),
        Column(
            "联络对象",
            lambda x: x.organisation,
            link=lambda x: reverse("cooperation:liaison_edit", args=[x.pk]) if x.user_may_write else "",
        ),
        Column("级别", lambda x: x.get_level_display()),
        Column("类型", lambda x: x.get_kind_display()),
        Column("目的", lambda x: x.purpose),
        Column("成果", lambda x: x.outcome),
        Column("后续跟进", lambda x: x.follow_up),
    ]


@capability_required("cooperation.view")
def liaison_list(request: HttpRequest) -> HttpResponse:
    qs = with_write_flag(
        Liaison.objects.visible_to(request.user).order_by("-contacted_on", "-pk"),
        request.user,
        capability="cooperation.edit",
    )
    return _list(
        request,
        qs=qs,
        columns=liaison_columns(),
        title="对外联络",
        model=Liaison,
        url="cooperation:liaison_list",
        create="cooperation:liaison_create",
    )


def _fields(obj: Any, names: list[str]) -> dict[str, Any]:
    return {n: getattr(obj, n) for n in names}


LIAISON_FIELDS = ["organisation", "level", "kind", "contacted_on", "purpose", "outcome", "follow_up"]
FRIENDLY_FIELDS = ["partner", "signed_on", "term_years", "content", "activities"]


@capability_required("cooperation.edit")
def liaison_create(request: HttpRequest) -> HttpResponse:
    form = LiaisonForm(request.POST or None, actor=request.user)
    return form_page(
        request,
        form=form,
        save=lambda d: services.save_liaison(actor=request.user, **d),
        title="登记对外联络",
        next_url=reverse("cooperation:liaison_list"),
    )


@capability_required("cooperation.edit")
def liaison_edit(request: HttpRequest, liaison_id: int) -> HttpResponse:
    obj = get_object_for_user(Liaison, request.user, liaison_id, capability="cooperation.edit", write=True)
    initial = {"organizer": obj.organizer_id, **_fields(obj, LIAISON_FIELDS)}
    form = LiaisonForm(request.POST or None, actor=request.user, initial=initial)
    return form_page(
        request,
        form=form,
        save=lambda d: services.save_liaison(actor=request.user, liaison=obj, **d),
        title=f"编辑：{obj.organisation}",
        next_url=reverse("cooperation:liaison_list"),
    )


def friendly_columns() -> list[Column]:
    return [
        Column(
            "友好商会",
            lambda x: x.partner,
            link=lambda x: reverse("cooperation:friendly_edit", args=[x.pk]) if x.user_may_write else "",
        ),
        Column("签约日期", lambda x: x.signed_on),
        Column("期限（年）", lambda x: x.term_years),
        Column("签约单位", lambda x: x.organizer.name),
        Column("交流活动", lambda x: x.activities),
    ]


@capability_required("cooperation.view")
def friendly_list(request: HttpRequest) -> HttpResponse:
    qs = with_write_flag(
        FriendlyChamber.objects.visible_to(request.user)
        .select_related("organizer")
        .order_by("-signed_on", "-pk"),
        request.user,
        capability="cooperation.edit",
    )
    return _list(
        request,
        qs=qs,
        columns=friendly_columns(),
        title="友好商会",
        model=FriendlyChamber,
        url="cooperation:friendly_list",
        create="cooperation:friendly_create",
    )


@capability_required("cooperation.edit")
def friendly_create(request: HttpRequest) -> HttpResponse:
    form = FriendlyChamberForm(request.POST or None, actor=request.user, initial={"term_years": 3})
    return form_page(
        request,
        form=form,
        save=lambda d: services.save_friendly_chamber(actor=request.user, **d),
        title="登记友好商会",
        next_url=reverse("cooperation:friendly_list"),
    )


@capability_required("cooperation.edit")
def friendly_edit(request: HttpRequest, friendlychamber_id: int) -> HttpResponse:
    obj = get_object_for_user(
        FriendlyChamber, request.user, friendlychamber_id, capability="cooperation.edit", write=True
    )
    initial = {"organizer": obj.organizer_id, **_fields(obj, FRIENDLY_FIELDS)}
    form = FriendlyChamberForm(request.POST or None, actor=request.user, initial=initial)
    return form_page(
        request,
        form=form,
        save=lambda d: services.save_friendly_chamber(actor=request.user, friendly=obj, **d),
        title=f"编辑：{obj.partner}",
        next_url=reverse("cooperation:friendly_list"),
    )
