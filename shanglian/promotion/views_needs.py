"""Pages of 技术需求: an enterprise (or its chamber) posts a need, the federation matches it to a partner
institution with the reply, and a need taken up becomes a 产学研 project. Thin: scope reads, service writes."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from shanglian.core import pages
from shanglian.core.decorators import capability_required
from shanglian.core.pages import Column, wants_export
from shanglian.core.roles import has_capability
from shanglian.core.scope import get_object_for_user
from shanglian.promotion import services
from shanglian.promotion.forms import ConvertForm, MatchForm, NeedForm, ReasonForm
from shanglian.promotion.models import NEED_FILE, NeedStatus, ResearchProject, TechNeed
from shanglian.workflow.services import allowed_transitions

PRETITLE = "助推平台 · 产学研"
form_page = partial(pages.form_page, pretitle=PRETITLE)
list_page = partial(pages.list_page, pretitle=PRETITLE, export_capability="promotion.export")
export_page = partial(pages.export_page, capability="promotion.export")

NEED_COLOUR = {
    NeedStatus.SUBMITTED: "orange",
    NeedStatus.MATCHED: "azure",
    NeedStatus.PROJECT: "green",
    NeedStatus.CLOSED: "secondary",
}


def need_columns() -> list[Column]:
    return [
        Column("需求名称", lambda n: n.title, link=lambda n: reverse("promotion:need_detail", args=[n.pk])),
        Column("需求企业", lambda n: n.enterprise.name),
        Column("技术领域", lambda n: n.tech_field),
        Column("提出日期", lambda n: n.posted_on),
        Column("受理单位", lambda n: n.organization.name),
        Column("对接院校", lambda n: n.institution.name if n.institution else ""),
        Column("状态", lambda n: (n.get_status_display(), NEED_COLOUR[n.status]), badge=True),
    ]


@capability_required("promotion.need")
def need_list(request: HttpRequest) -> HttpResponse:
    qs = (
        TechNeed.objects.visible_to(request.user)
        .select_related("enterprise", "organization", "institution")
        .order_by("-posted_on", "-pk")
    )
    status = request.GET.get("status", "")
    if status in NeedStatus.values:
        qs = qs.filter(status=status)
    if wants_export(request):
        return export_page(request, title="技术需求", columns=need_columns(), objects=qs, model=TechNeed)
    create = reverse("promotion:need_create") if has_capability(request.user, "promotion.need_post") else ""
    return list_page(
        request,
        qs=qs,
        columns=need_columns(),
        title="技术需求",
        export_url=reverse("promotion:need_list"),
        create_url=create,
    )


@capability_required("promotion.need_post")
def need_create(request: HttpRequest) -> HttpResponse:
    initial = {"enterprise": request.GET.get("enterprise")} if request.GET.get("enterprise") else {}
    form = NeedForm(request.POST or None, request.FILES or None, actor=request.user, initial=initial)

    def save(d: dict[str, Any]) -> TechNeed:
        upload = d.pop("file", None)
        return services.post_need(actor=request.user, files=[upload] if upload else [], **d)

    return form_page(
        request,
        form=form,
        save=save,
        title="提出技术需求",
        next_url=lambda n: (
            reverse("promotion:need_detail", args=[n.pk]) if n else reverse("promotion:need_list")
        ),
        success="技术需求已提交，工商联将为您对接合作院校。",
    )


def _need(request: HttpRequest, techneed_id: int, *, write: bool = False) -> TechNeed:
    need: TechNeed = get_object_for_user(
        TechNeed,
        request.user,
        techneed_id,
        capability="promotion.edit" if write else "promotion.need",
        write=write,
        queryset=TechNeed.objects.select_related("enterprise", "organization", "institution", "project"),
    )
    return need


@capability_required("promotion.need")
def need_detail(request: HttpRequest, techneed_id: int) -> HttpResponse:
    need = _need(request, techneed_id)
    actions = [
        {"name": t.name, "label": t.label, "url": reverse(f"promotion:need_{t.name}", args=[need.pk])}
        for t in allowed_transitions(need, request.user)
    ]
    ctx = {
        "need": need,
        "actions": actions,
        "files": [a for a in need.attachments.all() if a.use == NEED_FILE],
        "staff": has_capability(request.user, "promotion.view"),
        "pretitle": PRETITLE,
    }
    return render(request, "promotion/need_detail.html", ctx)


@capability_required("promotion.edit")
def need_match(request: HttpRequest, techneed_id: int) -> HttpResponse:
    need = _need(request, techneed_id, write=True)
    form = MatchForm(request.POST or None, actor=request.user)
    back = reverse("promotion:need_detail", args=[need.pk])
    return form_page(
        request,
        form=form,
        save=lambda d: services.match_need(actor=request.user, need=need, **d),
        title=f"对接院校：{need.title}",
        next_url=back,
        success="已对接院校。",
    )


@capability_required("promotion.edit")
def need_convert(request: HttpRequest, techneed_id: int) -> HttpResponse:
    need = _need(request, techneed_id, write=True)
    form = ConvertForm(request.POST or None, initial={"title": need.title, "amount": need.budget or 0})

    def save(d: dict[str, Any]) -> ResearchProject:
        return services.convert_need(actor=request.user, need=need, **d)

    return form_page(
        request,
        form=form,
        save=save,
        title=f"转为产学研项目：{need.title}",
        next_url=lambda p: reverse("promotion:project_detail", args=[p.pk]) if p else "",
        back=reverse("promotion:need_detail", args=[need.pk]),
        success="已转为产学研项目（洽谈），签约后计入产学研项目数。",
    )


@capability_required("promotion.edit")
def need_close(request: HttpRequest, techneed_id: int) -> HttpResponse:
    need = _need(request, techneed_id, write=True)
    form = ReasonForm(request.POST or None)
    return form_page(
        request,
        form=form,
        save=lambda d: services.close_need(actor=request.user, need=need, reason=d["reason"]),
        title=f"关闭需求：{need.title}",
        next_url=reverse("promotion:need_detail", args=[need.pk]),
        success="需求已关闭。",
    )
