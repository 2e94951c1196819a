"""便企平台: a booking is cancelled from the point's page by the booking enterprise or the point's organiser
(workflow kit: one audit row; the slot is free again); others are refused."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from shanglian.audit.models import AuditAction, AuditEntry
from shanglian.core.roles import Role
from shanglian.events import points
from shanglian.events.models import Booking, BookingStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def booking(world):
    point = points.save_point(
        actor=world.admin,
        organizer=world.fed,
        department=world.department,
        kind="tax",
        name="商会税务咨询点",
        address="城阳区",
        hours="工作日",
    )
    slot = points.add_slot(actor=world.admin, point=point, starts_at=timezone.now() + timedelta(days=2))
    return points.book_slot(actor=world.enterprise_user, slot=slot, enterprise=world.enterprise, topic="咨询")


def _url(booking):
    return reverse("events:booking_cancel", args=[booking.pk])


def _status(booking):
    return Booking.unscoped_objects.get(pk=booking.pk).status


def test_the_booking_enterprise_cancels_from_the_page(world, login, booking):
    client = login(world.enterprise_user)
    page = client.get(reverse("events:point_detail", args=[booking.slot.point_id])).content.decode()
    assert _url(booking) in page and "确认取消该预约" in page
    response = client.post(_url(booking), follow=True)
    assert "预约已取消" in response.content.decode()
    assert _status(booking) == BookingStatus.CANCELLED
    step = AuditEntry.unscoped_objects.get(action=AuditAction.TRANSITION, object_type="events.booking")
    assert step.changes == {"status": ["booked", "cancelled"]} and step.actor == world.enterprise_user
    # Cancelled once: a second click is told so in Chinese, nothing written.
    again = client.post(_url(booking), follow=True).content.decode()
    assert "该预约已取消或已完成" in again
    assert (
        AuditEntry.unscoped_objects.filter(
            object_type="events.booking", action=AuditAction.TRANSITION
        ).count()
        == 1
    )


def test_the_organiser_cancels(world, login, booking):
    assert login(world.admin).post(_url(booking)).status_code == 302
    assert _status(booking) == BookingStatus.CANCELLED


def test_others_are_refused(world, login, booking):
    assert Client().post(_url(booking)).status_code == 302  # anonymous → login
    assert login(world.liaison).post(_url(booking)).status_code == 403  # answers questions, cancels nothing
    assert login(world.users_b[Role.FEDERATION_ADMIN]).post(_url(booking)).status_code == 404
    page = login(world.leader).get(reverse("events:point_detail", args=[booking.slot.point_id])).content
    assert _url(booking).encode() not in page
    assert login(world.enterprise_user).get(_url(booking)).status_code == 405  # POST only
    assert _status(booking) == BookingStatus.BOOKED
