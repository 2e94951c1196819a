from datetime import date

import pytest

from shanglian.governance.models import Organ, Term

pytestmark = pytest.mark.django_db


def _term(chamber, **over):
    data = dict(
        chamber=chamber, organ=Organ.COUNCIL, number=1, start_on=date(2022, 1, 1), end_on=date(2026, 12, 31)
    )
    data.update(over)
    return Term.unscoped_objects.create(**data)


def test_terms_api_is_scoped(world, login):
    _term(world.chamber)
    _term(world.chamber2)
    _term(world.chamber_b)
    assert len(login(world.admin).get("/api/v1/governance/terms").json()) == 2
    mine = login(world.secretary).get("/api/v1/governance/terms").json()
    assert [t["chamber_id"] for t in mine] == [world.chamber.pk]
    assert login(world.enterprise_user).get("/api/v1/governance/terms").status_code == 403


def test_create_term_via_api(world, login):
    client = login(world.secretary)
    payload = {
        "chamber_id": world.chamber.pk,
        "organ": "council",
        "number": 1,
        "start_on": "2022-01-01",
        "end_on": "2026-12-31",
    }
    response = client.post("/api/v1/governance/terms", payload, content_type="application/json")
    assert response.status_code == 201
    clash = client.post("/api/v1/governance/terms", {**payload, "number": 2}, content_type="application/json")
    assert clash.status_code == 400 and "任期重叠" in clash.json()["message"]
    other = client.post(
        "/api/v1/governance/terms",
        {**payload, "chamber_id": world.chamber_b.pk},
        content_type="application/json",
    )
    assert other.status_code == 404
    sibling = client.post(
        "/api/v1/governance/terms",
        {**payload, "chamber_id": world.chamber2.pk},
        content_type="application/json",
    )
    assert sibling.status_code == 404
    assert (
        login(world.leader)
        .post("/api/v1/governance/terms", payload, content_type="application/json")
        .status_code
        == 403
    )
    assert Term.unscoped_objects.count() == 1


def test_alerts_meetings_rotations_staff_endpoints(world, login):
    _term(world.chamber, end_on=date(2020, 1, 1), start_on=date(2015, 1, 1))
    client = login(world.secretary)
    alerts = client.get("/api/v1/governance/terms/alerts").json()
    assert alerts[0]["kind"] == "expired"
    for path in ("meetings", "rotations", "staff"):
        assert client.get(f"/api/v1/governance/{path}").status_code == 200
        assert login(world.liaison).get(f"/api/v1/governance/{path}").status_code == 403
        client = login(world.secretary)
