"""消费帮扶 purchases, assistance facilities, volunteer teams and their activities."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from shanglian.core.access import can_write
from shanglian.core.decorators import capability_required
from shanglian.core.pages import Column, wants_export
from shanglian.core.roles import has_capability
from shanglian.core.scope import get_object_for_user
from shanglian.guidance import services
from shanglian.guidance.forms import ActivityForm, FacilityForm, PurchaseForm, TeamForm
from shanglian.guidance.models import AssistanceFacility, AssistancePurchase, VolunteerActivity, VolunteerTeam
from shanglian.guidance.views.common import export_page, form_page, list_page, money_cell


def _create_url(request: HttpRequest, name: str) -> str:
    return reverse(name) if has_capability(request.user, "guidance.edit") else ""


@capability_required("guidance.view")
def purchase_list(request: HttpRequest) -> HttpResponse:
    qs = (
        AssistancePurchase.objects.visible_to(request.user)
        .select_related("organization")
        .order_by("-purchased_on", "-pk")
    )
    if wants_export(request):
        cols = [
            Column("采购日期", lambda p: p.purchased_on),
            Column("采购方", lambda p: p.buyer, width=24),
            Column("供货方", lambda p: p.supplier, width=24),
            Column("地区", lambda p: p.region),
            Column("商品", lambda p: p.goods, width=30),
            Column("金额（元）", lambda p: p.amount),
        ]
        return export_page(request, title="消费帮扶采购", columns=cols, objects=qs, model=AssistancePurchase)
    total = qs.aggregate(s=Sum("amount"))["s"]
    columns = [
        Column("采购日期", lambda p: p.purchased_on),
        Column("采购方", lambda p: p.buyer),
        Column("供货方", lambda p: p.supplier),
        Column("地区", lambda p: p.region),
        Column("商品", lambda p: p.goods),
        Column("金额", lambda p: money_cell(p.amount)),
    ]
    return list_page(
        request,
        qs=qs,
        columns=columns,
        title="消费帮扶",
        export_url="?format=xlsx",
        create_url=_create_url(request, "guidance:purchase_create"),
        extra={"summary": f"合计 {total or 0:,.2f} 元"},
    )


@capability_required("guidance.edit")
def purchase_create(request: HttpRequest) -> HttpResponse:
    form = PurchaseForm(request.POST or None, actor=request.user)
    return form_page(
        request,
        form,
        save=lambda data: services.save_purchase(actor=request.user, **data),
        next_url=reverse("guidance:purchase_list"),
        title="登记消费帮扶采购",
        back=reverse("guidance:purchase_list"),
    )


@capability_required("guidance.view")
def facility_list(request: HttpRequest) -> HttpResponse:
    qs = (
        AssistanceFacility.objects.visible_to(request.user)
        .select_related("organization")
        .order_by("-opened_on", "-pk")
    )
    columns = [
        Column("名称", lambda f: f.name),
        Column("类别", lambda f: (f.get_kind_display(), "green"), badge=True),
        Column("地点", lambda f: f.place),
        Column("帮扶地区", lambda f: f.region),
        Column("启用日期", lambda f: f.opened_on),
        Column("投资", lambda f: money_cell(f.investment) if f.investment is not None else ""),
        Column("合作单位", lambda f: f.partners),
    ]
    return list_page(
        request,
        qs=qs,
        columns=columns,
        title="帮扶设施",
        create_url=_create_url(request, "guidance:facility_create"),
    )


@capability_required("guidance.edit")
def facility_create(request: HttpRequest) -> HttpResponse:
    form = FacilityForm(request.POST or None, actor=request.user)
    return form_page(
        request,
        form,
        save=lambda data: services.save_facility(actor=request.user, **data),
        next_url=reverse("guidance:facility_list"),
        title="登记帮扶设施",
        back=reverse("guidance:facility_list"),
    )


@capability_required("guidance.view")
def team_list(request: HttpRequest) -> HttpResponse:
    qs = (
        VolunteerTeam.objects.visible_to(request.user)
        .select_related("organization")
        .annotate(n=Count("activities"), value=Sum("activities__gift_value"), hours=Sum("activities__hours"))
        .order_by("organization__path", "name")
    )
    columns = [
        Column("服务队", lambda t: t.name, link=lambda t: reverse("guidance:team_detail", args=[t.pk])),
        Column("组织单位", lambda t: t.organization.name),
        Column("成立日期", lambda t: t.founded_on),
        Column("负责人", lambda t: t.leader),
        Column("活动次数", lambda t: t.n),
        Column("服务时长（小时）", lambda t: t.hours or 0),
        Column("慰问品价值", lambda t: money_cell(t.value or 0)),
    ]
    return list_page(
        request,
        qs=qs,
        columns=columns,
        title="志愿服务",
        create_url=_create_url(request, "guidance:team_create"),
    )


@capability_required("guidance.edit")
def team_create(request: HttpRequest) -> HttpResponse:
    form = TeamForm(request.POST or None, actor=request.user)
    return form_page(
        request,
        form,
        save=lambda data: services.save_team(actor=request.user, **data),
        next_url=lambda t: reverse("guidance:team_detail", args=[t.pk]),
        title="新建志愿服务队",
        back=reverse("guidance:team_list"),
    )


@capability_required("guidance.view")
def team_detail(request: HttpRequest, team_id: int) -> HttpResponse:
    team = get_object_for_user(
        VolunteerTeam, request.user, team_id, queryset=VolunteerTeam.objects.select_related("organization")
    )
    activities = (
        VolunteerActivity.objects.visible_to(request.user)
        .filter(team=team)
        .prefetch_related("attachments")
        .order_by("-held_on", "-pk")
    )
    sums: dict[str, Any] = activities.aggregate(
        value=Sum("gift_value"),
        hours=Sum("hours"),
        families=Sum("families_reached"),
        volunteers=Sum("volunteers"),
    )
    return render(
        request,
        "guidance/team_detail.html",
        {
            "team": team,
            "activities": activities[:100],
            "sums": sums,
            "may_edit": has_capability(request.user, "guidance.edit") and can_write(request.user, team),
        },
    )


@capability_required("guidance.edit")
def activity_create(request: HttpRequest, team_id: int) -> HttpResponse:
    team = get_object_for_user(VolunteerTeam, request.user, team_id, capability="guidance.edit", write=True)
    form = ActivityForm(request.POST or None, request.FILES or None)
    return form_page(
        request,
        form,
        save=lambda data: services.record_activity(actor=request.user, team=team, **data),
        next_url=reverse("guidance:team_detail", args=[team.pk]),
        title=f"登记活动 · {team.name}",
        back=reverse("guidance:team_detail", args=[team.pk]),
    )
