"""Test factories for the guidance app (one per model)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import factory

from shanglian.excel.models import ImportJob, ImportKind
from shanglian.guidance.models import (
    ActivityKind,
    AssistanceFacility,
    AssistancePurchase,
    Campaign,
    CampaignKind,
    Donation,
    DonationCorrection,
    DonationEntry,
    DonationImport,
    DonationItem,
    DonationShare,
    DonationStatus,
    FacilityKind,
    ValuationBasis,
    VolunteerActivity,
    VolunteerTeam,
)
from shanglian.orgs.factories import FederationFactory
from shanglian.registry.factories import EnterpriseFactory

DAY = datetime.date(2020, 2, 10)


class CampaignFactory(factory.django.DjangoModelFactory[Campaign]):
    class Meta:
        model = "guidance.Campaign"

    organization = factory.SubFactory(FederationFactory)
    name = factory.Sequence(lambda n: f"抗击疫情捐赠{n}")
    kind = CampaignKind.EPIDEMIC
    start_on = datetime.date(2020, 1, 25)


class DonationFactory(factory.django.DjangoModelFactory[Donation]):
    """A pledge of cash (认捐); add a DonationShareFactory for its donor."""

    class Meta:
        model = "guidance.Donation"

    campaign = factory.SubFactory(CampaignFactory)
    organization = factory.SelfAttribute("campaign.organization")
    donated_on = DAY
    cash_amount = Decimal("10000.00")
    status = DonationStatus.PLEDGED


class DonationShareFactory(factory.django.DjangoModelFactory[DonationShare]):
    class Meta:
        model = "guidance.DonationShare"

    donation = factory.SubFactory(DonationFactory)
    organization = factory.SelfAttribute("donation.organization")
    enterprise = factory.SubFactory(EnterpriseFactory)
    amount = factory.SelfAttribute("donation.cash_amount")


class DonationItemFactory(factory.django.DjangoModelFactory[DonationItem]):
    class Meta:
        model = "guidance.DonationItem"

    donation = factory.SubFactory(DonationFactory)
    organization = factory.SelfAttribute("donation.organization")
    name = "医用口罩"
    quantity = Decimal("1000")
    unit = "个"
    unit_value = Decimal("2.50")
    value = Decimal("2500.00")
    basis = ValuationBasis.INVOICE


class DonationCorrectionFactory(factory.django.DjangoModelFactory[DonationCorrection]):
    class Meta:
        model = "guidance.DonationCorrection"

    donation = factory.SubFactory(DonationFactory, status=DonationStatus.DELIVERED, delivered_on=DAY)
    organization = factory.SelfAttribute("donation.organization")
    cash_before = Decimal("10000.00")
    in_kind_before = Decimal("0.00")
    cash_after = Decimal("9000.00")
    in_kind_after = Decimal("0.00")
    reason = "录入错误"


class DonationEntryFactory(factory.django.DjangoModelFactory[DonationEntry]):
    class Meta:
        model = "guidance.DonationEntry"

    donation = factory.SubFactory(DonationFactory, status=DonationStatus.DELIVERED, delivered_on=DAY)
    campaign = factory.SelfAttribute("donation.campaign")
    kind = factory.SelfAttribute("donation.campaign.kind")
    organization = factory.SelfAttribute("donation.organization")
    enterprise = factory.SubFactory(EnterpriseFactory)
    donated_on = factory.SelfAttribute("donation.donated_on")
    cash = factory.SelfAttribute("donation.cash_amount")
    in_kind = Decimal("0.00")
    amount = factory.LazyAttribute(lambda o: o.cash + o.in_kind)


class AssistancePurchaseFactory(factory.django.DjangoModelFactory[AssistancePurchase]):
    class Meta:
        model = "guidance.AssistancePurchase"

    organization = factory.SubFactory(FederationFactory)
    buyer = "城阳区工商联"
    supplier = "关岭县农特产品合作社"
    region = "安顺关岭"
    goods = "关岭牛肉"
    amount = Decimal("50000.00")
    purchased_on = datetime.date(2020, 9, 1)


class AssistanceFacilityFactory(factory.django.DjangoModelFactory[AssistanceFacility]):
    class Meta:
        model = "guidance.AssistanceFacility"

    organization = factory.SubFactory(FederationFactory)
    name = factory.Sequence(lambda n: f"扶贫体验馆{n}")
    kind = FacilityKind.EXHIBITION
    place = "城阳区正阳路"
    opened_on = datetime.date(2020, 10, 1)


class VolunteerTeamFactory(factory.django.DjangoModelFactory[VolunteerTeam]):
    class Meta:
        model = "guidance.VolunteerTeam"

    organization = factory.SubFactory(FederationFactory)
    name = factory.Sequence(lambda n: f"志愿服务队{n}")
    founded_on = datetime.date(2019, 6, 1)


class VolunteerActivityFactory(factory.django.DjangoModelFactory[VolunteerActivity]):
    class Meta:
        model = "guidance.VolunteerActivity"

    team = factory.SubFactory(VolunteerTeamFactory)
    organization = factory.SelfAttribute("team.organization")
    held_on = datetime.date(2020, 6, 1)
    kind = ActivityKind.VISIT
    title = "走访慰问困难家庭"
    families_reached = 10
    items = "大米、油"
    gift_value = Decimal("5000.00")
    volunteers = 8
    hours = Decimal("24.0")


class DonationImportFactory(factory.django.DjangoModelFactory[DonationImport]):
    class Meta:
        model = "guidance.DonationImport"

    campaign = factory.SubFactory(CampaignFactory)
    organization = factory.SelfAttribute("campaign.organization")
    job = factory.LazyAttribute(
        lambda o: ImportJob.unscoped_objects.create(
            kind=ImportKind.DONATION, organization=o.organization, original_name="捐赠名单.xlsx"
        )
    )
