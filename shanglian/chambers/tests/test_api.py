import json
from datetime import date

import pytest

from shanglian.chambers import services
from shanglian.chambers.models import ChamberState, TransitionRequest

pytestmark = pytest.mark.django_db
API = "/api/v1/chambers/"


def test_list_is_scoped(history, login):
    names = {c["name"] for c in login(history.secretary).get(API).json()}
    assert names == {"城阳街道商会"}
    admin = login(history.admin).get(API).json()
    assert {c["name"] for c in admin} == {"城阳街道商会", history.chamber2.name}
    assert all(c["state"] == ChamberState.NORMAL for c in admin)
    assert login(history.enterprise_user).get(API).status_code == 403


def test_detail_scope(history, login):
    sec = login(history.secretary)
    detail = sec.get(f"{API}{history.chamber.pk}").json()
    assert detail["name"] == "城阳街道商会" and [t["to_state"] for t in detail["transitions"]] == [
        "normal",
        "founding",
    ]
    assert sec.get(f"{API}{history.chamber2.pk}").status_code == 404
    assert login(history.admin).get(f"{API}{history.chamber_b.pk}").status_code == 404


def _post(client, chamber, **over):
    body = {"to_state": "rectifying", "reason": "自查发现问题", "effective_on": "2020-06-01"}
    body.update(over)
    return client.post(
        f"{API}{chamber.pk}/transition-requests", json.dumps(body), content_type="application/json"
    )


def test_transition_request_via_api(history, login):
    sec = login(history.secretary)
    response = _post(sec, history.chamber)
    assert response.status_code == 201 and response.json()["status"] == "pending"
    assert TransitionRequest.objects.unscoped().filter(chamber=history.chamber).count() == 1
    assert _post(sec, history.chamber2).status_code == 404
    assert _post(login(history.leader), history.chamber).status_code == 403
    assert _post(login(history.enterprise_user), history.chamber).status_code == 403


def test_illegal_request_via_api_is_400_in_chinese(history, login):
    services.transition_chamber(
        actor=history.admin,
        chamber=history.chamber,
        to_state=ChamberState.DISSOLVED,
        reason="清理",
        effective_on=date(2020, 6, 1),
    )
    response = _post(login(history.secretary), history.chamber, to_state="normal")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid" and "不允许的状态变更" in response.json()["message"]
    assert not TransitionRequest.objects.unscoped().exists()
