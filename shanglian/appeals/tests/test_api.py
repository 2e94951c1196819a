"""The mini-program's contract: POST/GET /api/v1/appeals, the detail with its timeline, one POST per step;
{code, message} errors — 404 outside scope, 403 wrong role, 409 wrong state, 400 broken rule — writing nothing."""

import json
from typing import get_args

from shanglian.appeals import api
from shanglian.appeals.models import Appeal, AppealState, Channel, ContactPreference
from shanglian.audit.models import AuditAction, AuditEntry
from shanglian.core.roles import Role
from shanglian.orgs.factories import make_department

API = "/api/v1/appeals"


def post(client, url, body=None):
    return client.post(url, json.dumps(body or {}), content_type="application/json")


def transitions():
    return AuditEntry.unscoped_objects.filter(action=AuditAction.TRANSITION).count()


def test_the_schema_literals_match_the_models():
    assert set(get_args(api.ChannelCode)) == set(Channel.values)
    assert set(get_args(api.ContactCode)) == set(ContactPreference.values)
    assert set(get_args(api.StateCode)) == set(AppealState.values)


def test_a_whole_appeal_through_the_api(world, login, categories):
    ent = login(world.enterprise_user)
    r = post(
        ent,
        API,
        {
            "title": "用电增容审批慢",
            "content": "新上生产线需要增容，申请一月未批。",
            "category_id": categories["基础设施"].pk,
        },
    )
    assert r.status_code == 201, r.content
    created = r.json()
    assert created["state"] == "submitted" and created["holder"].endswith("受理窗口")
    url = f"{API}/{created['id']}"
    ent.logout()
    desk = login(world.admin)
    assert post(desk, f"{url}/accept").status_code == 200
    r = post(desk, f"{url}/dispatch", {"lead": world.department.pk, "assisting": [world.chamber.pk]})
    assert r.status_code == 200 and r.json()["holder"] == world.department.name
    desk.logout()
    liaison = login(world.liaison)
    assert post(liaison, f"{url}/sign").json()["state"] == "handling"
    assert post(liaison, f"{url}/progress", {"reason": "已联系供电公司"}).status_code == 200
    assert post(liaison, f"{url}/extend", {"days": 3, "reason": "需现场勘查"}).status_code == 200
    liaison.logout()
    desk = login(world.admin)
    assert post(desk, f"{url}/approve-extension").json()["extension_status"] == "approved"
    desk.logout()
    liaison = login(world.liaison)
    r = post(liaison, f"{url}/reply", {"reason": "已完成增容", "outcome": "solved"})
    assert r.json()["outcome"] == "solved"
    liaison.logout()
    assert post(login(world.admin), f"{url}/close").json()["state"] == "closed"
    ent = login(world.enterprise_user)
    r = post(ent, f"{url}/rate", {"satisfaction": "satisfied", "reason": "满意"})
    assert r.status_code == 200
    detail = ent.get(url).json()
    assert detail["state"] == "rated"
    labels = [e["label"] for e in detail["timeline"]]
    assert labels == [
        "提交",
        "受理",
        "派单",
        "签收",
        "办理进展",
        "申请延期",
        "批准延期",
        "答复",
        "办结",
        "评价",
    ]
    assert {d["role"] for d in detail["dispatches"]} == {"lead", "assist"}
    listing = ent.get(API).json()
    assert [a["id"] for a in listing["items"]] == [created["id"]] and listing["next_before"] is None


def test_errors_are_json_and_write_nothing(world, login, submit):
    appeal = submit()
    url = f"{API}/{appeal.pk}"
    before = transitions()
    ent = login(world.enterprise_user)
    r = post(ent, f"{url}/accept")
    assert r.status_code == 403 and r.json()["code"] == "forbidden" and r.json()["message"]
    r = post(ent, f"{url}/rate", {"satisfaction": "satisfied"})  # before the reply
    assert r.status_code == 409 and r.json() == {
        "code": "conflict",
        "message": "当前状态为“待受理”，不能评价。",
    }
    ent.logout()
    desk = login(world.admin)
    r = post(desk, f"{url}/sign")  # the desk is not the handling unit
    assert r.status_code == 403
    r = post(desk, f"{url}/decline", {"reason": ""})
    assert r.status_code == 400 and "理由" in r.json()["message"]
    assert post(desk, f"{url}/accept").status_code == 200
    outside = make_department(world.fed_b, "他方即墨区税务局")
    r = post(desk, f"{url}/dispatch", {"lead": outside.pk})
    assert r.status_code == 400 and r.json()["message"] == "承办单位须为本工商联下属的政府部门或商会。"
    assert post(desk, f"{url}/fly").status_code == 404
    assert transitions() == before + 1
    appeal.refresh_from_db()
    assert appeal.state == AppealState.ACCEPTED


def test_scope_and_bad_input(world, login, submit):
    appeal = submit()
    assert login(world.users_b[Role.FEDERATION_ADMIN]).get(f"{API}/{appeal.pk}").status_code == 404
    assert login(world.liaison).get(f"{API}/{appeal.pk}").status_code == 404  # not its department's
    assert login(world.liaison).get(API).json()["items"] == []
    ent = login(world.enterprise_user)
    r = post(ent, API, {"title": "空内容", "content": "  "})
    assert r.status_code == 400 and r.json()["message"] == "请填写诉求内容。"
    r = post(ent, API, {"title": "别家", "content": "内容", "enterprise_id": world.enterprise2.pk})
    assert r.status_code == 404
    r = post(ent, API, {"title": "x", "content": "y", "channel": "pigeon"})
    assert r.status_code == 422 and r.json()["code"] == "invalid_input"
    assert Appeal.unscoped_objects.count() == 1
    assert post(login(world.liaison), API, {"title": "x", "content": "y"}).status_code == 403


def test_the_list_pages_by_id(world, login, submit):
    ids = [submit(title=f"第{i}件", content=f"内容{i}").pk for i in range(3)]
    client = login(world.admin)
    first = client.get(f"{API}?limit=2").json()
    assert [a["id"] for a in first["items"]] == ids[::-1][:2]
    second = client.get(f"{API}?limit=2&before={first['next_before']}").json()
    assert [a["id"] for a in second["items"]] == [ids[0]] and second["next_before"] is None
    assert client.get(f"{API}?state=closed").json()["items"] == []


def test_anonymous_gets_401(client, world):
    assert client.get(API).status_code == 401
    assert post(client, API, {"title": "x", "content": "y"}).status_code in (401, 403)
