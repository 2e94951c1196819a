"""一企一档: deals the enterprise is a party to show on its timeline with the amount, scoped."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from shanglian.cooperation.factories import DealFactory

pytestmark = pytest.mark.django_db


def _timeline(world):
    return reverse("registry:enterprise_timeline", args=[world.enterprise.pk])


def test_deals_on_the_timeline(world, login, django_assert_max_num_queries):
    mine = DealFactory.create(
        organizer=world.chamber,
        title="包装设备采购",
        party_a=world.enterprise,
        party_a_name=world.enterprise.name,
        party_b_name="青岛某机械公司",
        amount=Decimal("1250000"),
        signed_on=date(2026, 4, 2),
    )
    DealFactory.create(
        organizer=world.chamber,
        title="仓储外包",
        party_b=world.enterprise,
        party_b_name=world.enterprise.name,
        party_a_name="青岛某物流公司",
    )
    DealFactory.create(organizer=world.chamber2, title="他方商会促成合作", party_a=world.enterprise)
    DealFactory.create(organizer=world.chamber, title="与本企业无关的合作")
    client = login(world.secretary)
    client.get(_timeline(world))
    with django_assert_max_num_queries(10):
        page = client.get(_timeline(world)).content.decode()
    assert "合作签约：包装设备采购" in page and "1,250,000.00 元" in page and "对方：青岛某机械公司" in page
    assert reverse("cooperation:deal_detail", args=[mine.pk]) in page
    # Party b as well as party a: the other side named is then party a.
    assert "合作签约：仓储外包" in page and "对方：青岛某物流公司" in page
    assert "与本企业无关" not in page
    assert "他方" not in page  # another chamber's deal is not the secretary's to see
    assert "他方商会促成合作" in login(world.admin).get(_timeline(world)).content.decode()


def test_deals_need_the_right_and_the_tenant(world, client, login):
    DealFactory.create(organizer=world.fed, title="包装设备采购", party_a=world.enterprise)
    assert client.get(_timeline(world)).status_code == 302  # anonymous: to the login page
    assert "包装设备采购" in login(world.admin).get(_timeline(world)).content.decode()
    other = reverse("registry:enterprise_timeline", args=[world.enterprise_b.pk])
    assert login(world.admin).get(other).status_code == 404


def test_the_enterprise_account_sees_no_deal(world, login):
    DealFactory.create(organizer=world.chamber, title="包装设备采购", party_a=world.enterprise)
    response = login(world.enterprise_user).get(_timeline(world))
    # It may open its own timeline, but lacks cooperation.view: the deal stays off it.
    assert response.status_code == 200
    assert "包装设备采购" not in response.content.decode()
