"""Campaign pages: list, create/edit, detail with the campaign's totals and its gifts."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from shanglian.core.access import can_write
from shanglian.core.decorators import capability_required
from shanglian.core.pages import Column, wants_export
from shanglian.core.roles import has_capability
from shanglian.core.scope import get_object_for_user
from shanglian.guidance import services
from shanglian.guidance.forms import CampaignForm
from shanglian.guidance.models import Campaign, CampaignKind, DonationStatus
from shanglian.guidance.selectors import campaign_ledger
from shanglian.guidance.views.common import export_page, form_page, list_page, money_cell


def _campaigns(request: HttpRequest) -> Any:
    qs = (
        Campaign.objects.visible_to(request.user)
        .select_related("organization")
        .annotate(given=Sum("donations__entries__amount"), gifts=Count("donations", distinct=True))
        .order_by("-start_on", "-pk")
    )
    kind = request.GET.get("kind", "")
    if kind in CampaignKind.values:
        qs = qs.filter(kind=kind)
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(Q(name__contains=q) | Q(regions__contains=q))
    return qs, kind, q


@capability_required("guidance.view")
def campaign_list(request: HttpRequest) -> HttpResponse:
    qs, kind, q = _campaigns(request)
    if wants_export(request):
        cols = [
            Column("活动名称", lambda c: c.name, width=30),
            Column("类别", lambda c: c.get_kind_display()),
            Column("组织单位", lambda c: c.organization.name, width=24),
            Column("受援地区", lambda c: c.regions, width=24),
            Column("开始日期", lambda c: c.start_on),
            Column("结束日期", lambda c: c.end_on),
            Column("目标金额（元）", lambda c: c.goal_amount),
            Column("已到位（元）", lambda c: c.given or 0),
        ]
        return export_page(request, title="捐赠活动", columns=cols, objects=qs, model=Campaign)
    columns = [
        Column("活动名称", lambda c: c.name, link=lambda c: reverse("guidance:campaign_detail", args=[c.pk])),
        Column(
            "类别",
            lambda c: (c.get_kind_display(), "red" if c.kind == CampaignKind.EPIDEMIC else "blue"),
            badge=True,
        ),
        Column("组织单位", lambda c: c.organization.name),
        Column("受援地区", lambda c: c.regions),
        Column(
            "期间",
            lambda c: (
                f"{c.start_on:%Y-%m-%d} ～ {c.end_on:%Y-%m-%d}" if c.end_on else f"{c.start_on:%Y-%m-%d} 起"
            ),
        ),
        Column("目标", lambda c: money_cell(c.goal_amount) if c.goal_amount else ""),
        Column("已到位", lambda c: money_cell(c.given or 0)),
        Column("笔数", lambda c: c.gifts),
    ]
    filters = [
        {"name": "kind", "label": "类别", "choices": CampaignKind.choices, "value": kind},
        {"name": "q", "label": "活动名称或地区", "value": q},
    ]
    return list_page(
        request,
        qs=qs,
        columns=columns,
        title="捐赠活动",
        export_url="?format=xlsx",
        create_url=reverse("guidance:campaign_create")
        if has_capability(request.user, "guidance.edit")
        else "",
        extra={"filters": filters},
    )


def _save(request: HttpRequest, form: CampaignForm, campaign: Campaign | None) -> HttpResponse:
    return form_page(
        request,
        form,
        save=lambda data: services.save_campaign(actor=request.user, campaign=campaign, **data),
        next_url=lambda obj: reverse("guidance:campaign_detail", args=[obj.pk]),
        title="编辑捐赠活动" if campaign else "新建捐赠活动",
        back=reverse("guidance:campaign_list"),
    )


@capability_required("guidance.edit")
def campaign_create(request: HttpRequest) -> HttpResponse:
    form = CampaignForm(request.POST or None, actor=request.user)
    return _save(request, form, None)


@capability_required("guidance.edit")
def campaign_edit(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = get_object_for_user(
        Campaign, request.user, campaign_id, capability="guidance.edit", write=True
    )
    initial = {f: getattr(campaign, f) for f in CampaignForm.base_fields}
    form = CampaignForm(request.POST or None, actor=request.user, initial=initial)
    return _save(request, form, campaign)


@capability_required("guidance.view")
def campaign_detail(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = get_object_for_user(
        Campaign, request.user, campaign_id, queryset=Campaign.objects.select_related("organization")
    )
    sums, donors = campaign_ledger(campaign)
    pledged = campaign.donations.filter(status=DonationStatus.PLEDGED).aggregate(
        n=Count("pk"), c=Sum("cash_amount"), k=Sum("in_kind_amount")
    )
    return render(
        request,
        "guidance/campaign_detail.html",
        {
            "campaign": campaign,
            "sums": sums,
            "donors": donors,
            "pledged": pledged,
            "pledged_total": (pledged["c"] or 0) + (pledged["k"] or 0),
            "may_edit": has_capability(request.user, "guidance.edit") and can_write(request.user, campaign),
        },
    )
