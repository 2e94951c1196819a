"""Supply-and-demand API: browse the market, express interest."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema, Status

from shanglian.cooperation import services
from shanglian.cooperation.models import Interest, Posting, PostingCategory, PostingStatus, Side
from shanglian.cooperation.views_supply import shown_name
from shanglian.core.access import own_enterprise_ids
from shanglian.core.api_utils import require
from shanglian.core.scope import get_object_for_user
from shanglian.core.validation import Id, Limit, api_str, choice

router = Router(tags=["供需对接"])


class PostingOut(Schema):
    id: int
    side: str
    category: str
    title: str
    description: str
    enterprise_name: str
    region: str
    valid_until: date
    status: str


class InterestIn(Schema):
    note: api_str(Interest, "note") = ""  # type: ignore[valid-type]


class InterestOut(Schema):
    id: int
    posting_id: int
    note: str


@router.get("/postings", response=list[PostingOut], summary="供需信息（已发布、有效期内，及本企业的）")
def list_postings(
    request: HttpRequest,
    side: choice(Side) = "",  # type: ignore[valid-type]
    category: choice(PostingCategory) = "",  # type: ignore[valid-type]
    before_id: Id | None = None,
    limit: Limit = 50,
) -> Any:
    require(request, "supply.view")
    market = Q(status=PostingStatus.PUBLISHED, valid_until__gte=timezone.localdate())
    mine = own_enterprise_ids(request.user)
    qs = Posting.objects.visible_to(request.user).filter(
        market | Q(enterprise_id__in=mine) if mine else market
    )
    if side:
        qs = qs.filter(side=side)
    if category:
        qs = qs.filter(category=category)
    if before_id:  # keyset paging
        qs = qs.filter(pk__lt=before_id)
    return [
        {
            **{
                f: getattr(p, f)
                for f in ("id", "side", "category", "title", "description", "region", "valid_until", "status")
            },
            "enterprise_name": shown_name(p, request.user),
        }
        for p in qs.select_related("enterprise").order_by("-pk")[:limit]
    ]


@router.post("/postings/{posting_id}/interest", response={201: InterestOut}, summary="表达对接意向")
def interest(request: HttpRequest, posting_id: Id, payload: InterestIn) -> Any:
    require(request, "supply.post")
    from shanglian.registry.models import Enterprise

    posting = get_object_for_user(Posting, request.user, posting_id)
    enterprise = (
        Enterprise.objects.visible_to(request.user).filter(pk__in=own_enterprise_ids(request.user)).first()
    )
    row = services.express_interest(
        actor=request.user, posting=posting, enterprise=enterprise, note=payload.note
    )
    return Status(201, row)


# Deals, projects, posting submission and brokering: in their own module. Submitting shares the path
# of the list above, so it is registered on this router (a mounted router's same path would never match).
from shanglian.cooperation.api_deals import router as _deals_router  # noqa: E402
from shanglian.cooperation.api_deals import submit_posting  # noqa: E402

router.post("/postings", response={201: Id}, summary="发布供需信息（待审核）")(submit_posting)
router.add_router("", _deals_router)
