"""一企一档: the enterprise's gifts (its share, the campaign) show on its timeline, scoped."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from shanglian.guidance.factories import CampaignFactory, DonationFactory, DonationShareFactory

pytestmark = pytest.mark.django_db


def _timeline(world, enterprise=None):
    return reverse("registry:enterprise_timeline", args=[(enterprise or world.enterprise).pk])


def test_donations_on_the_timeline(world, login, django_assert_max_num_queries):
    campaign = CampaignFactory.create(organization=world.chamber, name="抗击疫情捐赠")
    gift = DonationFactory.create(
        campaign=campaign, cash_amount=Decimal("30000"), donated_on=date(2020, 2, 3)
    )
    DonationShareFactory.create(donation=gift, enterprise=world.enterprise, amount=Decimal("20000"))
    DonationShareFactory.create(donation=gift, enterprise=world.enterprise2, amount=Decimal("10000"))
    other = DonationFactory.create(
        campaign=CampaignFactory.create(organization=world.chamber2, name="他方助学")
    )
    DonationShareFactory.create(donation=other, enterprise=world.enterprise)
    client = login(world.secretary)
    client.get(_timeline(world))
    with django_assert_max_num_queries(10):
        page = client.get(_timeline(world)).content.decode()
    # The enterprise's own share of the joint gift, not the gift's total.
    assert "捐赠：抗击疫情捐赠" in page and "20,000.00 元" in page and "30,000.00" not in page
    assert reverse("guidance:donation_detail", args=[gift.pk]) in page
    assert "他方" not in page  # another chamber's campaign is not the secretary's to see
    assert "他方助学" in login(world.admin).get(_timeline(world)).content.decode()


def test_donations_of_another_enterprise_stay_off(world, login):
    gift = DonationFactory.create(
        campaign=CampaignFactory.create(organization=world.chamber, name="扶贫捐赠")
    )
    DonationShareFactory.create(donation=gift, enterprise=world.enterprise2, amount=gift.cash_amount)
    assert "扶贫捐赠" not in login(world.admin).get(_timeline(world)).content.decode()
    assert login(world.admin).get(_timeline(world, world.enterprise_b)).status_code == 404


def test_the_donor_sees_its_gift_linked_to_its_own_page(world, login):
    gift = DonationFactory.create(
        campaign=CampaignFactory.create(organization=world.chamber, name="助学捐赠")
    )
    DonationShareFactory.create(donation=gift, enterprise=world.enterprise, amount=gift.cash_amount)
    page = login(world.enterprise_user).get(_timeline(world)).content.decode()
    # Its account has no staff donation page (403 there): the entry links to 我的捐赠 instead.
    assert "捐赠：助学捐赠" in page and reverse("guidance:my_giving") in page
    assert reverse("guidance:donation_detail", args=[gift.pk]) not in page
