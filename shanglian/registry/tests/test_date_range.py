"""Dates outside 1900 … today + 10 years are refused everywhere, and one already stored breaks no page
(issue 11, defect 4: `reference_date=0001-01-01` made person pages, the youth pool and the rule page 500)."""

import datetime

import pytest
from django.urls import reverse

from shanglian.audit.models import AuditEntry
from shanglian.registry.models import ClassificationRule, Membership, MembershipDues, TalentPool
from shanglian.registry.tests.helpers import born, industry, person

pytestmark = pytest.mark.django_db
RULE_URL = reverse("registry:classification_rule")
RULE_DATA = {
    "high_tax_min": "20000000",
    "high_employees_min": "800",
    "medium_tax_min": "2000000",
    "medium_employees_min": "150",
    "excellent_min_tier": "high",
    "youth_age_limit": "45",
}


@pytest.mark.parametrize("day", ["0001-01-01", "1899-12-31", "2999-01-01"])
def test_rule_reference_date_out_of_range_is_refused(world, login, day):
    client = login(world.admin)
    response = client.post(
        RULE_URL, {**RULE_DATA, "key_industries": [industry("C").pk], "reference_date": day}
    )
    assert response.status_code == 200
    assert "日期超出合理范围" in response.content.decode()
    assert not ClassificationRule.unscoped_objects.filter(federation=world.fed).exists()
    assert not AuditEntry.unscoped_objects.filter(object_type="registry.classificationrule").exists()


def test_rule_reference_date_in_range_is_saved(world, login):
    client = login(world.admin)
    response = client.post(RULE_URL, {**RULE_DATA, "reference_date": "1990-06-30"})
    assert response.status_code == 302
    assert ClassificationRule.unscoped_objects.get(federation=world.fed).reference_date == datetime.date(
        1990, 6, 30
    )


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_a_bad_date_already_stored_breaks_no_page(world, login, day):
    ClassificationRule.unscoped_objects.create(
        federation=world.fed, reference_date=datetime.date.fromisoformat(day)
    )
    p = person(world.enterprise, "三十岁", birth_date=born(30, datetime.date.today()))
    pages = [
        reverse("registry:person_detail", args=[p.pk]),
        reverse("registry:person_list"),
        reverse("registry:talent_pool") + f"?pool={TalentPool.YOUTH}",
        RULE_URL,
    ]
    for role_user in (world.admin, world.leader):
        client = login(role_user)
        for url in pages:
            if url == RULE_URL and role_user is world.leader:
                continue  # the rule page is the admin's
            assert client.get(url).status_code == 200, (role_user, url)
    # the stored date counts as "留空为当天": the thirty-year-old is in the youth pool
    body = login(world.admin).get(reverse("registry:talent_pool") + f"?pool={TalentPool.YOUTH}").content
    assert "三十岁" in body.decode()


@pytest.mark.parametrize("day", ["0001-01-01", "1800-03-01", "2999-03-01"])
def test_dues_paid_on_out_of_range_is_refused(world, login, day):
    m = Membership.unscoped_objects.get(enterprise=world.enterprise, chamber=world.chamber)
    url = reverse("registry:dues_save", args=[m.pk])
    response = login(world.secretary).post(url, {"year": 2025, "amount": "2000", "paid_on": day}, follow=True)
    assert "日期超出合理范围" in response.content.decode()
    assert not MembershipDues.unscoped_objects.filter(membership=m).exists()
    assert not AuditEntry.unscoped_objects.filter(object_type="registry.membershipdues").exists()


def test_dues_paid_on_in_range_is_saved(world, login):
    m = Membership.unscoped_objects.get(enterprise=world.enterprise, chamber=world.chamber)
    url = reverse("registry:dues_save", args=[m.pk])
    login(world.secretary).post(url, {"year": 2025, "amount": "2000", "paid_on": "2025-03-01"})
    assert MembershipDues.unscoped_objects.get(membership=m).paid_on == datetime.date(2025, 3, 1)


def test_person_birth_date_out_of_range_is_refused(world, login):
    p = person(world.enterprise, "李四")
    url = reverse("registry:person_edit", args=[p.pk])
    response = login(world.admin).post(
        url, {"name": "李四", "birth_date": "0001-01-01", "enterprise": world.enterprise.pk}
    )
    assert response.status_code == 200 and "日期超出合理范围" in response.content.decode()
    p.refresh_from_db()
    assert p.birth_date is None


def test_api_dates_out_of_range_are_refused(world, login):
    client = login(world.admin)
    url = f"/api/v1/registry/enterprises/{world.enterprise.pk}"
    response = client.patch(url, {"founded_on": "0001-01-01"}, content_type="application/json")
    assert response.status_code == 422, response.content
    assert "日期超出合理范围" in str(response.json()["errors"])
    world.enterprise.refresh_from_db()
    assert world.enterprise.founded_on != datetime.date(1, 1, 1)
    ok = client.patch(url, {"founded_on": "2001-02-03"}, content_type="application/json")
    assert ok.status_code == 200, ok.content
    response = client.get("/api/v1/party/figures?on=0001-01-01")
    assert response.status_code == 422
