"""Deals: a deal counts once and an amendment adds only its increment — the sum cannot be inflated;
bad input (negative amount, unknown party, the same deal again) is refused with nothing written."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from shanglian.audit.models import AuditEntry
from shanglian.cooperation import services
from shanglian.cooperation.models import Deal, DealAmendment
from shanglian.core.access import AccessDenied
from shanglian.core.errors import ServiceError
from shanglian.metrics import registry
from shanglian.metrics.registry import Period, Scope

pytestmark = pytest.mark.django_db
YEAR = Period(date(2026, 1, 1), date(2026, 12, 31))


def _deal(world, **kw):
    data = {
        "actor": world.admin,
        "organizer": world.fed,
        "title": "设备采购",
        "deal_type": "trade",
        "amount": Decimal("1000000"),
        "signed_on": date(2026, 3, 1),
        "party_a": world.enterprise.pk,
        "party_b_name": "深圳某科技有限公司",
        "contract_no": "HT-1",
    }
    data.update(kw)
    return services.register_deal(**data)


def _sum(world):
    m = registry.get("cooperation.deal_amount")
    assert m is not None
    return registry.compute(m, YEAR, Scope.whole(world.fed)).value


def test_sum_cannot_be_inflated(world):
    deal = _deal(world)
    assert _sum(world) == Decimal("100.00")  # 万元
    # The same contract entered again is refused, whatever else differs.
    with pytest.raises(ServiceError, match="已登记"):
        _deal(world, title="设备采购（重复录入）")
    # The same deal without a contract number: same parties, matter and date — refused too.
    _deal(world, title="安装服务", contract_no="", amount=Decimal("200000"))
    with pytest.raises(ServiceError, match="已登记"):
        _deal(world, title="安装服务", contract_no="", amount=Decimal("200000"))
    assert _sum(world) == Decimal("120.00")
    # A capital increase adds only its increment: 100 → 150 万元, not 100 + 150.
    services.amend_deal(
        actor=world.admin, deal=deal, increment=Decimal("500000"), amended_on=date(2026, 6, 1), reason="增资"
    )
    deal.refresh_from_db()
    assert (deal.amount, deal.signed_amount) == (Decimal("1500000"), Decimal("1000000"))
    assert _sum(world) == Decimal("170.00")
    assert Deal.unscoped_objects.count() == 2 and DealAmendment.unscoped_objects.count() == 1
    assert AuditEntry.unscoped_objects.filter(object_type="cooperation.deal", action="update").count() == 1


@pytest.mark.parametrize(
    "kw, words",
    [
        ({"amount": Decimal("-1")}, "不能为负数"),
        ({"party_a": 999999}, "甲方企业不存在"),
        ({"party_a": None, "party_a_name": ""}, "请选择甲方"),
        ({"party_b_name": "青岛本方科技有限公司"}, "同一单位"),
        ({"signed_on": date(2099, 1, 1)}, "不能晚于今天"),
    ],
)
def test_bad_input_writes_nothing(world, kw, words):
    with pytest.raises(ServiceError, match=words):
        _deal(world, **kw)
    assert not Deal.unscoped_objects.exists()


def test_other_tenants_enterprise_is_an_unknown_party(world):
    with pytest.raises(ServiceError, match="甲方企业不存在"):
        _deal(world, party_a=world.enterprise_b.pk)


def test_amendment_bad_input(world):
    deal = _deal(world)
    with pytest.raises(ServiceError, match="不能为负数"):
        services.amend_deal(
            actor=world.admin,
            deal=deal,
            increment=Decimal("-2000000"),
            amended_on=date(2026, 6, 1),
            reason="减",
        )
    with pytest.raises(ServiceError, match="早于签约日期"):
        services.amend_deal(
            actor=world.admin, deal=deal, increment=Decimal("1"), amended_on=date(2026, 1, 1), reason="早"
        )
    with pytest.raises(AccessDenied):
        services.amend_deal(
            actor=world.secretary, deal=deal, increment=Decimal("1"), amended_on=date(2026, 6, 1), reason="x"
        )
    assert not DealAmendment.unscoped_objects.exists()


def test_pages(world, login, client):
    url = reverse("cooperation:deal_create")
    assert client.get(url).status_code == 302
    assert login(world.leader).get(url).status_code == 403
    admin = login(world.admin)
    data = {
        "organizer": world.fed.pk,
        "title": "冷链合作",
        "deal_type": "service",
        "party_a_name": "青岛甲",
        "party_b_name": "青岛乙",
        "amount": "-5",
        "signed_on": "2026-03-01",
    }
    resp = admin.post(url, data)
    assert resp.status_code == 200 and not Deal.unscoped_objects.exists()
    data["amount"] = "2000000"
    data["contract"] = SimpleUploadedFile("合同.pdf", b"%PDF-1.4 contract", content_type="application/pdf")
    assert admin.post(url, data).status_code == 302
    deal = Deal.unscoped_objects.get()
    assert deal.contract is not None
    page = admin.get(reverse("cooperation:deal_detail", args=[deal.pk])).content.decode()
    assert "200.00 万元" in page
    listing = admin.get(reverse("cooperation:deal_list")).content.decode()
    assert "冷链合作" in listing
    resp = admin.post(
        reverse("cooperation:deal_amend", args=[deal.pk]),
        {"increment": "100000", "amended_on": "2026-04-01", "reason": "二期"},
    )
    assert resp.status_code == 302
    deal.refresh_from_db()
    assert deal.amount == Decimal("2100000")
    other = world.users_b["federation_admin"]
    assert login(other).get(reverse("cooperation:deal_detail", args=[deal.pk])).status_code == 404
