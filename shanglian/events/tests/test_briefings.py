"""政策解读会：会前提问 — an enterprise registered for a policy briefing sends questions before it starts, the
organiser sees them grouped per registration with a count, an invited department's liaison answers, and the
asker sees the answer; rights, scope, bad input, audit rows, the page's query budget."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from shanglian.audit.models import AuditEntry
from shanglian.core.access import AccessDenied
from shanglian.core.errors import ServiceError
from shanglian.events import briefings, codes, services
from shanglian.events.models import (
    BRIEFING_QUESTION_MAX,
    BriefingQuestion,
    Event,
    EventKind,
    Registration,
    RegistrationStatus,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def briefing(world):
    """A policy briefing of our federation inviting chamber A1 and the tax department (the liaison's)."""
    e = Event.unscoped_objects.create(
        organizer=world.fed,
        title="减税降费政策解读会",
        kind=EventKind.POLICY,
        starts_at=timezone.now() + timedelta(days=3),
    )
    e.invited_chambers.add(world.chamber)
    e.invited_departments.add(world.department)
    return e


@pytest.fixture
def registration(world, briefing):
    return services.register(
        actor=world.enterprise_user, event=briefing, enterprise=world.enterprise, name="张经理"
    )


def _audits(action="create"):
    return AuditEntry.unscoped_objects.filter(object_type="events.briefingquestion", action=action).count()


def _detail(event):
    return reverse("events:event_detail", args=[event.pk])


def test_ask_group_answer_and_the_asker_reads_it(world, login, briefing, registration):
    ent = login(world.enterprise_user)
    page = ent.get(_detail(briefing)).content.decode()
    assert 'id="ask-form"' in page
    url = reverse("events:briefing_ask", args=[briefing.pk])
    for text in ("研发费用加计扣除比例是多少？", "小微企业所得税优惠如何申请？"):
        assert ent.post(url, {"text": text}).status_code == 302
    assert _audits() == 2
    # A second registration (staff's, for another enterprise of the chamber) asks too: two groups.
    other = Registration.unscoped_objects.create(
        event=briefing, enterprise=world.enterprise2, name="李总", nonce=codes.new_nonce()
    )
    BriefingQuestion.unscoped_objects.create(event=briefing, registration=other, text="留抵退税的时限？")

    page = login(world.admin).get(_detail(briefing)).content.decode()
    assert "共 3 个问题" in page and "2 个问题" in page and "1 个问题" in page
    assert f'id="questions-{registration.pk}"' in page and f'id="questions-{other.pk}"' in page
    assert "研发费用加计扣除比例是多少？" in page and "/answer/" not in page  # the organiser does not answer

    liaison = login(world.liaison)
    page = liaison.get(_detail(briefing)).content.decode()
    assert "留抵退税的时限？" in page and "/answer/" in page
    q = BriefingQuestion.unscoped_objects.filter(registration=registration).order_by("pk")[0]
    resp = liaison.post(
        reverse("events:briefing_answer", args=[q.pk]), {"answer": "按 100% 加计扣除。"}, follow=True
    )
    assert "已答复" in resp.content.decode()
    q.refresh_from_db()
    assert q.answer == "按 100% 加计扣除。" and q.answered_by == world.liaison and q.answered_at
    assert _audits("update") == 1

    page = login(world.enterprise_user).get(_detail(briefing)).content.decode()
    assert "答复：按 100% 加计扣除。" in page and "待答复" in page
    assert "留抵退税的时限？" not in page  # another enterprise's questions stay hidden


def test_bad_input_is_refused_in_chinese_and_writes_nothing(world, login, briefing, registration):
    ent = login(world.enterprise_user)
    url = reverse("events:briefing_ask", args=[briefing.pk])
    resp = ent.post(url, {"text": "   "}, follow=True)
    assert "请填写问题" in resp.content.decode()
    resp = ent.post(url, {"text": "问" * (BRIEFING_QUESTION_MAX + 1)}, follow=True)
    assert f"问题不能超过 {BRIEFING_QUESTION_MAX} 字" in resp.content.decode()
    assert not BriefingQuestion.unscoped_objects.exists() and _audits() == 0

    q = briefings.ask_question(actor=world.enterprise_user, registration=registration, text="问题一")
    liaison = login(world.liaison)
    resp = liaison.post(reverse("events:briefing_answer", args=[q.pk]), {"answer": ""}, follow=True)
    assert "请填写答复内容" in resp.content.decode()
    with pytest.raises(ServiceError, match="答复不能超过"):
        briefings.answer_question(actor=world.liaison, question=q, answer="答" * 2001)
    q.refresh_from_db()
    assert q.answer == "" and _audits("update") == 0


def test_questions_only_before_the_start_to_a_briefing_with_a_live_registration(
    world, briefing, registration, event
):
    ask = briefings.ask_question
    Event.unscoped_objects.filter(pk=briefing.pk).update(starts_at=timezone.now() - timedelta(minutes=1))
    registration.refresh_from_db()
    with pytest.raises(ServiceError, match="活动已开始"):
        ask(actor=world.enterprise_user, registration=registration, text="迟到的问题")
    Event.unscoped_objects.filter(pk=briefing.pk).update(starts_at=timezone.now() + timedelta(days=1))
    Registration.unscoped_objects.filter(pk=registration.pk).update(status=RegistrationStatus.CANCELLED)
    with pytest.raises(ServiceError, match="报名已取消"):
        ask(actor=world.enterprise_user, registration=registration, text="问题")
    # A symposium takes no questions in advance.
    reg = services.register(actor=world.enterprise_user, event=event, enterprise=world.enterprise, name="张")
    with pytest.raises(ServiceError, match="只有政策解读会"):
        ask(actor=world.enterprise_user, registration=reg, text="问题")
    assert not BriefingQuestion.unscoped_objects.exists()


def test_not_registered_and_limit(world, login, briefing, registration):
    ent = login(world.enterprise_user)
    Registration.unscoped_objects.filter(pk=registration.pk).update(status=RegistrationStatus.CANCELLED)
    resp = ent.post(reverse("events:briefing_ask", args=[briefing.pk]), {"text": "问题"}, follow=True)
    assert "请先报名本活动" in resp.content.decode()
    Registration.unscoped_objects.filter(pk=registration.pk).update(status=RegistrationStatus.CONFIRMED)
    for i in range(10):
        briefings.ask_question(actor=world.enterprise_user, registration=registration, text=f"问题{i}")
    with pytest.raises(ServiceError, match="最多提交 10 个问题"):
        briefings.ask_question(actor=world.enterprise_user, registration=registration, text="第十一个")


def test_rights_and_scope(world, login, briefing, registration, client):
    q = briefings.ask_question(actor=world.enterprise_user, registration=registration, text="问题")
    ask_url = reverse("events:briefing_ask", args=[briefing.pk])
    answer_url = reverse("events:briefing_answer", args=[q.pk])
    # Anonymous: to the login page, nothing written.
    for url in (ask_url, answer_url):
        resp = client.post(url, {"text": "x", "answer": "x"})
        assert resp.status_code == 302 and "/accounts/login/" in resp["Location"]
    # Too weak a role: staff may not ask, the enterprise and the organiser may not answer.
    assert login(world.admin).post(ask_url, {"text": "x"}).status_code == 403
    for user in (world.enterprise_user, world.admin, world.secretary):
        assert login(user).post(answer_url, {"answer": "x"}).status_code == 403
    # Another tenant's briefing and question: 404 for our enterprise user and our liaison.
    theirs = Event.unscoped_objects.create(
        organizer=world.fed_b, title="他方解读会", kind=EventKind.POLICY, starts_at=briefing.starts_at
    )
    their_reg = Registration.unscoped_objects.create(
        event=theirs, enterprise=world.enterprise_b, name="他方", nonce=codes.new_nonce()
    )
    their_q = BriefingQuestion.unscoped_objects.create(event=theirs, registration=their_reg, text="他方问题")
    ent = login(world.enterprise_user)
    assert ent.post(reverse("events:briefing_ask", args=[theirs.pk]), {"text": "x"}).status_code == 404
    liaison = login(world.liaison)
    assert (
        liaison.post(reverse("events:briefing_answer", args=[their_q.pk]), {"answer": "x"}).status_code == 404
    )
    assert liaison.get(_detail(theirs)).status_code == 404
    # A liaison whose department the event does not invite neither reads nor answers.
    briefing.invited_departments.clear()
    assert login(world.liaison).post(answer_url, {"answer": "x"}).status_code == 404
    with pytest.raises(AccessDenied):
        briefings.answer_question(actor=world.liaison, question=q, answer="x")
    # Another enterprise's user may not ask with our registration.
    with pytest.raises(AccessDenied):
        briefings.ask_question(actor=world.liaison, registration=registration, text="x")
    q.refresh_from_db()
    assert (
        q.answer == ""
        and _audits() == 1
        and BriefingQuestion.unscoped_objects.filter(answer="").count() == 2
        and _audits("update") == 0
    )


def test_event_page_within_query_budget(world, login, briefing, registration):
    for i in range(3):
        briefings.ask_question(actor=world.enterprise_user, registration=registration, text=f"问题{i}")
    for user in (world.admin, world.secretary, world.enterprise_user, world.liaison, world.leader):
        client = login(user)
        client.get(_detail(briefing))
        with CaptureQueriesContext(connection) as ctx:
            resp = client.get(_detail(briefing))
        assert resp.status_code == 200 and len(ctx.captured_queries) <= 10, (user, len(ctx.captured_queries))
        client.logout()
