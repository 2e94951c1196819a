"""走访 and 技术需求 for the mini-program and other clients: staff list, read and record visits; an enterprise
reads and confirms the records of visits to it, and submits its technology needs, which the federation
matches to an institution. Scope as on the pages (another tenant's object is a 404)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Schema
from ninja.responses import Status

from shanglian.core.api_utils import require
from shanglian.core.dates import SaneDate
from shanglian.core.scope import get_object_for_user
from shanglian.core.validation import Id, Limit, api_decimal, api_str, choice
from shanglian.orgs.models import Organization
from shanglian.promotion import services
from shanglian.promotion.models import (
    Institution,
    NeedStatus,
    TechNeed,
    Visit,
    VisitChannel,
    VisitMode,
    VisitSelection,
    VisitStatus,
)
from shanglian.registry.models import Enterprise

router = Router(tags=["走访"])


class VisitOut(Schema):
    id: int
    organization: str
    enterprise_id: int
    enterprise: str
    mode: str
    channel: str
    selection: str
    status: str
    planned_on: date
    visited_on: date | None
    visitors: str
    notes: str
    problems: list[str]
    confirmed_at: datetime | None


class VisitIn(Schema):
    organization_id: Id
    enterprise_id: Id
    visited_on: SaneDate
    mode: choice(VisitMode, blank=False) = VisitMode.OFFLINE  # type: ignore[valid-type]
    channel: choice(VisitChannel, blank=False) = VisitChannel.ONSITE  # type: ignore[valid-type]
    selection: choice(VisitSelection, blank=False) = VisitSelection.FIXED  # type: ignore[valid-type]
    visitors: api_str(Visit, "visitors") = ""  # type: ignore[valid-type]
    notes: api_str(Visit, "notes") = ""  # type: ignore[valid-type]
    problems: api_str(Visit, "problems") = ""  # type: ignore[valid-type]


def _out(v: Visit) -> dict[str, Any]:
    return {
        "id": v.pk,
        "organization": v.organization.name,
        "enterprise_id": v.enterprise_id,
        "enterprise": v.enterprise.name,
        "mode": v.mode,
        "channel": v.channel,
        "selection": v.selection,
        "status": v.status,
        "planned_on": v.planned_on,
        "visited_on": v.visited_on,
        "visitors": v.visitors,
        "notes": v.notes,
        "problems": v.problem_lines,
        "confirmed_at": v.confirmed_at,
    }


def _visits(request: HttpRequest) -> Any:
    require(request, "promotion.visit")
    return Visit.objects.visible_to(request.user).select_related("organization", "enterprise")


@router.get("/visits", response=list[VisitOut], summary="走访记录（工作人员：范围内；企业：本企业）")
def list_visits(
    request: HttpRequest,
    status: choice(VisitStatus) = "",  # type: ignore[valid-type]
    enterprise_id: Id | None = None,
    before_id: Id | None = None,
    limit: Limit = 50,
) -> list[dict[str, Any]]:
    qs = _visits(request).order_by("-pk")
    if status:
        qs = qs.filter(status=status)
    if enterprise_id:
        qs = qs.filter(enterprise_id=enterprise_id)
    if before_id:  # keyset paging: the next page starts below the last id seen
        qs = qs.filter(pk__lt=before_id)
    return [_out(v) for v in qs[:limit]]


@router.get("/visits/{visit_id}", response=VisitOut, summary="走访记录详情")
def get_visit(request: HttpRequest, visit_id: Id) -> dict[str, Any]:
    visit = _visits(request).filter(pk=visit_id).first()
    if visit is None:
        raise Http404("对象不存在或不在您的数据范围内")
    return _out(visit)


@router.post("/visits", response={201: VisitOut}, summary="登记一次已完成的走访")
def create_visit(request: HttpRequest, payload: VisitIn) -> Any:
    require(request, "promotion.edit")
    organization = get_object_for_user(Organization, request.user, payload.organization_id)
    enterprise = get_object_for_user(Enterprise, request.user, payload.enterprise_id)
    visit = services.record_visit(
        actor=request.user,
        organization=organization,
        enterprise=enterprise,
        visited_on=payload.visited_on,
        mode=payload.mode,
        channel=payload.channel,
        selection=payload.selection,
        visitors=payload.visitors,
        notes=payload.notes,
        problems=payload.problems,
    )
    return Status(201, _out(visit))


@router.post("/visits/{visit_id}/confirm", response=VisitOut, summary="企业确认走访记录")
def confirm(request: HttpRequest, visit_id: Id) -> dict[str, Any]:
    require(request, "promotion.confirm")
    visit = _visits(request).filter(pk=visit_id).first()
    if visit is None:
        raise Http404("对象不存在或不在您的数据范围内")
    return _out(services.confirm_visit(actor=request.user, visit=visit))


# ---------------------------------------------------------------- 技术需求


class NeedOut(Schema):
    id: int
    organization: str
    enterprise_id: int
    enterprise: str
    title: str
    tech_field: str
    description: str
    budget: Decimal | None
    status: str
    posted_on: date
    institution: str | None
    matched_on: date | None
    reply: str
    project_id: int | None


class NeedIn(Schema):
    enterprise_id: Id
    # Staff name the organisation that keeps the need; an enterprise's own need goes to its federation.
    organization_id: Id | None = None
    title: api_str(TechNeed, "title", min_length=1)  # type: ignore[valid-type]
    description: api_str(TechNeed, "description", min_length=1)  # type: ignore[valid-type]
    tech_field: api_str(TechNeed, "tech_field") = ""  # type: ignore[valid-type]
    budget: api_decimal(TechNeed, "budget") | None = None  # type: ignore[valid-type]


class MatchIn(Schema):
    institution_id: Id
    reply: api_str(TechNeed, "reply", min_length=1)  # type: ignore[valid-type]


class CloseIn(Schema):
    reason: api_str(TechNeed, "close_reason", min_length=1)  # type: ignore[valid-type]


def _need_out(n: TechNeed) -> dict[str, Any]:
    return {
        "id": n.pk,
        "organization": n.organization.name,
        "enterprise_id": n.enterprise_id,
        "enterprise": n.enterprise.name,
        "title": n.title,
        "tech_field": n.tech_field,
        "description": n.description,
        "budget": n.budget,
        "status": n.status,
        "posted_on": n.posted_on,
        "institution": n.institution.name if n.institution else None,
        "matched_on": n.matched_on,
        "reply": n.reply,
        "project_id": n.project_id,
    }


def _needs(request: HttpRequest) -> Any:
    require(request, "promotion.need")
    return TechNeed.objects.visible_to(request.user).select_related(
        "organization", "enterprise", "institution"
    )


def _need(request: HttpRequest, techneed_id: int) -> TechNeed:
    need: TechNeed | None = _needs(request).filter(pk=techneed_id).first()
    if need is None:
        raise Http404("对象不存在或不在您的数据范围内")
    return need


@router.get("/tech-needs", response=list[NeedOut], summary="技术需求（工作人员：范围内；企业：本企业）")
def list_needs(
    request: HttpRequest,
    status: choice(NeedStatus) = "",  # type: ignore[valid-type]
    before_id: Id | None = None,
    limit: Limit = 50,
) -> list[dict[str, Any]]:
    qs = _needs(request).order_by("-pk")
    if status:
        qs = qs.filter(status=status)
    if before_id:
        qs = qs.filter(pk__lt=before_id)
    return [_need_out(n) for n in qs[:limit]]


@router.get("/tech-needs/{techneed_id}", response=NeedOut, summary="技术需求详情")
def get_need(request: HttpRequest, techneed_id: Id) -> dict[str, Any]:
    return _need_out(_need(request, techneed_id))


@router.post(
    "/tech-needs", response={201: NeedOut}, summary="提出技术需求（企业本身，或商会、工商联代为提出）"
)
def create_need(request: HttpRequest, payload: NeedIn) -> Any:
    require(request, "promotion.need_post")
    enterprise = get_object_for_user(Enterprise, request.user, payload.enterprise_id)
    organization = (
        get_object_for_user(Organization, request.user, payload.organization_id)
        if payload.organization_id
        else None
    )
    need = services.post_need(
        actor=request.user,
        enterprise=enterprise,
        organization=organization,
        title=payload.title,
        description=payload.description,
        tech_field=payload.tech_field,
        budget=payload.budget,
    )
    return Status(201, _need_out(need))


@router.post("/tech-needs/{techneed_id}/match", response=NeedOut, summary="对接院校并登记院校答复（工商联）")
def match_need(request: HttpRequest, techneed_id: Id, payload: MatchIn) -> dict[str, Any]:
    require(request, "promotion.edit")
    need = _need(request, techneed_id)
    institution = get_object_for_user(Institution, request.user, payload.institution_id)
    return _need_out(
        services.match_need(actor=request.user, need=need, institution=institution, reply=payload.reply)
    )


@router.post("/tech-needs/{techneed_id}/close", response=NeedOut, summary="关闭技术需求")
def close_need(request: HttpRequest, techneed_id: Id, payload: CloseIn) -> dict[str, Any]:
    require(request, "promotion.edit")
    need = _need(request, techneed_id)
    return _need_out(services.close_need(actor=request.user, need=need, reason=payload.reason))
