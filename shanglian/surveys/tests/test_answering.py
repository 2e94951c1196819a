"""Answering: a draft that resumes, one submission, the rules on required, hidden and foreign options."""

import pytest
from django.urls import reverse

from shanglian.audit.models import AuditAction, AuditEntry
from shanglian.core.errors import ServiceError
from shanglian.surveys import services
from shanglian.surveys.models import Answer, Response, ResponseStatus, Survey, SurveyStatus
from shanglian.surveys.tests.conftest import qs

pytestmark = pytest.mark.django_db


def test_enterprise_saves_draft_then_submits_once_in_the_portal(world, login, published):
    q1, q2, q3, q4 = qs(published)
    yes = q1.options.get(label="是")
    client = login(world.enterprise_user)
    assert "用工需求调查" in client.get("/").content.decode()  # the to-do list asks for it
    url = reverse("surveys:answer", args=[published.pk])
    client.post(url, {f"q{q1.pk}": yes.pk, "draft": "1"})
    sheet = Response.objects.unscoped().get()
    assert sheet.status == ResponseStatus.DRAFT
    page = client.get(url).content.decode()
    assert f'value="{yes.pk}" checked' in page  # the draft resumes
    technician = q3.options.get(label="技工")
    data = {
        f"q{q1.pk}": yes.pk,
        f"q{q2.pk}": "12",
        f"q{q3.pk}": [technician.pk],
        f"q{q3.pk}_other": "电工",
        f"q{q4.pk}": "希望组织招聘会",
        "submit": "1",
    }
    assert client.post(url, data).status_code == 302
    sheet = Response.objects.unscoped().get()
    assert sheet.status == ResponseStatus.SUBMITTED and sheet.submitted_by == world.enterprise_user
    assert Answer.objects.unscoped().filter(response=sheet).count() == 5
    entry = AuditEntry.unscoped_objects.get(action=AuditAction.TRANSITION, object_type="surveys.response")
    assert entry.changes["status"] == ["draft", "submitted"]
    again = client.post(url, data).content.decode()
    assert "不能重复提交" in again
    assert Answer.objects.unscoped().filter(response=sheet).count() == 5


def test_rules_on_bad_answers(world, published):
    q1, q2, q3, q4 = qs(published)
    yes, no = q1.options.get(label="是"), q1.options.get(label="否")
    cases = [
        ({q1.pk: no.pk, q2.pk: "5"}, "未显示"),
        ({}, "必答题"),
        ({q1.pk: q3.options.first().pk}, "选项无效"),
        ({q1.pk: yes.pk, q2.pk: "十二"}, "请填写数字"),
        ({q1.pk: {"option": yes.pk, "other": "都不是"}, q2.pk: 1}, "只能选一项"),
        ({q1.pk: yes.pk, q2.pk: 1, 999999: "x"}, "不存在的题目"),
    ]
    for answers, message in cases:
        with pytest.raises(ServiceError, match=message):
            services.save_response(
                actor=world.enterprise_user, survey=published, answers=answers, submit=True
            )
    assert not Response.objects.unscoped().exists()


def test_closed_survey_and_outsiders(world, login, published):
    q1 = qs(published)[0]
    other = login(world.users_b["chamber_secretary"])
    assert other.get(reverse("surveys:answer", args=[published.pk])).status_code == 403
    services.close_survey(actor=world.secretary, survey=published)
    assert Survey.objects.unscoped().get(pk=published.pk).status == SurveyStatus.CLOSED
    with pytest.raises(ServiceError, match="已结束"):
        services.save_response(
            actor=world.enterprise_user, survey=published, answers={q1.pk: q1.options.first().pk}, submit=True
        )
    assert not Response.objects.unscoped().exists()


def test_api_answers_like_the_portal(world, login, published):
    q1, q2, q3, _ = qs(published)
    client = login(world.enterprise_user)
    listing = client.get("/api/v1/surveys/").json()
    assert [s["title"] for s in listing] == ["用工需求调查"] and listing[0]["my_status"] == "none"
    detail = client.get(f"/api/v1/surveys/{published.pk}").json()
    assert [q["kind"] for q in detail["questions"]] == ["single", "number", "multiple", "text"]
    yes = q1.options.get(label="是").pk
    body = {"answers": {str(q1.pk): yes, str(q2.pk): 3, str(q3.pk): {"options": [], "other": "电工"}}}
    draft = client.put(f"/api/v1/surveys/{published.pk}/response", body, content_type="application/json")
    assert draft.status_code == 200 and draft.json()["status"] == "draft"
    done = client.post(
        f"/api/v1/surveys/{published.pk}/response/submit", body, content_type="application/json"
    )
    assert done.status_code == 200 and done.json()["status"] == "submitted"
    twice = client.post(
        f"/api/v1/surveys/{published.pk}/response/submit", body, content_type="application/json"
    )
    assert twice.status_code == 400 and "不能重复提交" in twice.json()["message"]
    # Another enterprise's view: not invited → 404; staff have no answering right → 403.
    assert login(world.admin).get(f"/api/v1/surveys/{published.pk}").status_code == 403
