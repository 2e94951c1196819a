"""Test factories for cooperation: deals, amendments, projects, talks, liaisons, friendly chambers."""

from __future__ import annotations

import datetime
from decimal import Decimal

import factory

from shanglian.cooperation.models import (
    Deal,
    DealAmendment,
    DealType,
    FriendlyChamber,
    Interest,
    InvestmentProject,
    Liaison,
    LiaisonKind,
    LiaisonLevel,
    Match,
    Posting,
    PostingCategory,
    Side,
    Stage,
    Talk,
)
from shanglian.orgs.factories import FederationFactory
from shanglian.registry.factories import EnterpriseFactory

DAY = datetime.date(2026, 3, 1)


class DealFactory(factory.django.DjangoModelFactory[Deal]):
    class Meta:
        model = Deal

    organizer = factory.SubFactory(FederationFactory)
    title = factory.Sequence(lambda n: f"设备采购合作{n}")
    deal_type = DealType.TRADE
    party_a_name = "青岛甲方有限公司"
    party_b_name = "青岛乙方有限公司"
    amount = Decimal("1000000")
    signed_amount = Decimal("1000000")
    signed_on = DAY


class DealAmendmentFactory(factory.django.DjangoModelFactory[DealAmendment]):
    class Meta:
        model = DealAmendment

    deal = factory.SubFactory(DealFactory)
    increment = Decimal("100000")
    amount_before = Decimal("1000000")
    amended_on = DAY
    reason = "增资"


class InvestmentProjectFactory(factory.django.DjangoModelFactory[InvestmentProject]):
    class Meta:
        model = InvestmentProject

    organizer = factory.SubFactory(FederationFactory)
    name = factory.Sequence(lambda n: f"智能制造产业园项目{n}")
    investor = "深圳某科技集团"
    stage = Stage.PROMOTING


class TalkFactory(factory.django.DjangoModelFactory[Talk]):
    class Meta:
        model = Talk

    project = factory.SubFactory(InvestmentProjectFactory)
    held_on = DAY
    stage = Stage.PROMOTING


class LiaisonFactory(factory.django.DjangoModelFactory[Liaison]):
    class Meta:
        model = Liaison

    organizer = factory.SubFactory(FederationFactory)
    organisation = factory.Sequence(lambda n: f"深圳市某协会{n}")
    level = LiaisonLevel.CITY
    kind = LiaisonKind.ASSOCIATION
    contacted_on = DAY
    purpose = "交流合作"


class FriendlyChamberFactory(factory.django.DjangoModelFactory[FriendlyChamber]):
    class Meta:
        model = FriendlyChamber

    organizer = factory.SubFactory(FederationFactory)
    partner = factory.Sequence(lambda n: f"友好商会{n}")
    signed_on = DAY


class PostingFactory(factory.django.DjangoModelFactory[Posting]):
    class Meta:
        model = Posting

    enterprise = factory.SubFactory(EnterpriseFactory)
    federation = factory.LazyAttribute(lambda o: o.enterprise.federation)
    side = Side.DEMAND
    category = PostingCategory.PRODUCTS
    title = factory.Sequence(lambda n: f"采购食品包装纸箱{n}")
    description = "月需纸箱 5 万只。"
    valid_until = datetime.date(2099, 1, 1)
    contact_name = "王经理"
    contact_phone = "13912345678"


class InterestFactory(factory.django.DjangoModelFactory[Interest]):
    class Meta:
        model = Interest

    posting = factory.SubFactory(PostingFactory)
    enterprise = factory.SubFactory(
        EnterpriseFactory, federation=factory.LazyAttribute(lambda o: o.factory_parent.posting.federation)
    )


class MatchFactory(factory.django.DjangoModelFactory[Match]):
    class Meta:
        model = Match

    posting = factory.SubFactory(PostingFactory)
    counterpart = factory.SubFactory(
        EnterpriseFactory, federation=factory.LazyAttribute(lambda o: o.factory_parent.posting.federation)
    )
