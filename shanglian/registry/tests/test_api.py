"""The registry API keeps the same scope and rights as the pages."""

import json

import pytest

from shanglian.audit.models import AuditAction, AuditEntry
from shanglian.core.testing.factories import make_chamber
from shanglian.core.testing.world import MARK
from shanglian.orgs.models import ChamberKind
from shanglian.registry.models import ApplicationStatus, Enterprise, EnterpriseYearFigure, Membership
from shanglian.registry.tests.helpers import credit_code, member, person, tag

pytestmark = pytest.mark.django_db
API = "/api/v1/registry"


def _post(client, url, data, method="post"):
    return getattr(client, method)(url, json.dumps(data), content_type="application/json")


def test_list_search_and_filters(world, login):
    haier = member(world, "青岛海尔智能有限公司")
    haier.tags.add(tag("high_tech"))
    client = login(world.admin)
    body = client.get(f"{API}/enterprises", {"q": "qdhr"}).json()
    assert [e["name"] for e in body] == [haier.name] and body[0]["tags"] == ["high_tech"]
    body = client.get(f"{API}/enterprises", {"tags": "high_tech", "chamber_id": world.chamber.pk}).json()
    assert [e["name"] for e in body] == [haier.name]
    everything = client.get(f"{API}/enterprises", {"limit": 1000}).json()
    assert f"{MARK}即墨" not in json.dumps(everything, ensure_ascii=False)
    secretary = login(world.secretary).get(f"{API}/enterprises").json()
    assert MARK not in json.dumps(secretary, ensure_ascii=False)


def test_detail_scope(world, login, client):
    assert login(world.secretary).get(f"{API}/enterprises/{world.enterprise2.pk}").status_code == 404
    assert login(world.admin).get(f"{API}/enterprises/{world.enterprise_b.pk}").status_code == 404
    assert login(world.liaison).get(f"{API}/enterprises/{world.enterprise.pk}").status_code == 403
    ok = login(world.leader).get(f"{API}/enterprises/{world.enterprise.pk}")
    assert ok.status_code == 200 and ok.json()["phone"] == "138****5678"
    client.logout()
    assert client.get(f"{API}/enterprises").status_code == 401


def test_create_update_and_figures(world, login):
    client = login(world.secretary)
    code = credit_code()
    response = _post(
        client,
        f"{API}/enterprises",
        {
            "name": "青岛接口登记有限公司",
            "credit_code": code,
            "industry": "C34",
            "chamber_id": world.chamber.pk,
        },
    )
    assert response.status_code == 201, response.content
    e = Enterprise.unscoped_objects.get(credit_code=code)
    assert (
        e.industry.code == "C34"
        and Membership.unscoped_objects.filter(enterprise=e, chamber=world.chamber).exists()
    )
    assert AuditEntry.unscoped_objects.filter(
        object_type="registry.enterprise", object_id=str(e.pk), action=AuditAction.CREATE
    ).exists()
    bad = _post(
        client, f"{API}/enterprises", {"name": "x", "credit_code": "123", "chamber_id": world.chamber.pk}
    )
    assert bad.status_code == 400 and "18 位" in bad.json()["message"]
    other = _post(
        client,
        f"{API}/enterprises",
        {"name": "x", "credit_code": credit_code(), "chamber_id": world.chamber2.pk},
    )
    assert other.status_code == 404

    ent = login(world.enterprise_user)
    r = _post(ent, f"{API}/enterprises/{world.enterprise.pk}", {"employees": 88}, method="patch")
    assert r.status_code == 200 and r.json()["employees"] == 88
    assert (
        _post(
            ent, f"{API}/enterprises/{world.enterprise.pk}", {"tags": ["high_tech"]}, method="patch"
        ).status_code
        == 403
    )
    assert (
        _post(ent, f"{API}/enterprises/{world.enterprise2.pk}", {"employees": 1}, method="patch").status_code
        == 404
    )
    r = _post(ent, f"{API}/enterprises/{world.enterprise.pk}/figures/2024", {"tax": "123.4"}, method="put")
    assert (
        r.status_code == 200
        and str(EnterpriseYearFigure.unscoped_objects.get(enterprise=world.enterprise).tax) == "123.40"
    )
    r = _post(ent, f"{API}/enterprises/{world.enterprise.pk}/figures/2024", {"tax": "-1"}, method="put")
    assert r.status_code == 400
    leader = login(world.leader)
    assert (
        _post(
            leader, f"{API}/enterprises/{world.enterprise.pk}", {"employees": 1}, method="patch"
        ).status_code
        == 403
    )


def test_people_masked(world, login):
    person(world.enterprise, "张伟", phone="13912345678", id_number="")
    body = login(world.secretary).get(f"{API}/people").json()
    assert [p["name"] for p in body] == ["张伟"]
    assert body[0]["phone"] == "139****5678"
    assert login(world.enterprise_user).get(f"{API}/people", {"pool": "youth"}).status_code == 403
    assert login(world.admin).get(f"{API}/people", {"pool": "bogus"}).status_code == 400


def test_application_submit_and_decide(world, login):
    tech = make_chamber(world.fed, "城阳区科技企业商会", chamber_kind=ChamberKind.INDUSTRY, street="")
    ent = login(world.enterprise_user)
    r = _post(ent, f"{API}/applications", {"enterprise_id": world.enterprise.pk, "chamber_id": tech.pk})
    assert r.status_code == 201
    app_id = r.json()["id"]
    street = _post(
        ent, f"{API}/applications", {"enterprise_id": world.enterprise.pk, "chamber_id": world.chamber2.pk}
    )
    assert street.status_code == 400
    other_b = _post(
        ent, f"{API}/applications", {"enterprise_id": world.enterprise.pk, "chamber_id": world.chamber_b.pk}
    )
    assert other_b.status_code == 400
    assert _post(ent, f"{API}/applications/{app_id}/decide", {"approve": True}).status_code == 403
    assert (
        _post(login(world.secretary), f"{API}/applications/{app_id}/decide", {"approve": True}).status_code
        == 404
    )
    admin = login(world.admin)
    assert _post(admin, f"{API}/applications/{app_id}/decide", {"approve": False}).status_code == 400
    r = _post(admin, f"{API}/applications/{app_id}/decide", {"approve": True, "position": "director"})
    assert r.status_code == 200 and r.json()["status"] == ApplicationStatus.APPROVED
    assert Membership.unscoped_objects.get(enterprise=world.enterprise, chamber=tech).position == "director"
    listing = login(world.enterprise_user).get(f"{API}/applications").json()
    assert [a["id"] for a in listing] == [app_id]
