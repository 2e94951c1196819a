"""便企平台: points with counts, a slot booked once (a second booking refused), questions answered by the
host department's liaison; rights and scope."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from shanglian.audit.models import AuditEntry
from shanglian.core.access import AccessDenied
from shanglian.core.errors import ServiceError
from shanglian.events import points
from shanglian.events.models import Booking, Question, ServicePoint, ServiceSlot
from shanglian.registry.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def point(world):
    return points.save_point(
        actor=world.admin,
        organizer=world.fed,
        department=world.department,
        kind="tax",
        name="商会税务咨询点",
        address="城阳区",
        hours="工作日",
    )


@pytest.fixture
def slot(world, point):
    return points.add_slot(actor=world.admin, point=point, starts_at=timezone.now() + timedelta(days=2))


def test_create_point_page_and_bad_department(world, login):
    admin = login(world.admin)
    data = {
        "organizer": world.fed.pk,
        "department": world.chamber.pk,
        "kind": "tax",
        "name": "点",
        "address": "a",
        "hours": "h",
    }
    resp = admin.post(reverse("events:point_create"), data)
    assert resp.status_code == 200 and not ServicePoint.unscoped_objects.exists()
    data["department"] = world.department.pk
    assert admin.post(reverse("events:point_create"), data).status_code == 302
    assert AuditEntry.unscoped_objects.filter(object_type="events.servicepoint", action="create").count() == 1
    assert login(world.enterprise_user).get(reverse("events:point_create")).status_code == 403


def test_slot_booked_once(world, slot, login):
    client = login(world.enterprise_user)
    resp = client.post(
        reverse("events:slot_book", args=[slot.pk]), {"topic": "研发费用加计扣除"}, follow=True
    )
    assert "预约成功" in resp.content.decode()
    other = EnterpriseFactory(federation=world.fed, name="青岛另一家有限公司")
    from shanglian.accounts.factories import user_with_role
    from shanglian.core.roles import Role

    other_user = user_with_role(Role.ENTERPRISE_USER, enterprise=other, username="ent_other2")
    with pytest.raises(ServiceError, match="已被预约"):
        points.book_slot(actor=other_user, slot=slot, enterprise=other, topic="另约")
    assert Booking.unscoped_objects.count() == 1
    with pytest.raises(ServiceError, match="请填写咨询事项"):
        points.book_slot(actor=other_user, slot=slot, enterprise=other, topic=" ")
    with pytest.raises(AccessDenied):
        points.book_slot(actor=world.enterprise_user, slot=slot, enterprise=other, topic="冒名")


def test_api_book(world, slot, login, client):
    url = f"/api/v1/events/slots/{slot.pk}/book"
    body = json.dumps({"topic": "发票咨询"})
    assert client.post(url, body, content_type="application/json").status_code == 401
    assert login(world.secretary).post(url, body, content_type="application/json").status_code == 403
    assert (
        login(world.users_b["federation_admin"]).post(url, body, content_type="application/json").status_code
        == 403
    )
    api = login(world.enterprise_user)
    assert api.post(url, body, content_type="application/json").status_code == 201
    again = api.post(url, body, content_type="application/json")
    assert again.status_code == 400 and "已被预约" in again.json()["message"]
    assert Booking.unscoped_objects.count() == 1


def test_question_answered_by_the_department_liaison(world, point, login):
    client = login(world.enterprise_user)
    client.post(reverse("events:question_ask", args=[point.pk]), {"question": "小规模纳税人如何申请减免？"})
    q = Question.unscoped_objects.get()
    # The liaison sees the point (its department hosts it) and answers.
    liaison = login(world.liaison)
    page = liaison.get(reverse("events:point_detail", args=[point.pk])).content.decode()
    assert "小规模纳税人如何申请减免" in page
    resp = liaison.post(reverse("events:question_answer", args=[q.pk]), {"answer": ""}, follow=True)
    assert "请填写答复内容" in resp.content.decode()
    liaison.post(reverse("events:question_answer", args=[q.pk]), {"answer": "可在电子税务局办理。"})
    q.refresh_from_db()
    assert q.answer == "可在电子税务局办理。" and q.answered_by == world.liaison
    assert (
        login(world.enterprise_user)
        .post(reverse("events:question_answer", args=[q.pk]), {"answer": "x"})
        .status_code
        == 403
    )
    assert (
        login(world.users_b["federation_admin"])
        .get(reverse("events:point_detail", args=[point.pk]))
        .status_code
        == 404
    )


def test_an_over_long_answer_is_refused_as_a_briefing_answer_is(world, point):
    """Both kinds of answered question share one answer field (events.models.AnsweredQuestion)."""
    q = points.ask_question(
        actor=world.enterprise_user, point=point, enterprise=world.enterprise, question="问"
    )
    with pytest.raises(ServiceError, match="答复不能超过 2000 字"):
        points.answer_question(actor=world.liaison, question=q, answer="答" * 2001)
    assert Question.unscoped_objects.get().answer == ""
    assert not AuditEntry.unscoped_objects.filter(object_type="events.question", action="update").exists()


def test_point_list_counts(world, point, slot, login):
    points.book_slot(actor=world.enterprise_user, slot=slot, enterprise=world.enterprise, topic="咨询")
    body = login(world.leader).get(reverse("events:point_list")).content.decode()
    assert "商会税务咨询点" in body
    assert "<td>1</td>" in body  # one consultation booked
    assert ServiceSlot.unscoped_objects.count() == 1


def test_cancel_booking_through_workflow(world, slot):
    booking = points.book_slot(
        actor=world.enterprise_user, slot=slot, enterprise=world.enterprise, topic="退税"
    )
    other = EnterpriseFactory(federation=world.fed, name="青岛取消测试有限公司")
    from shanglian.accounts.factories import user_with_role
    from shanglian.core.roles import Role

    stranger = user_with_role(Role.ENTERPRISE_USER, enterprise=other, username="ent_cancel_other")
    with pytest.raises(AccessDenied, match="无权取消"):
        points.cancel_booking(actor=stranger, booking=booking)
    with pytest.raises(TypeError):
        points.cancel_booking(actor=None, booking=booking)
    done = points.cancel_booking(actor=world.enterprise_user, booking=booking)
    assert done.status == "cancelled"
    rows = AuditEntry.unscoped_objects.filter(object_type="events.booking", action="transition")
    assert rows.count() == 1 and "取消预约" in rows.get().message
    with pytest.raises(ServiceError, match="已取消或已完成"):
        points.cancel_booking(actor=world.enterprise_user, booking=done)
    # The freed slot can be booked again (the partial key holds only live bookings).
    points.book_slot(actor=world.enterprise_user, slot=slot, enterprise=world.enterprise, topic="再约")
