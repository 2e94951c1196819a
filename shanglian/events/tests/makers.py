from datetime import timedelta
from typing import Any

from django.utils import timezone

from shanglian.core.testing.matrix import register
from shanglian.events import codes
from shanglian.events.models import (
    Booking,
    BriefingQuestion,
    Event,
    EventKind,
    Question,
    Registration,
    ServicePoint,
    ServiceSlot,
)
from shanglian.orgs.models import Organization, OrgKind


@register("event_id")
def make_event(owner: Any) -> Event:
    return Event.unscoped_objects.create(
        organizer=owner.chamber,
        title="他方座谈会",
        kind=EventKind.SYMPOSIUM,
        starts_at=timezone.now() + timedelta(days=3),
        quota=10,
    )


@register("registration_id")
def make_registration(owner: Any) -> Registration:
    event = owner.get("event_id")
    return Registration.unscoped_objects.create(
        event=event, enterprise=owner.enterprise, name="他方参会人", nonce=codes.new_nonce()
    )


@register("servicepoint_id")
def make_point(owner: Any) -> ServicePoint:
    # A department of its own: our liaison's department hosts none of another's points.
    department = Organization.objects.create_child(
        owner.federation, name="他方共建部门", kind=OrgKind.DEPARTMENT
    )
    return ServicePoint.unscoped_objects.create(
        organizer=owner.chamber,
        federation=owner.federation,
        department=department,
        kind="tax",
        name="他方税务咨询点",
        address="他方地址",
        hours="工作日",
    )


@register("serviceslot_id")
def make_slot(owner: Any) -> ServiceSlot:
    return ServiceSlot.unscoped_objects.create(
        point=owner.get("servicepoint_id"), starts_at=timezone.now() + timedelta(days=2)
    )


@register("question_id")
def make_question(owner: Any) -> Question:
    return Question.unscoped_objects.create(
        point=owner.get("servicepoint_id"), enterprise=owner.enterprise, question="他方问题"
    )


@register("briefingquestion_id")
def make_briefing_question(owner: Any) -> BriefingQuestion:
    registration = owner.get("registration_id")
    return BriefingQuestion.unscoped_objects.create(
        event=registration.event, registration=registration, text="他方会前问题"
    )


@register("booking_id")
def make_booking(owner: Any) -> Booking:
    return Booking.unscoped_objects.create(
        slot=owner.get("serviceslot_id"), enterprise=owner.enterprise, topic="他方咨询事项"
    )
