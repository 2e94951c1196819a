"""Access-matrix makers: an object of the owner's tenant for each URL kwarg of the guidance app."""

from datetime import date
from decimal import Decimal

from shanglian.core.access import SYSTEM
from shanglian.core.testing.matrix import register
from shanglian.guidance import services
from shanglian.guidance.models import Campaign, CampaignKind, VolunteerTeam
from shanglian.guidance.services import DonorInput


@register("campaign_id")
def make_campaign(owner):
    return Campaign.unscoped_objects.create(
        organization=owner.chamber,
        name="他方疫情捐赠",
        kind=CampaignKind.EPIDEMIC,
        start_on=date(2020, 1, 25),
    )


@register("donation_id")
def make_donation(owner):
    campaign = owner.get("campaign_id")
    return services.record_donation(
        actor=SYSTEM,
        campaign=campaign,
        donated_on=date(2020, 2, 1),
        donors=[DonorInput(enterprise=owner.enterprise)],
        cash_amount=Decimal("10000"),
        delivered_on=date(2020, 2, 2),
    )


@register("team_id")
def make_team(owner):
    return VolunteerTeam.unscoped_objects.create(
        organization=owner.chamber, name="他方志愿服务队", founded_on=date(2019, 1, 1)
    )
