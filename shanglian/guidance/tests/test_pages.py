"""Guidance pages: lists, forms, the donation's detail with delivery, receipt and correction, totals,
assistance pages, a donor's own giving and its certificate; scope, rights, query counts."""

import io
from datetime import date
from decimal import Decimal

import pytest
from docx import Document
from openpyxl import load_workbook

from shanglian.core.access import SYSTEM
from shanglian.guidance import seed2020, services
from shanglian.guidance.models import Campaign, Donation, DonationCorrection, DonationEntry, DonationStatus
from shanglian.guidance.services import DonorInput

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def gift(world):
    campaign = services.save_campaign(
        actor=SYSTEM,
        organization=world.chamber,
        name="城阳商会助学捐赠",
        kind="education",
        start_on=date(2020, 1, 1),
    )
    return services.record_donation(
        actor=SYSTEM,
        campaign=campaign,
        donated_on=date(2020, 3, 1),
        donors=[DonorInput(enterprise=world.enterprise)],
        cash_amount=D("17126000"),
        delivered_on=date(2020, 3, 2),
    )


@pytest.fixture
def other_gift(world):
    campaign = services.save_campaign(
        actor=SYSTEM,
        organization=world.chamber_b,
        name="他方捐赠活动",
        kind="epidemic",
        start_on=date(2020, 1, 1),
    )
    return services.record_donation(
        actor=SYSTEM,
        campaign=campaign,
        donated_on=date(2020, 3, 1),
        donors=[DonorInput(enterprise=world.enterprise_b)],
        cash_amount=D("100"),
    )


# The request itself costs 9 (session read and write in a savepoint, user, roles, menu); the budget is
# the page's own queries on top. The totals page reads each figure from the registry (one query each).
BASE = 9
PAGES = [
    ("/guidance/campaigns/", 2),
    ("/guidance/donations/", 5),
    ("/guidance/totals/?year=2020", 18),
    ("/guidance/purchases/", 2),
    ("/guidance/facilities/", 2),
    ("/guidance/volunteers/", 2),
    ("/guidance/figures/?key=guidance.donation_amount&year=2020", 5),
]


@pytest.mark.parametrize(("url", "own"), PAGES)
def test_staff_pages_show_own_tenant_only(
    world, login, gift, other_gift, url, own, django_assert_max_num_queries
):
    client = login(world.secretary)
    client.get(url)  # the first request after login stamps the session
    with django_assert_max_num_queries(BASE + own):
        r = client.get(url)
    assert r.status_code == 200
    assert "他方" not in r.content.decode()


def test_detail_pages(world, login, gift, django_assert_max_num_queries):
    services.save_team(
        actor=SYSTEM, organization=world.chamber, name="城阳志愿队", founded_on=date(2020, 1, 1)
    )
    team = world.chamber.volunteer_teams.get()
    client = login(world.secretary)
    for url, own in (
        (f"/guidance/campaigns/{gift.campaign_id}/", 6),
        (f"/guidance/donations/{gift.pk}/", 12),
        (f"/guidance/volunteers/{team.pk}/", 5),
        (f"/guidance/campaigns/{gift.campaign_id}/import/", 3),
    ):
        client.get(url)
        with django_assert_max_num_queries(BASE + own):
            r = client.get(url)
        assert r.status_code == 200, url
    html = client.get(f"/guidance/campaigns/{gift.campaign_id}/").content.decode()
    assert "导入捐赠名单" in html and "1,712.60 万元" in html


def test_amounts_show_wan_with_exact_yuan_on_hover(world, login, gift):
    html = login(world.admin).get("/guidance/donations/").content.decode()
    assert 'title="17,126,000.00 元">1,712.60 万元' in html


def test_anonymous_weak_role_and_other_tenant(world, login, client, gift, other_gift):
    assert client.get("/guidance/donations/").status_code == 302
    assert login(world.liaison).get("/guidance/donations/").status_code == 403
    assert login(world.enterprise_user).get("/guidance/campaigns/").status_code == 403
    assert login(world.leader).get("/guidance/campaigns/new/").status_code == 403
    admin = login(world.admin)
    assert admin.get(f"/guidance/donations/{other_gift.pk}/").status_code == 404
    assert admin.get(f"/guidance/donations/{gift.pk}/").status_code == 200


def test_create_campaign_and_record_a_gift(world, login):
    client = login(world.secretary)
    r = client.post(
        "/guidance/campaigns/new/",
        {"organization": world.chamber.pk, "name": "金秋助学", "kind": "education", "start_on": "2026-09-01"},
    )
    campaign = Campaign.unscoped_objects.get(name="金秋助学")
    assert r.status_code == 302 and campaign.organization == world.chamber
    data = {
        "campaign": campaign.pk,
        "donated_on": "2026-09-02",
        "donor": world.enterprise.pk,
        "cash_amount": "0",
        "item_name": "书包",
        "item_quantity": "100",
        "item_unit": "个",
        "item_unit_value": "80",
        "item_basis": "",
        "channel": "charity",
    }
    r = client.post("/guidance/donations/new/", data)
    assert "缺少估值依据" in r.content.decode() and not Donation.unscoped_objects.exists()
    r = client.post(
        "/guidance/donations/new/", data | {"item_basis": "invoice", "delivered_on": "2026-09-03"}
    )
    d = Donation.unscoped_objects.get()
    assert r.status_code == 302 and d.in_kind_amount == D("8000.00") and d.status == DonationStatus.DELIVERED


def test_detail_deliver_receipt_correct_and_refused_edit(world, login):
    campaign = services.save_campaign(
        actor=SYSTEM, organization=world.fed, name="疫情防控", kind="epidemic", start_on=date(2020, 1, 1)
    )
    d = services.record_donation(
        actor=SYSTEM,
        campaign=campaign,
        donated_on=date(2020, 3, 1),
        donors=[DonorInput(enterprise=world.enterprise)],
        cash_amount=D("1000"),
    )
    client = login(world.admin)
    r = client.post(
        f"/guidance/donations/{d.pk}/receipt/",
        {"number": "1", "issuer": "慈善总会", "receipt_date": "2020-03-05"},
        follow=True,
    )
    assert "只能在交付之后" in r.content.decode()
    client.post(f"/guidance/donations/{d.pk}/deliver/", {"delivered_on": "2020-03-02"})
    d.refresh_from_db()
    assert d.status == DonationStatus.DELIVERED
    r = client.get(f"/guidance/donations/{d.pk}/edit/", follow=True)
    assert "请登记更正" in r.content.decode()
    r = client.post(
        f"/guidance/donations/{d.pk}/correct/", {"cash_amount": "900", "in_kind_amount": "0", "reason": ""}
    )
    assert not DonationCorrection.unscoped_objects.exists()
    r = client.post(
        f"/guidance/donations/{d.pk}/correct/",
        {"cash_amount": "900", "in_kind_amount": "0", "reason": "到账核对"},
    )
    assert r.status_code == 302
    html = client.get(f"/guidance/donations/{d.pk}/").content.decode()
    assert "到账核对" in html and "已更正" in html
    assert sum(e.amount for e in DonationEntry.unscoped_objects.filter(donation=d)) == D("900.00")
    assert login(world.leader).post(f"/guidance/donations/{d.pk}/correct/", {}).status_code == 403


def test_export_is_exact_yuan(world, login, gift):
    r = login(world.admin).get("/guidance/donations/?format=xlsx")
    ws = load_workbook(io.BytesIO(r.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][5] == "更正后合计（元）"
    assert D(str(rows[1][5])) == D("17126000.00")


def test_totals_show_the_seed_and_red_alliance_subtotal(world, login):
    seed2020.build(world.fed)
    html = login(world.admin).get("/guidance/totals/?year=2020").content.decode()
    assert "1712.60" in html and "2619.70" in html and "288" in html


def test_enterprise_sees_own_giving_and_downloads_certificate(world, login, gift, other_gift):
    client = login(world.enterprise_user)
    html = client.get("/guidance/my/").content.decode()
    assert "城阳商会助学捐赠" in html and "他方" not in html
    r = client.get(f"/guidance/my/{gift.pk}/certificate/")
    assert r.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(r.content)).paragraphs)
    assert world.enterprise.name in text and "17,126,000.00 元" in text
    assert client.get(f"/guidance/my/{other_gift.pk}/certificate/").status_code == 404
    assert login(world.admin).get(f"/guidance/my/{gift.pk}/certificate/").status_code == 403


def test_assistance_forms(world, login):
    client = login(world.admin)
    r = client.post(
        "/guidance/purchases/new/",
        {
            "organization": world.fed.pk,
            "buyer": "城阳区工商联",
            "supplier": "关岭合作社",
            "region": "安顺关岭",
            "goods": "牛肉",
            "amount": "0",
            "purchased_on": "2020-05-01",
        },
    )
    assert "必须大于零" in r.content.decode() or "大于或等于" in r.content.decode()
    r = client.post(
        "/guidance/volunteers/new/",
        {"organization": world.chamber.pk, "name": "城阳志愿队", "founded_on": "2020-01-01"},
    )
    assert r.status_code == 302
    team = world.chamber.volunteer_teams.get()
    r = client.post(
        f"/guidance/volunteers/{team.pk}/activities/new/",
        {
            "held_on": "2020-06-01",
            "kind": "visit",
            "title": "走访",
            "families_reached": 5,
            "people_reached": 9,
            "gift_value": "2000",
            "volunteers": 3,
            "hours": "6",
        },
    )
    assert r.status_code == 302 and team.activities.get().gift_value == D("2000.00")
