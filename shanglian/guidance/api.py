"""引导平台 API: campaigns, a donor enterprise's own gifts and its pledge (the mini-program), staff
endpoints for gifts and corrections. Scoped like the pages; errors are JSON {code, message}."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from shanglian.core.access import own_enterprise_ids
from shanglian.core.api_utils import require
from shanglian.core.dates import SaneDate
from shanglian.core.errors import ServiceError
from shanglian.core.roles import has_capability
from shanglian.core.scope import get_object_for_user
from shanglian.core.validation import Id, Limit, Offset, api_decimal, api_str, choice
from shanglian.guidance import services
from shanglian.guidance.models import (
    Campaign,
    CampaignKind,
    Channel,
    Donation,
    DonationCorrection,
    DonationItem,
    DonationShare,
    ValuationBasis,
)
from shanglian.guidance.selectors import ledger_by_donation
from shanglian.guidance.services import DonorInput, ItemInput
from shanglian.registry.models import Enterprise

router = Router(tags=["引导平台"])
KindQuery = choice(CampaignKind)


class CampaignOut(Schema):
    id: int
    name: str
    kind: str
    kind_label: str
    organization_id: int
    regions: str
    recipients: str
    start_on: date
    end_on: date | None
    goal_amount: Decimal | None


class ShareOut(Schema):
    enterprise_id: int | None
    person_id: int | None
    amount: Decimal


class DonationOut(Schema):
    id: int
    campaign_id: int
    campaign_name: str
    donated_on: date
    cash_amount: Decimal
    in_kind_amount: Decimal
    current_amount: Decimal  # after corrections (delivered gifts); as recorded for a pledge
    status: str
    status_label: str
    channel: str
    recipient: str
    receipt_number: str
    shares: list[ShareOut]


class ItemIn(Schema):
    name: api_str(DonationItem, "name")  # type: ignore[valid-type]
    quantity: api_decimal(DonationItem, "quantity")  # type: ignore[valid-type]
    unit: api_str(DonationItem, "unit")  # type: ignore[valid-type]
    unit_value: api_decimal(DonationItem, "unit_value")  # type: ignore[valid-type]
    basis: choice(ValuationBasis)  # type: ignore[valid-type]


class PledgeIn(Schema):
    campaign_id: Id
    donated_on: SaneDate
    cash_amount: api_decimal(Donation, "cash_amount") | None = None  # type: ignore[valid-type]
    items: list[ItemIn] = Field([], description="捐赠物资", max_length=50)
    channel: choice(Channel, blank=False) = Channel.CHARITY  # type: ignore[valid-type]
    recipient: api_str(Donation, "recipient") = ""  # type: ignore[valid-type]
    note: api_str(Donation, "note") = ""  # type: ignore[valid-type]


class DonorIn(Schema):
    enterprise_id: Id
    amount: api_decimal(DonationShare, "amount") | None = None  # type: ignore[valid-type]


class DonationIn(PledgeIn):
    donors: list[DonorIn] = Field(
        ..., description="捐赠方（联合捐赠时含各方份额）", min_length=1, max_length=20
    )
    delivered_on: SaneDate | None = None


class CorrectionIn(Schema):
    cash_amount: api_decimal(DonationCorrection, "cash_after")  # type: ignore[valid-type]
    in_kind_amount: api_decimal(DonationCorrection, "in_kind_after")  # type: ignore[valid-type]
    reason: api_str(DonationCorrection, "reason")  # type: ignore[valid-type]


class CorrectionOut(Schema):
    id: int
    donation_id: int
    total_before: Decimal
    total_after: Decimal
    reason: str


def _campaign_out(c: Campaign) -> dict[str, Any]:
    return {
        "id": c.pk,
        "name": c.name,
        "kind": c.kind,
        "kind_label": CampaignKind(c.kind).label,
        "organization_id": c.organization_id,
        "regions": c.regions,
        "recipients": c.recipients,
        "start_on": c.start_on,
        "end_on": c.end_on,
        "goal_amount": c.goal_amount,
    }


def _donations_out(donations: list[Donation]) -> list[dict[str, Any]]:
    ids = [d.pk for d in donations]
    given = ledger_by_donation(ids)
    return [
        {
            "id": d.pk,
            "campaign_id": d.campaign_id,
            "campaign_name": d.campaign.name,
            "donated_on": d.donated_on,
            "cash_amount": d.cash_amount,
            "in_kind_amount": d.in_kind_amount,
            "current_amount": Decimal(given.get(d.pk, d.total)).quantize(Decimal("0.01")),
            "status": d.status,
            "status_label": d.get_status_display(),
            "channel": d.channel,
            "recipient": d.recipient,
            "receipt_number": d.receipt_number,
            "shares": [
                {"enterprise_id": s.enterprise_id, "person_id": s.person_id, "amount": s.amount}
                for s in d.shares.all()
            ],
        }
        for d in donations
    ]


def _require_any(request: HttpRequest, *capabilities: str) -> None:
    if not any(has_capability(request.user, c) for c in capabilities):
        raise PermissionDenied


@router.get("/campaigns", response=list[CampaignOut], summary="捐赠活动")
def list_campaigns(
    request: HttpRequest,
    kind: KindQuery = "",  # type: ignore[valid-type]
    limit: Limit = 50,
    offset: Offset = 0,
) -> list[dict[str, Any]]:
    _require_any(request, "guidance.view", "guidance.own")
    qs = Campaign.objects.visible_to(request.user).order_by("-start_on", "-pk")
    if kind:
        qs = qs.filter(kind=kind)
    return [_campaign_out(c) for c in qs[offset : offset + limit]]


@router.get("/my/donations", response=list[DonationOut], summary="本企业的捐赠")
def my_donations(request: HttpRequest, limit: Limit = 50, offset: Offset = 0) -> list[dict[str, Any]]:
    require(request, "guidance.own")
    own = DonationShare.objects.visible_to(request.user).filter(
        enterprise_id__in=own_enterprise_ids(request.user)
    )
    qs = (
        Donation.objects.visible_to(request.user)
        .filter(pk__in=own.values("donation"))
        .select_related("campaign")
        .prefetch_related("shares")
        .order_by("-donated_on", "-pk")
    )
    return _donations_out(list(qs[offset : offset + limit]))


def _items(payload: PledgeIn) -> list[ItemInput]:
    return [ItemInput(i.name, i.quantity, i.unit, i.unit_value, i.basis) for i in payload.items]


@router.post("/pledges", response={201: DonationOut}, summary="认捐（企业用户以本企业名义）")
def create_pledge(request: HttpRequest, payload: PledgeIn) -> Any:
    require(request, "guidance.own")
    campaign = get_object_for_user(Campaign, request.user, payload.campaign_id)
    own = Enterprise.objects.visible_to(request.user).filter(pk__in=own_enterprise_ids(request.user)).first()
    if own is None:
        raise ServiceError("您的账号未关联企业，不能认捐。")
    d = services.record_donation(
        actor=request.user,
        campaign=campaign,
        donated_on=payload.donated_on,
        donors=[DonorInput(enterprise=own)],
        cash_amount=payload.cash_amount,
        items=_items(payload),
        channel=payload.channel,
        recipient=payload.recipient,
        note=payload.note,
    )
    return Status(201, _donations_out([d])[0])


@router.get("/donations", response=list[DonationOut], summary="捐赠明细（工作人员）")
def list_donations(
    request: HttpRequest, campaign_id: Id | None = None, limit: Limit = 50, offset: Offset = 0
) -> list[dict[str, Any]]:
    require(request, "guidance.view")
    qs = (
        Donation.objects.visible_to(request.user)
        .select_related("campaign")
        .prefetch_related("shares")
        .order_by("-donated_on", "-pk")
    )
    if campaign_id:
        qs = qs.filter(campaign_id=campaign_id)
    return _donations_out(list(qs[offset : offset + limit]))


@router.post("/donations", response={201: DonationOut}, summary="登记捐赠（工作人员）")
def create_donation(request: HttpRequest, payload: DonationIn) -> Any:
    require(request, "guidance.edit")
    campaign = get_object_for_user(Campaign, request.user, payload.campaign_id)
    donors = []
    for donor in payload.donors:
        enterprise = Enterprise.objects.visible_to(request.user).filter(pk=donor.enterprise_id).first()
        if enterprise is None:
            raise ServiceError(f"捐赠企业（编号 {donor.enterprise_id}）不在您的数据范围内。")
        donors.append(DonorInput(enterprise=enterprise, amount=donor.amount))
    d = services.record_donation(
        actor=request.user,
        campaign=campaign,
        donated_on=payload.donated_on,
        donors=donors,
        cash_amount=payload.cash_amount,
        items=_items(payload),
        channel=payload.channel,
        recipient=payload.recipient,
        note=payload.note,
        delivered_on=payload.delivered_on,
    )
    return Status(201, _donations_out([d])[0])


@router.post(
    "/donations/{donation_id}/corrections", response={201: CorrectionOut}, summary="更正已交付的捐赠"
)
def correct(request: HttpRequest, donation_id: Id, payload: CorrectionIn) -> Any:
    require(request, "guidance.edit")
    donation = get_object_for_user(
        Donation, request.user, donation_id, capability="guidance.edit", write=True
    )
    c = services.correct_donation(
        actor=request.user,
        donation=donation,
        cash_amount=payload.cash_amount,
        in_kind_amount=payload.in_kind_amount,
        reason=payload.reason,
    )
    return Status(
        201,
        {
            "id": c.pk,
            "donation_id": donation.pk,
            "total_before": c.total_before,
            "total_after": c.total_after,
            "reason": c.reason,
        },
    )
