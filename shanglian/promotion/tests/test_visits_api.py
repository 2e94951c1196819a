"""The visits API: staff list, read and record visits in their scope; an enterprise reads and confirms its own."""

import pytest
from django.test import Client

from shanglian.audit.models import AuditAction, AuditEntry
from shanglian.promotion.factories import VisitFactory
from shanglian.promotion.models import Visit, VisitStatus
from shanglian.registry.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/promotion/visits"


def _body(world, **over):
    body = {
        "organization_id": world.chamber.pk,
        "enterprise_id": world.enterprise.pk,
        "visited_on": "2026-03-10",
        "channel": "phone",
        "visitors": "刘秘书长",
        "problems": "融资难\n用工紧张",
    }
    return body | over


def test_secretary_records_lists_and_reads_a_visit(world, login):
    client = login(world.secretary)
    made = client.post(URL, _body(world), content_type="application/json")
    assert made.status_code == 201, made.content
    data = made.json()
    assert data["status"] == VisitStatus.DONE and data["problems"] == ["融资难", "用工紧张"]
    visit = Visit.objects.unscoped().get()
    assert AuditEntry.unscoped_objects.filter(
        action=AuditAction.CREATE, object_type="promotion.visit", object_id=str(visit.pk)
    ).exists()
    other = VisitFactory.create(organization=world.chamber_b, enterprise=world.enterprise_b, notes="他方走访")
    listed = client.get(URL).json()
    assert [v["id"] for v in listed] == [visit.pk]
    assert client.get(f"{URL}/{visit.pk}").json()["enterprise"] == world.enterprise.name
    assert client.get(f"{URL}/{other.pk}").status_code == 404
    assert login(world.leader).get(URL, {"before_id": visit.pk + 1, "limit": 1}).json()[0]["id"] == visit.pk


def test_enterprise_sees_and_confirms_only_its_own(world, login):
    mine = VisitFactory.create(
        organization=world.chamber, enterprise=world.enterprise, status=VisitStatus.DONE
    )
    mine.visited_on = mine.planned_on
    mine.save()
    VisitFactory.create(organization=world.chamber, enterprise=world.enterprise2, status=VisitStatus.DONE)
    client = login(world.enterprise_user)
    assert [v["id"] for v in client.get(URL).json()] == [mine.pk]
    confirmed = client.post(f"{URL}/{mine.pk}/confirm")
    assert confirmed.status_code == 200 and confirmed.json()["status"] == VisitStatus.CONFIRMED
    # An enterprise user does not record visits.
    assert client.post(URL, _body(world), content_type="application/json").status_code == 403


def test_anonymous_weak_role_other_tenant_and_bad_input(world, login):
    assert Client().get(URL).status_code == 401
    assert login(world.liaison).get(URL).status_code == 403
    client = login(world.secretary)
    outsider = EnterpriseFactory.create(federation=world.fed_b, name="他方企业")
    cases = [
        (_body(world, enterprise_id=outsider.pk), 404),
        (_body(world, organization_id=world.chamber_b.pk), 404),
        (_body(world, visited_on="2026-02-30"), 422),
        (_body(world, channel="飞鸽"), 422),
        (_body(world, enterprise_id="五十"), 422),
    ]
    for body, status in cases:
        r = client.post(URL, body, content_type="application/json")
        assert r.status_code in (status, 400), (body, r.status_code, r.content)
        assert "message" in r.json() or "detail" in r.json()
    # The leader reads but does not write.
    assert login(world.leader).post(URL, _body(world), content_type="application/json").status_code == 403
    assert not Visit.objects.unscoped().exists()
