"""走访 for the mini-program and other clients: staff list, read and record visits; an enterprise reads and
confirms the records of visits to it. Scope as on the pages (another tenant's visit is a 404)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Schema
from ninja.responses import Status

from shanglian.core.api_utils import require
from shanglian.core.dates import SaneDate
from shanglian.core.scope import get_object_for_user
from shanglian.core.validation import Id, Limit, api_str, choice
from shanglian.orgs.models import Organization
from shanglian.promotion import services
from shanglian.promotion.models import Visit, VisitChannel, VisitMode, VisitSelection, VisitStatus
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
