"""Membership dues recorded by the chamber, and the registry's home-page to-dos."""

import datetime

import pytest
from django.urls import reverse

from shanglian.audit.models import AuditAction, AuditEntry
from shanglian.core.todos import todos_for
from shanglian.registry.models import Membership, MembershipDues
from shanglian.registry.tests.helpers import figure

pytestmark = pytest.mark.django_db


def _membership(enterprise, chamber):
    return Membership.unscoped_objects.get(enterprise=enterprise, chamber=chamber)


def test_secretary_records_dues_with_audit(world, login):
    m = _membership(world.enterprise, world.chamber)
    client = login(world.secretary)
    url = reverse("registry:dues_save", args=[m.pk])
    client.post(url, {"year": 2025, "amount": "2000", "paid_on": "2025-03-01"})
    client.post(url, {"year": 2025, "amount": "3000", "paid_on": "2025-03-01"})
    dues = MembershipDues.unscoped_objects.get(membership=m, year=2025)
    assert dues.amount == 3000
    actions = list(
        AuditEntry.unscoped_objects.filter(object_type="registry.membershipdues").values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == sorted([AuditAction.CREATE, AuditAction.UPDATE])
    body = client.get(reverse("registry:enterprise_detail", args=[world.enterprise.pk])).content.decode()
    assert "2025 年 3000.00 元" in body


def test_dues_bad_input_and_rights(world, login, client):
    m = _membership(world.enterprise, world.chamber)
    url = reverse("registry:dues_save", args=[m.pk])
    response = login(world.secretary).post(url, {"year": 2025, "amount": "-1"}, follow=True)
    assert "会费记录有误" in response.content.decode()
    other = _membership(world.enterprise2, world.chamber2)
    assert (
        login(world.secretary)
        .post(reverse("registry:dues_save", args=[other.pk]), {"year": 2025, "amount": "1"})
        .status_code
        == 404
    )
    assert login(world.enterprise_user).post(url, {"year": 2025, "amount": "1"}).status_code == 403
    assert login(world.leader).post(url, {"year": 2025, "amount": "1"}).status_code == 403
    client.logout()
    assert "/accounts/login/" in client.post(url, {"year": 2025, "amount": "1"})["Location"]
    assert not MembershipDues.unscoped_objects.exists()


def test_enterprise_user_is_reminded_of_missing_figures(world):
    last_year = datetime.date.today().year - 1
    todos = todos_for(world.enterprise_user).get("企业信息", [])
    assert [t.title for t in todos] == [f"请填报 青岛本方科技有限公司 {last_year} 年度营业收入、纳税额等数据"]
    figure(world.enterprise, last_year, 1)
    assert not todos_for(world.enterprise_user).get("企业信息")
    assert not todos_for(world.secretary).get("企业信息")


def test_secretary_ends_membership_with_reason(world, login, client):
    m = _membership(world.enterprise, world.chamber)
    url = reverse("registry:membership_end", args=[m.pk])
    today = datetime.date.today().isoformat()
    response = login(world.secretary).post(url, {"left_on": today, "reason": ""}, follow=True)
    assert "请填写退会日期和原因" in response.content.decode()
    response = login(world.secretary).post(url, {"left_on": "1990-01-01", "reason": "迁出"}, follow=True)
    assert "退会日期" in response.content.decode()
    assert login(world.leader).post(url, {"left_on": today, "reason": "迁出"}).status_code == 403
    other = _membership(world.enterprise2, world.chamber2)
    endpoint = reverse("registry:membership_end", args=[other.pk])
    assert login(world.secretary).post(endpoint, {"left_on": today, "reason": "x"}).status_code == 404
    m.refresh_from_db()
    assert m.left_on is None
    login(world.secretary).post(url, {"left_on": today, "reason": "企业迁出本街道"})
    m.refresh_from_db()
    assert m.left_on == datetime.date.today()
    entry = AuditEntry.unscoped_objects.get(object_type="registry.membership", action=AuditAction.TRANSITION)
    assert entry.message == "退会：企业迁出本街道" and entry.changes == {"left_on": [None, today]}
    client.logout()
    assert "/accounts/login/" in client.post(url, {})["Location"]
