"""Guidance API: campaigns, a donor's own gifts and pledge, staff gifts and corrections; scope, JSON errors."""

from datetime import date
from decimal import Decimal

import pytest

from shanglian.core.access import SYSTEM
from shanglian.guidance import services
from shanglian.guidance.models import Donation, DonationCorrection, DonationStatus
from shanglian.guidance.services import DonorInput

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(world):
    return services.save_campaign(
        actor=SYSTEM, organization=world.fed, name="疫情防控捐赠", kind="epidemic", start_on=date(2020, 1, 20)
    )


@pytest.fixture
def other_campaign(world):
    return services.save_campaign(
        actor=SYSTEM, organization=world.fed_b, name="他方活动", kind="epidemic", start_on=date(2020, 1, 20)
    )


def test_enterprise_lists_campaigns_and_pledges_for_itself(world, login, campaign, other_campaign):
    client = login(world.enterprise_user)
    names = [c["name"] for c in client.get("/api/v1/guidance/campaigns").json()]
    assert names == ["疫情防控捐赠"]
    r = client.post(
        "/api/v1/guidance/pledges",
        {"campaign_id": campaign.pk, "donated_on": "2020-02-01", "cash_amount": "5000"},
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    assert r.json()["status"] == DonationStatus.PLEDGED
    mine = client.get("/api/v1/guidance/my/donations").json()
    assert [d["cash_amount"] for d in mine] == ["5000.00"]
    r = client.post(
        "/api/v1/guidance/pledges",
        {"campaign_id": campaign.pk, "donated_on": "2020-02-01", "cash_amount": "0"},
        content_type="application/json",
    )
    assert r.status_code == 400 and "大于零" in r.json()["message"]
    r = client.post(
        "/api/v1/guidance/pledges",
        {"campaign_id": other_campaign.pk, "donated_on": "2020-02-01", "cash_amount": "5"},
        content_type="application/json",
    )
    assert r.status_code == 404 and r.json()["code"] == "not_found"
    assert client.get("/api/v1/guidance/donations").status_code == 403
    assert Donation.unscoped_objects.count() == 1


def test_staff_record_and_correct(world, login, campaign):
    client = login(world.admin)
    r = client.post(
        "/api/v1/guidance/donations",
        {
            "campaign_id": campaign.pk,
            "donated_on": "2020-02-01",
            "cash_amount": "100",
            "donors": [
                {"enterprise_id": world.enterprise.pk, "amount": "60"},
                {"enterprise_id": world.enterprise2.pk, "amount": "30"},
            ],
            "delivered_on": "2020-02-02",
        },
        content_type="application/json",
    )
    assert r.status_code == 400 and "不一致" in r.json()["message"]
    r = client.post(
        "/api/v1/guidance/donations",
        {
            "campaign_id": campaign.pk,
            "donated_on": "2020-02-01",
            "cash_amount": "100",
            "donors": [{"enterprise_id": world.enterprise_b.pk}],
        },
        content_type="application/json",
    )
    assert r.status_code == 400 and "数据范围" in r.json()["message"]
    d = services.record_donation(
        actor=SYSTEM,
        campaign=campaign,
        donated_on=date(2020, 2, 1),
        donors=[DonorInput(enterprise=world.enterprise)],
        cash_amount=Decimal(100),
        delivered_on=date(2020, 2, 2),
    )
    r = client.post(
        f"/api/v1/guidance/donations/{d.pk}/corrections",
        {"cash_amount": "90", "in_kind_amount": "0", "reason": "核对"},
        content_type="application/json",
    )
    assert r.status_code == 201 and Decimal(r.json()["total_after"]) == Decimal(90)
    listed = client.get(f"/api/v1/guidance/donations?campaign_id={campaign.pk}").json()
    assert listed[0]["current_amount"] == "90.00"
    assert (
        login(world.leader)
        .post(
            f"/api/v1/guidance/donations/{d.pk}/corrections",
            {"cash_amount": "1", "in_kind_amount": "0", "reason": "x"},
            content_type="application/json",
        )
        .status_code
        == 403
    )
    assert DonationCorrection.unscoped_objects.count() == 1
    assert client.get("/api/v1/guidance/my/donations").status_code == 403


def test_anonymous(client, world):
    assert client.get("/api/v1/guidance/campaigns").status_code == 401
