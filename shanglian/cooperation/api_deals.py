"""Cooperation API (issue 16): deals, investment projects with their stages and talks, posting detail,
submission and brokering. Mounted on the app's one router (`api.py`); the same services, scopes and
rights as the pages."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Schema, Status

from shanglian.cooperation import matching, services
from shanglian.cooperation.models import (
    Deal,
    DealType,
    InvestmentProject,
    Match,
    Posting,
    PostingCategory,
    Side,
    Stage,
    Talk,
)
from shanglian.core.access import require_write
from shanglian.core.api_utils import require
from shanglian.core.dates import SaneDate
from shanglian.core.errors import ServiceError
from shanglian.core.scope import get_object_for_user
from shanglian.core.validation import Id, Limit, api_decimal, api_str, choice, text
from shanglian.orgs.models import Organization
from shanglian.workflow import services as workflow

router = Router(tags=["合作签约与招商"])


def _visible(
    request: HttpRequest,
    model: type[Any],
    pk: int | None,
    message: str,
    *,
    refuse: type[Exception] = ServiceError,
) -> Any:
    """The row the payload names, among those the user sees; else `refuse(message)` (a Chinese 400 for an id
    given in the body, 404 for the unit a new record hangs under). Whether they may write it is the service's
    403."""
    found = model.objects.visible_to(request.user).filter(pk=pk).first() if pk is not None else None
    if found is None:
        raise refuse(message)
    return found


def _organizer(request: HttpRequest, organizer_id: int) -> Organization:
    found: Organization = _visible(
        request, Organization, organizer_id, "促成单位不存在或不在您的数据范围内。", refuse=Http404
    )
    return found


# ---------------------------------------------------------------- deals


class DealOut(Schema):
    id: int
    organizer_id: int
    title: str
    deal_type: str
    party_a_id: int | None
    party_a_name: str
    party_b_id: int | None
    party_b_name: str
    amount: Decimal
    signed_amount: Decimal
    signed_on: date
    contract_no: str
    note: str


class AmendmentOut(Schema):
    id: int
    increment: Decimal
    amount_before: Decimal
    amended_on: date
    reason: str


class DealDetailOut(DealOut):
    amendments: list[AmendmentOut]


class DealIn(Schema):
    organizer_id: Id
    title: api_str(Deal, "title", min_length=1)  # type: ignore[valid-type]
    deal_type: choice(DealType, blank=False)  # type: ignore[valid-type]
    amount: api_decimal(Deal, "amount")  # type: ignore[valid-type]
    signed_on: SaneDate
    party_a_id: Id | None = None
    party_a_name: api_str(Deal, "party_a_name") = ""  # type: ignore[valid-type]
    party_b_id: Id | None = None
    party_b_name: api_str(Deal, "party_b_name") = ""  # type: ignore[valid-type]
    contract_no: api_str(Deal, "contract_no") = ""  # type: ignore[valid-type]
    note: text(2000) = ""  # type: ignore[valid-type]


@router.get("/deals", response=list[DealOut], summary="合作签约（本人数据范围内，新者在前）")
def list_deals(
    request: HttpRequest,
    deal_type: choice(DealType) = "",  # type: ignore[valid-type]
    before_id: Id | None = None,
    limit: Limit = 50,
) -> Any:
    require(request, "cooperation.view")
    qs = Deal.objects.visible_to(request.user)
    if deal_type:
        qs = qs.filter(deal_type=deal_type)
    if before_id:  # keyset paging
        qs = qs.filter(pk__lt=before_id)
    return list(qs.order_by("-pk")[:limit])


@router.get("/deals/{deal_id}", response=DealDetailOut, summary="合作签约详情（含补充协议）")
def get_deal(request: HttpRequest, deal_id: Id) -> Any:
    deal = get_object_for_user(
        Deal,
        request.user,
        deal_id,
        capability="cooperation.view",
        queryset=Deal.objects.prefetch_related("amendments"),
    )
    amendments = sorted(deal.amendments.all(), key=lambda a: (a.amended_on, a.pk))
    return {**DealOut.from_orm(deal).model_dump(), "amendments": amendments}


@router.post("/deals", response={201: DealOut}, summary="登记合作签约（一项合作只计一次）")
def create_deal(request: HttpRequest, payload: DealIn) -> Any:
    require(request, "cooperation.edit")
    data = payload.dict()
    organizer = _organizer(request, data.pop("organizer_id"))
    deal = services.register_deal(
        actor=request.user,
        organizer=organizer,
        party_a=data.pop("party_a_id"),
        party_b=data.pop("party_b_id"),
        **data,
    )
    return Status(201, deal)


# ---------------------------------------------------------------- investment projects


class TalkOut(Schema):
    id: int
    held_on: date
    stage: str
    place: str
    participants: str
    summary: str


class ProjectOut(Schema):
    id: int
    organizer_id: int
    name: str
    investor: str
    industry: str
    planned_investment: Decimal
    stage: str
    stage_label: str
    signed_on: date | None
    funded_amount: Decimal


class ProjectDetailOut(ProjectOut):
    talks: list[TalkOut]
    next_steps: list[str]


class ProjectIn(Schema):
    organizer_id: Id
    name: api_str(InvestmentProject, "name", min_length=1)  # type: ignore[valid-type]
    investor: api_str(InvestmentProject, "investor", min_length=1)  # type: ignore[valid-type]
    industry: api_str(InvestmentProject, "industry") = ""  # type: ignore[valid-type]
    planned_investment: api_decimal(InvestmentProject, "planned_investment") = Decimal(0)  # type: ignore[valid-type]
    note: text(2000) = ""  # type: ignore[valid-type]


class AdvanceIn(Schema):
    step: text(20, min_length=1)  # type: ignore[valid-type]
    reason: api_str(InvestmentProject, "drop_reason") = ""  # type: ignore[valid-type]
    signed_on: SaneDate | None = None
    funded_amount: api_decimal(InvestmentProject, "funded_amount") | None = None  # type: ignore[valid-type]


class TalkIn(Schema):
    held_on: SaneDate
    place: api_str(Talk, "place") = ""  # type: ignore[valid-type]
    participants: api_str(Talk, "participants") = ""  # type: ignore[valid-type]
    summary: text(2000) = ""  # type: ignore[valid-type]


def _project_out(p: InvestmentProject) -> dict[str, Any]:
    fields = {f: getattr(p, f) for f in ProjectOut.model_fields if f != "stage_label"}
    return {**fields, "stage_label": p.get_stage_display()}


@router.get("/projects", response=list[ProjectOut], summary="招商项目（按阶段筛选，新者在前）")
def list_projects(
    request: HttpRequest,
    stage: choice(Stage) = "",  # type: ignore[valid-type]
    before_id: Id | None = None,
    limit: Limit = 50,
) -> Any:
    require(request, "cooperation.view")
    qs = InvestmentProject.objects.visible_to(request.user)
    if stage:
        qs = qs.filter(stage=stage)
    if before_id:
        qs = qs.filter(pk__lt=before_id)
    return [_project_out(p) for p in qs.order_by("-pk")[:limit]]


def _project_detail(request: HttpRequest, project: InvestmentProject) -> dict[str, Any]:
    talks = list(
        Talk.objects.visible_to(request.user).filter(project=project).order_by("-held_on", "-pk")[:200]
    )
    steps = [t.name for t in workflow.allowed_transitions(project, request.user)]
    return {**_project_out(project), "talks": talks, "next_steps": steps}


@router.get(
    "/projects/{project_id}", response=ProjectDetailOut, summary="招商项目详情（洽谈记录、可办理的阶段）"
)
def get_project(request: HttpRequest, project_id: Id) -> Any:
    project = get_object_for_user(InvestmentProject, request.user, project_id, capability="cooperation.view")
    return _project_detail(request, project)


@router.post("/projects", response={201: ProjectOut}, summary="登记招商项目（推介阶段）")
def create_project(request: HttpRequest, payload: ProjectIn) -> Any:
    require(request, "cooperation.edit")
    data = payload.dict()
    organizer = _organizer(request, data.pop("organizer_id"))
    project = services.save_project(actor=request.user, organizer=organizer, **data)
    return Status(201, _project_out(project))


@router.post("/projects/{project_id}/advance", response=ProjectDetailOut, summary="推进项目阶段")
def advance_project(request: HttpRequest, project_id: Id, payload: AdvanceIn) -> Any:
    project = get_object_for_user(InvestmentProject, request.user, project_id, capability="cooperation.edit")
    params = {
        k: v for k, v in (("signed_on", payload.signed_on), ("funded_amount", payload.funded_amount)) if v
    }
    if payload.step == "fund" and "funded_amount" not in params:
        params["funded_amount"] = None  # the workflow's check answers in Chinese
    known = {"negotiate", "sign", "prepare", "fund", "produce", "drop"}
    if payload.step not in known:
        raise ServiceError("未知的项目阶段操作。")
    project = services.advance_project(
        actor=request.user, project=project, step=payload.step, reason=payload.reason, **params
    )
    return _project_detail(request, project)


@router.post("/projects/{project_id}/talks", response={201: TalkOut}, summary="登记一次招商洽谈")
def create_talk(request: HttpRequest, project_id: Id, payload: TalkIn) -> Any:
    project = get_object_for_user(
        InvestmentProject, request.user, project_id, capability="cooperation.edit", write=True
    )
    talk = services.record_talk(actor=request.user, project=project, **payload.dict())
    return Status(201, talk)


# ---------------------------------------------------------------- postings: detail, submit, matches


class PostingIn(Schema):
    enterprise_id: Id
    side: choice(Side, blank=False)  # type: ignore[valid-type]
    category: choice(PostingCategory, blank=False)  # type: ignore[valid-type]
    title: api_str(Posting, "title", min_length=1)  # type: ignore[valid-type]
    description: api_str(Posting, "description", min_length=1)  # type: ignore[valid-type]
    industry_id: Id | None = None
    region: api_str(Posting, "region") = ""  # type: ignore[valid-type]
    valid_until: SaneDate
    contact_name: api_str(Posting, "contact_name", min_length=1)  # type: ignore[valid-type]
    contact_phone: api_str(Posting, "contact_phone", min_length=1)  # type: ignore[valid-type]


class CandidateOut(Schema):
    kind: str
    id: int
    enterprise_id: int
    name: str
    score: float
    reason: str


class MatchOut(Schema):
    id: int
    posting_id: int
    counterpart_id: int
    counterpart_name: str
    reason: str
    status: str
    deal_id: int | None


class MatchIn(Schema):
    counterpart_id: Id
    reason: api_str(Match, "reason") = ""  # type: ignore[valid-type]


def _match_out(m: Match) -> dict[str, Any]:
    return {
        "id": m.pk,
        "posting_id": m.posting_id,
        "counterpart_id": m.counterpart_id,
        "counterpart_name": m.counterpart.name,
        "reason": m.reason,
        "status": m.status,
        "deal_id": m.deal_id,
    }


def submit_posting(request: HttpRequest, payload: PostingIn) -> Any:
    require(request, "supply.post")
    from shanglian.registry.models import Enterprise, Industry

    data = payload.dict()
    enterprise = _visible(
        request, Enterprise, data.pop("enterprise_id"), "发布企业不存在或不在您的数据范围内。"
    )
    industry_id = data.pop("industry_id")
    industry = None
    if industry_id is not None:
        industry = Industry.objects.filter(pk=industry_id, parent__isnull=False).first()
        if industry is None:
            raise ServiceError("行业不存在。")
    posting = services.submit_posting(actor=request.user, enterprise=enterprise, industry=industry, **data)
    return Status(201, posting.pk)


def _broker_posting(request: HttpRequest, posting_id: int) -> Posting:
    posting: Posting = get_object_for_user(
        Posting,
        request.user,
        posting_id,
        capability="supply.review",
        queryset=Posting.objects.select_related("enterprise", "industry", "federation"),
    )
    require_write(request.user, posting.federation, "只有本会工作人员可以撮合对接。")
    return posting


@router.get(
    "/postings/{posting_id}/candidates", response=list[CandidateOut], summary="推荐对接对象及理由（工作人员）"
)
def posting_candidates(request: HttpRequest, posting_id: Id) -> Any:
    posting = _broker_posting(request, posting_id)
    return [
        {
            "kind": c.kind,
            "id": c.obj.pk,
            "enterprise_id": c.enterprise.pk,
            "name": c.enterprise.name,
            "score": c.score,
            "reason": c.reason,
        }
        for c in matching.candidates(posting)
    ]


@router.get("/postings/{posting_id}/matches", response=list[MatchOut], summary="该信息的撮合对接记录")
def posting_matches(request: HttpRequest, posting_id: Id) -> Any:
    posting = get_object_for_user(Posting, request.user, posting_id, capability="supply.view")
    qs = Match.objects.visible_to(request.user).filter(posting=posting).select_related("counterpart")
    return [_match_out(m) for m in qs.order_by("-pk")[:100]]


@router.post("/postings/{posting_id}/matches", response={201: MatchOut}, summary="撮合对接（工作人员）")
def propose_match(request: HttpRequest, posting_id: Id, payload: MatchIn) -> Any:
    posting = _broker_posting(request, posting_id)
    from shanglian.registry.models import Enterprise

    counterpart = _visible(
        request, Enterprise, payload.counterpart_id, "对接企业不存在或不在您的数据范围内。"
    )
    match = services.propose_match(
        actor=request.user, posting=posting, counterpart=counterpart, reason=payload.reason
    )
    return Status(201, _match_out(match))
