from datetime import date
from decimal import Decimal
from typing import Any

from shanglian.cooperation.models import (
    Deal,
    FriendlyChamber,
    InvestmentProject,
    Liaison,
    LiaisonKind,
    LiaisonLevel,
    Match,
    Posting,
)
from shanglian.core.testing.matrix import register


@register("deal_id")
def make_deal(owner: Any) -> Deal:
    return Deal.unscoped_objects.create(
        organizer=owner.chamber,
        title="他方合作",
        deal_type="trade",
        party_a_name="他方甲",
        party_b_name="他方乙",
        amount=Decimal(1),
        signed_amount=Decimal(1),
        signed_on=date(2020, 5, 1),
    )


@register("investmentproject_id")
def make_project(owner: Any) -> InvestmentProject:
    return InvestmentProject.unscoped_objects.create(
        organizer=owner.chamber, name="他方项目", investor="他方投资方"
    )


@register("liaison_id")
def make_liaison(owner: Any) -> Liaison:
    return Liaison.unscoped_objects.create(
        organizer=owner.chamber,
        organisation="他方协会",
        level=LiaisonLevel.CITY,
        kind=LiaisonKind.ASSOCIATION,
        contacted_on=date(2020, 5, 1),
        purpose="他方联络",
    )


@register("friendlychamber_id")
def make_friendly(owner: Any) -> FriendlyChamber:
    return FriendlyChamber.unscoped_objects.create(
        organizer=owner.chamber, partner="他方友好商会", signed_on=date(2020, 5, 1)
    )


@register("posting_id")
def make_posting(owner: Any) -> Posting:
    return Posting.unscoped_objects.create(
        federation=owner.federation,
        enterprise=owner.enterprise,
        side="demand",
        category="products",
        title="他方需求",
        description="他方需求说明",
        valid_until=date(2099, 1, 1),
        contact_name="他方",
        contact_phone="13800000000",
        status="pending",  # a published one is on the federation's market for every member
    )


@register("match_id")
def make_match(owner: Any) -> Match:
    return Match.unscoped_objects.create(
        posting=owner.get("posting_id"), counterpart=owner.enterprise, status="meeting"
    )
