"""决策公开 through the API: list, detail, an opinion, its answer — scoped like the pages (a draft only to
staff, another tenant's 404, a weak role's 403), Chinese errors, audited writes; rounds listed in O(1) queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from shanglian.audit.models import AuditEntry
from shanglian.mechanisms import services
from shanglian.mechanisms.models import Opinion, SignOffRule
from shanglian.mechanisms.tests.test_consultations import draft
from shanglian.notifications.models import Notification

pytestmark = pytest.mark.django_db

API = "/api/v1/mechanisms"
JSON = "application/json"


def test_an_invitee_reads_comments_and_is_answered(world, login):
    c = draft(world, invite_vice_chairs=False)
    ent = login(world.enterprise_user)
    assert ent.get(f"{API}/consultations").json() == []  # a draft is the federation's own text
    assert ent.get(f"{API}/consultations/{c.pk}").status_code == 404
    services.advance_consultation(actor=world.admin, consultation=c, step="open")
    listed = ent.get(f"{API}/consultations").json()
    assert [x["id"] for x in listed] == [c.pk] and listed[0]["status_label"] == "征求意见"
    body = ent.get(f"{API}/consultations/{c.pk}").json()
    assert [a["number"] for a in body["articles"]] == [1, 2, 3] and body["opinions"] == []
    article = body["articles"][0]
    r = ent.post(
        f"{API}/consultations/{c.pk}/opinions",
        {"text": "建议明确资金规模", "article_id": article["id"]},
        content_type=JSON,
    )
    assert r.status_code == 201, r.json()
    opinion = r.json()
    assert opinion["article_number"] == 1 and opinion["answer_label"] == "待答复"
    assert AuditEntry.objects.filter(object_id=str(opinion["id"]), action="create").exists()
    admin = login(world.admin)
    r = admin.post(
        f"{API}/opinions/{opinion['id']}/answer", {"answer": "partly", "reason": "资金规模另行研究"}, JSON
    )
    assert r.status_code == 200 and r.json()["answer_label"] == "部分采纳"
    assert Notification.objects.filter(recipient=world.enterprise_user, title__contains="已答复").exists()
    listed = login(world.enterprise_user).get(f"{API}/consultations").json()
    assert listed[0]["opinion_count"] == 1


def test_refusals(world, login):
    c = draft(world, invite_vice_chairs=False)
    services.advance_consultation(actor=world.admin, consultation=c, step="open")
    url = f"{API}/consultations/{c.pk}/opinions"
    assert Client().get(f"{API}/consultations").status_code == 401
    assert Client().post(url, {"text": "匿名"}, content_type=JSON).status_code == 401
    # Too weak: a secretary may not read consultations, an admin may not comment, an enterprise not answer.
    assert login(world.secretary).get(f"{API}/consultations").status_code == 403
    assert login(world.admin).post(url, {"text": "管理员"}, content_type=JSON).status_code == 403
    # Another tenant's admin: 404 on the consultation, its opinion and its answer.
    other = login(world.users_b["federation_admin"])
    assert other.get(f"{API}/consultations/{c.pk}").status_code == 404
    ent = login(world.enterprise_user)
    r = ent.post(url, {"text": "  "}, content_type=JSON)
    assert r.status_code == 400 and "请填写意见内容" in r.json()["message"]
    foreign = draft(world, title="他方条文来源", invited_chambers=[world.chamber2])
    r = ent.post(url, {"text": "条文不对", "article_id": foreign.articles.first().pk}, content_type=JSON)
    assert r.status_code == 404
    assert ent.post(url, {"text": "x" * 70000}, content_type=JSON).status_code == 422
    assert Opinion.unscoped_objects.count() == 0
    opinion = services.comment(actor=world.enterprise_user, consultation=c, text="有效意见")
    answer = f"{API}/opinions/{opinion.pk}/answer"
    assert ent.post(answer, {"answer": "adopted"}, content_type=JSON).status_code == 403
    other = login(world.users_b["federation_admin"])
    assert other.post(answer, {"answer": "adopted"}, content_type=JSON).status_code == 404
    admin = login(world.admin)
    r = admin.post(answer, {"answer": "declined"}, content_type=JSON)
    assert r.status_code == 400 and "请说明理由" in r.json()["message"]
    assert admin.post(answer, {"answer": ""}, content_type=JSON).status_code == 422
    # Past its end date the service refuses, before the job has closed it.
    c.closes_on = timezone.localdate() - timedelta(days=1)
    c.opens_on = c.closes_on - timedelta(days=30)
    c.save(update_fields=["opens_on", "closes_on"])
    r = login(world.enterprise_user).post(url, {"text": "晚了"}, content_type=JSON)
    assert r.status_code == 400 and "已截止" in r.json()["message"]


def test_rounds_list_costs_the_same_for_one_or_many(world, vice_chairs, login):
    from shanglian.mechanisms.tests.test_signoff import open_round

    def cost():
        with CaptureQueriesContext(connection) as ctx:
            body = client.get(f"{API}/rounds").json()
        return len(ctx.captured_queries), body

    open_round(world, vice_chairs[:2], rule=SignOffRule.UNANIMOUS)
    client = login(vice_chairs[0].user)
    client.get(f"{API}/rounds")  # warm the session and per-process caches
    one, body = cost()
    for i in range(4):
        rnd = open_round(world, vice_chairs, rule=SignOffRule.M_OF_N, required=2, title=f"事项{i}")
        services.sign(actor=vice_chairs[1].user, round=rnd, decision="agree", opinion="")
    many, body = cost()
    assert len(body) == 5 and many == one, (one, many)
    assert sorted(len(r["signers"]) for r in body) == [2, 3, 3, 3, 3]
    assert sum(len(r["signatures"]) for r in body) == 4
