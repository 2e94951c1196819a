"""Events API: list (scoped, keyset), register (waiting list when full), my code, cancel; JSON errors."""

import json

import pytest

from shanglian.events import codes
from shanglian.events.models import Registration, RegistrationStatus

pytestmark = pytest.mark.django_db


def test_list_register_code_cancel(world, event, login, client):
    assert client.get("/api/v1/events").status_code == 401
    api = login(world.enterprise_user)
    listed = api.get("/api/v1/events").json()
    assert [e["id"] for e in listed] == [event.pk]
    resp = api.post(
        f"/api/v1/events/{event.pk}/register", json.dumps({"name": "王总"}), content_type="application/json"
    )
    assert resp.status_code == 201, resp.content
    reg_id = resp.json()["id"]
    assert resp.json()["status"] == RegistrationStatus.CONFIRMED
    again = api.post(
        f"/api/v1/events/{event.pk}/register", json.dumps({"name": "王总"}), content_type="application/json"
    )
    assert again.status_code == 400 and again.json()["message"] == "该企业已报名本活动。"
    code = api.get(f"/api/v1/events/registrations/{reg_id}/code").json()
    parsed = codes.parse(code["code"])
    assert parsed is not None and parsed.registration_id == reg_id and code["svg"].startswith("<svg")
    resp = api.post(f"/api/v1/events/registrations/{reg_id}/cancel")
    assert resp.status_code == 200 and resp.json()["status"] == RegistrationStatus.CANCELLED
    no_code = api.get(f"/api/v1/events/registrations/{reg_id}/code")
    assert no_code.status_code == 400 and "没有签到码" in no_code.json()["message"]


def test_bad_input_and_rights(world, event, login):
    api = login(world.enterprise_user)
    resp = api.post(
        f"/api/v1/events/{event.pk}/register", json.dumps({"name": ""}), content_type="application/json"
    )
    assert resp.status_code == 422
    assert (
        login(world.leader)
        .post(
            f"/api/v1/events/{event.pk}/register", json.dumps({"name": "x"}), content_type="application/json"
        )
        .status_code
        == 403
    )
    assert (
        login(world.users_b["chamber_secretary"]).get("/api/v1/events/registrations/1/code").status_code
        == 404
    )
    assert api.get("/api/v1/events?kind=nope").status_code == 422
    assert not Registration.unscoped_objects.exists()
