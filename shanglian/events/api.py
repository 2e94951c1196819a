"""Events API: list, register, my code, cancel; the door page's check-in."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from shanglian.core.access import own_enterprise_ids
from shanglian.core.api_utils import require
from shanglian.core.errors import ServiceError
from shanglian.core.scope import get_object_for_user
from shanglian.core.validation import Id, Limit, api_str, choice, text
from shanglian.events import codes, points, selectors, services
from shanglian.events.codes import MAX_CODE_LENGTH
from shanglian.events.models import Booking, Event, EventKind, Registration, ServiceSlot

router = Router(tags=["活动与会议"])


class EventOut(Schema):
    id: int
    title: str
    kind: str
    mode: str
    starts_at: datetime
    place: str
    quota: int
    organizer_id: int


class RegisterIn(Schema):
    name: api_str(Registration, "name", min_length=1)  # type: ignore[valid-type]
    phone: api_str(Registration, "phone") = ""  # type: ignore[valid-type]


class RegistrationOut(Schema):
    id: int
    event_id: int
    name: str
    status: str
    walk_in: bool


class CodeOut(Schema):
    registration_id: int
    code: str
    svg: str


class CheckInIn(Schema):
    code: text(MAX_CODE_LENGTH, min_length=1)  # type: ignore[valid-type]
    device: text(50) = ""  # type: ignore[valid-type]


class CheckInOut(Schema):
    registration_id: int
    name: str
    enterprise: str
    checked_at: datetime
    checked_in: int  # the event's count after this one, for the door page's counter
    confirmed: int


@router.get("", response=list[EventOut], summary="活动列表")
def list_events(
    request: HttpRequest,
    kind: choice(EventKind) = "",  # type: ignore[valid-type]
    before_id: Id | None = None,
    limit: Limit = 50,
) -> Any:
    require(request, "events.view")
    qs = Event.objects.visible_to(request.user).order_by("-pk")
    if kind:
        qs = qs.filter(kind=kind)
    if before_id:  # keyset paging: the next page starts below the last id seen
        qs = qs.filter(pk__lt=before_id)
    return list(qs[:limit])


@router.post("/{event_id}/register", response={201: RegistrationOut}, summary="报名（名额满则进入候补）")
def register(request: HttpRequest, event_id: Id, payload: RegisterIn) -> Any:
    require(request, "events.register")
    event = get_object_for_user(Event, request.user, event_id)
    from shanglian.registry.models import Enterprise

    enterprise = (
        Enterprise.objects.visible_to(request.user)
        .filter(pk__in=own_enterprise_ids(request.user))
        .order_by("pk")
        .first()
    )
    reg = services.register(
        actor=request.user, event=event, enterprise=enterprise, name=payload.name, phone=payload.phone
    )
    return Status(201, reg)


@router.get("/registrations/{registration_id}/code", response=CodeOut, summary="我的签到码")
def my_code(request: HttpRequest, registration_id: Id) -> Any:
    require(request, "events.view")
    reg = get_object_for_user(Registration, request.user, registration_id)
    if reg.status != "confirmed":
        raise ServiceError(f"该报名当前状态为“{reg.get_status_display()}”，没有签到码。")
    code = services.code_of(reg)
    return {"registration_id": reg.pk, "code": code, "svg": codes.qr_svg(code)}


@router.post("/registrations/{registration_id}/cancel", response=RegistrationOut, summary="取消报名")
def cancel(request: HttpRequest, registration_id: Id) -> Any:
    require(request, "events.view")
    reg = get_object_for_user(Registration, request.user, registration_id)
    return services.cancel_registration(actor=request.user, registration=reg)


@router.post("/{event_id}/checkin", response={201: CheckInOut}, summary="签到（扫码）")
def checkin(request: HttpRequest, event_id: Id, payload: CheckInIn) -> Any:
    require(request, "events.checkin")
    # As the door page: only those who keep the event check people in (others: 404/403, not a service error).
    event = get_object_for_user(Event, request.user, event_id, capability="events.checkin", write=True)
    row = services.check_in(actor=request.user, event=event, code=payload.code, device=payload.device)
    reg = row.registration
    now = selectors.attendance(event)
    return Status(
        201,
        {
            "registration_id": reg.pk,
            "name": reg.name,
            "enterprise": reg.enterprise.name if reg.enterprise is not None else "",
            "checked_at": row.checked_at,
            "checked_in": now.checked_in,
            "confirmed": now.confirmed,
        },
    )


class BookIn(Schema):
    topic: api_str(Booking, "topic", min_length=1)  # type: ignore[valid-type]


class BookingOut(Schema):
    id: int
    slot_id: int
    topic: str
    status: str


@router.post("/slots/{serviceslot_id}/book", response={201: BookingOut}, summary="预约便企服务点咨询时段")
def book_slot(request: HttpRequest, serviceslot_id: Id, payload: BookIn) -> Any:
    require(request, "servicepoints.book")
    from shanglian.registry.models import Enterprise

    slot = get_object_for_user(ServiceSlot, request.user, serviceslot_id)
    enterprise = (
        Enterprise.objects.visible_to(request.user).filter(pk__in=own_enterprise_ids(request.user)).first()
    )
    return Status(
        201, points.book_slot(actor=request.user, slot=slot, enterprise=enterprise, topic=payload.topic)
    )
