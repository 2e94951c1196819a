"""Cooperation API (issue 16): deals, investment projects and their stages and talks, posting submission,
candidates and matches. Every action is in the matrix below (anonymous 401, another federation's object
404, a too-weak role 403) and a test fails when the router grows an action the matrix does not name."""

import json
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from shanglian.audit.models import AuditEntry
from shanglian.cooperation import services
from shanglian.cooperation.models import Deal, InvestmentProject, Match, Posting, Stage, Talk
from shanglian.registry.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _json(client, method, url, body=None):
    data = json.dumps(body or {}) if method == "post" else None
    kwargs = {"content_type": "application/json"} if method == "post" else {}
    return getattr(client, method)(url, data, **kwargs) if data else getattr(client, method)(url, **kwargs)


@pytest.fixture
def objs(world):
    """One object of each kind in federation A (our world) and in federation B (the other tenant)."""

    def make(fed, chamber, enterprise, admin):
        deal = services.register_deal(
            actor=admin,
            organizer=chamber,
            title="冷链合作",
            deal_type="trade",
            amount=Decimal("1000"),
            signed_on=TODAY,
            party_a=enterprise,
            party_b_name="外地物流公司",
        )
        project = services.save_project(
            actor=admin, organizer=chamber, name="冷库项目", investor="外地投资方"
        )
        posting = services.submit_posting(
            actor=admin,
            enterprise=enterprise,
            side="demand",
            category="services",
            title="寻求冷链物流仓储服务",
            description="生鲜食品需要冷链物流与冷库仓储。",
            industry=None,
            region="城阳",
            valid_until=TODAY + timedelta(days=30),
            contact_name="王经理",
            contact_phone="13912345678",
        )
        posting = services.review_posting(actor=admin, posting=posting, decision="publish")
        return {"deal": deal, "project": project, "posting": posting}

    ours = make(world.fed, world.chamber, world.enterprise, world.admin)
    theirs = make(world.fed_b, world.chamber_b, world.enterprise_b, world.users_b["federation_admin"])
    return ours, theirs


def _deal_body(world):
    return {
        "organizer_id": world.chamber.pk,
        "title": "仓储合作",
        "deal_type": "service",
        "amount": "5000.00",
        "signed_on": TODAY.isoformat(),
        "party_a_id": world.enterprise.pk,
        "party_b_name": "外地仓储公司",
    }


def _posting_body(world):
    return {
        "enterprise_id": world.enterprise.pk,
        "side": "supply",
        "category": "services",
        "title": "提供冷库仓储",
        "description": "冷库 2000 平方米。",
        "valid_until": (TODAY + timedelta(days=30)).isoformat(),
        "contact_name": "李经理",
        "contact_phone": "13800000000",
    }


# (method, path as the router names it) -> (url of an object, the body of a write, the too-weak role)
def _matrix(world, o):
    return {
        ("get", "/deals"): ("/api/v1/cooperation/deals", None, "liaison"),
        ("get", "/deals/{deal_id}"): (f"/api/v1/cooperation/deals/{o['deal'].pk}", None, "enterprise_user"),
        ("post", "/deals"): ("/api/v1/cooperation/deals", _deal_body(world), "leader"),
        ("get", "/projects"): ("/api/v1/cooperation/projects", None, "enterprise_user"),
        ("get", "/projects/{project_id}"): (
            f"/api/v1/cooperation/projects/{o['project'].pk}",
            None,
            "liaison",
        ),
        ("post", "/projects"): (
            "/api/v1/cooperation/projects",
            {"organizer_id": world.chamber.pk, "name": "新项目", "investor": "某集团"},
            "leader",
        ),
        ("post", "/projects/{project_id}/advance"): (
            f"/api/v1/cooperation/projects/{o['project'].pk}/advance",
            {"step": "negotiate"},
            "leader",
        ),
        ("post", "/projects/{project_id}/talks"): (
            f"/api/v1/cooperation/projects/{o['project'].pk}/talks",
            {"held_on": TODAY.isoformat(), "summary": "首轮洽谈"},
            "leader",
        ),
        ("get", "/postings"): ("/api/v1/cooperation/postings", None, "liaison"),
        ("post", "/postings"): ("/api/v1/cooperation/postings", _posting_body(world), "leader"),
        ("post", "/postings/{posting_id}/interest"): (
            f"/api/v1/cooperation/postings/{o['posting'].pk}/interest",
            {"note": "有意"},
            "leader",
        ),
        ("get", "/postings/{posting_id}/candidates"): (
            f"/api/v1/cooperation/postings/{o['posting'].pk}/candidates",
            None,
            "leader",
        ),
        ("get", "/postings/{posting_id}/matches"): (
            f"/api/v1/cooperation/postings/{o['posting'].pk}/matches",
            None,
            "liaison",
        ),
        ("post", "/postings/{posting_id}/matches"): (
            f"/api/v1/cooperation/postings/{o['posting'].pk}/matches",
            {"counterpart_id": world.enterprise2.pk},
            "leader",
        ),
    }


def test_matrix_names_every_action_of_the_deals_router(world, objs):
    from shanglian.cooperation import api, api_deals

    actions = {
        (method.lower(), path)
        for router in (api.router, api_deals.router)
        for path, view in router.path_operations.items()
        for op in view.operations
        for method in op.methods
    }
    assert actions == set(_matrix(world, objs[0]))


def test_matrix_anonymous_other_tenant_weak_role(world, objs, login):
    ours, theirs = objs
    matrix = _matrix(world, ours)
    for (method, path), (url, body, weak) in matrix.items():
        assert _json(Client(), method, url, body).status_code == 401, (method, path)
        resp = _json(login(getattr(world, weak)), method, url, body)
        assert resp.status_code == 403 and resp.json()["code"] == "forbidden", (method, path, resp.content)
    # Federation B's admin on federation A's objects (and A's organizer in a body): 404, nothing written.
    writes = AuditEntry.unscoped_objects.filter(object_type__startswith="cooperation.")
    before = writes.count()
    other = login(world.users_b["federation_admin"])
    for (method, path), (url, body, _weak) in matrix.items():
        if "{" not in path and method == "get":
            continue
        resp = _json(other, method, url, body)
        assert resp.status_code in (404, 400), (method, path, resp.content)
        if "{" in path or path in ("/deals", "/projects"):
            assert resp.status_code == 404, (method, path, resp.content)
    assert writes.count() == before
    # Lists show only the user's own federation.
    deals = other.get("/api/v1/cooperation/deals").json()
    assert [d["id"] for d in deals] == [theirs["deal"].pk]


def test_deal_create_detail_and_bad_input(world, objs, login):
    api = login(world.admin)
    resp = _json(api, "post", "/api/v1/cooperation/deals", _deal_body(world))
    assert resp.status_code == 201, resp.content
    deal = Deal.unscoped_objects.get(pk=resp.json()["id"])
    assert deal.party_a == world.enterprise and deal.amount == Decimal("5000.00")
    assert AuditEntry.unscoped_objects.filter(
        object_type="cooperation.deal", object_id=str(deal.pk), action="create"
    ).exists()
    services.amend_deal(
        actor=world.admin, deal=deal, increment=Decimal("500"), amended_on=TODAY, reason="增资"
    )
    detail = api.get(f"/api/v1/cooperation/deals/{deal.pk}").json()
    assert Decimal(detail["amount"]) == Decimal("5500") and detail["amendments"][0]["reason"] == "增资"
    count = Deal.unscoped_objects.count()
    for change, message in (
        ({"amount": "-1"}, "不能为负数"),
        ({"party_a_id": world.enterprise_b.pk}, "不在您的数据范围内"),
        ({"party_a_id": None, "party_a_name": ""}, "请选择甲方"),
    ):
        bad = _json(api, "post", "/api/v1/cooperation/deals", {**_deal_body(world), **change, "title": "坏"})
        assert bad.status_code == 400 and message in bad.json()["message"], bad.content
    assert (
        _json(api, "post", "/api/v1/cooperation/deals", {**_deal_body(world), "deal_type": "x"}).status_code
        == 422
    )
    # The same deal again is counted once: refused.
    again = _json(api, "post", "/api/v1/cooperation/deals", _deal_body(world))
    assert again.status_code == 400 and "只计一次" in again.json()["message"]
    assert Deal.unscoped_objects.count() == count


def test_project_stages_and_talks(world, objs, login):
    ours, _ = objs
    project = ours["project"]
    api = login(world.secretary)
    url = f"/api/v1/cooperation/projects/{project.pk}"
    assert api.get(url).json()["next_steps"] == ["negotiate", "drop"]
    resp = _json(api, "post", f"{url}/talks", {"held_on": TODAY.isoformat(), "summary": "首轮"})
    assert resp.status_code == 201 and Talk.unscoped_objects.filter(project=project).count() == 1
    assert _json(api, "post", f"{url}/advance", {"step": "negotiate"}).json()["stage"] == Stage.NEGOTIATING
    signed = _json(api, "post", f"{url}/advance", {"step": "sign", "signed_on": TODAY.isoformat()}).json()
    assert signed["stage"] == Stage.SIGNED and signed["signed_on"] == TODAY.isoformat()
    _json(api, "post", f"{url}/advance", {"step": "prepare"})
    no_money = _json(api, "post", f"{url}/advance", {"step": "fund"})
    assert no_money.status_code == 400 and "到位资金" in no_money.json()["message"]
    assert _json(api, "post", f"{url}/advance", {"step": "fly"}).json()["message"] == "未知的项目阶段操作。"
    wrong = _json(api, "post", f"{url}/advance", {"step": "produce"})
    assert wrong.status_code == 400 and "不能竣工投产" in wrong.json()["message"]
    assert InvestmentProject.unscoped_objects.get(pk=project.pk).stage == Stage.PREPARING
    transitions = AuditEntry.unscoped_objects.filter(
        object_type="cooperation.investmentproject", object_id=str(project.pk), action="transition"
    )
    assert transitions.count() == 3
    listed = api.get("/api/v1/cooperation/projects?stage=preparing").json()
    assert [p["id"] for p in listed] == [project.pk] and listed[0]["stage_label"] == "拟开工"
    future = _json(api, "post", f"{url}/talks", {"held_on": (TODAY + timedelta(days=3)).isoformat()})
    assert future.status_code == 400 and "不能晚于今天" in future.json()["message"]


def test_posting_submit_candidates_and_match(world, objs, login):
    ours, _ = objs
    api = login(world.enterprise_user)
    resp = _json(api, "post", "/api/v1/cooperation/postings", _posting_body(world))
    assert resp.status_code == 201, resp.content
    posting = Posting.unscoped_objects.get(pk=resp.json())
    assert posting.status == "pending" and posting.enterprise == world.enterprise
    stranger = _json(
        api,
        "post",
        "/api/v1/cooperation/postings",
        {**_posting_body(world), "enterprise_id": world.enterprise2.pk},
    )
    assert stranger.status_code in (400, 403)
    past = {**_posting_body(world), "valid_until": (TODAY - timedelta(days=1)).isoformat()}
    assert (
        _json(api, "post", "/api/v1/cooperation/postings", past).json()["message"] == "有效期不能早于今天。"
    )
    # The supplier's published posting shows as a candidate for the demand, with its reason.
    admin = login(world.admin)
    supply = _json(
        admin,
        "post",
        "/api/v1/cooperation/postings",
        {**_posting_body(world), "enterprise_id": world.enterprise2.pk},
    )
    assert supply.status_code == 201, supply.content
    posting = Posting.unscoped_objects.get(pk=supply.json())
    services.review_posting(actor=world.admin, posting=posting, decision="publish")
    found = admin.get(f"/api/v1/cooperation/postings/{ours['posting'].pk}/candidates").json()
    assert found and found[0]["id"] == posting.pk and "冷库" in found[0]["reason"]
    firm: Any = EnterpriseFactory(federation=world.fed, name="青岛冷链仓储有限公司")
    url = f"/api/v1/cooperation/postings/{ours['posting'].pk}/matches"
    made = _json(admin, "post", url, {"counterpart_id": firm.pk, "reason": "冷链对口"})
    assert made.status_code == 201 and made.json()["counterpart_name"] == firm.name
    twice = _json(admin, "post", url, {"counterpart_id": firm.pk})
    assert twice.status_code == 400 and twice.json()["message"] == "已为该企业安排过对接。"
    assert Match.unscoped_objects.count() == 1
    assert AuditEntry.unscoped_objects.filter(object_type="cooperation.match", action="create").count() == 1
    assert [m["id"] for m in api.get(url).json()] == [made.json()["id"]]
    foreign = _json(admin, "post", url, {"counterpart_id": world.enterprise_b.pk})
    assert foreign.status_code == 400 and "不在您的数据范围内" in foreign.json()["message"]
