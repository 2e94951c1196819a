"""Writes of the events app: events, registration with quota and waiting list, check-in, minutes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from shanglian.attachments import services as attachments
from shanglian.attachments.uses import get_use
from shanglian.attachments.validation import check_upload
from shanglian.audit import services as audit
from shanglian.core.access import AccessDenied, can_write, own_enterprise_ids, require_actor, require_write
from shanglian.core.errors import ServiceError
from shanglian.core.saving import save_audited
from shanglian.events import codes
from shanglian.events.models import (
    HOLDING,
    MINUTES,
    CheckIn,
    Event,
    EventMode,
    Registration,
    RegistrationStatus,
)
from shanglian.orgs.models import Organization
from shanglian.workflow import services as workflow

S = RegistrationStatus


@transaction.atomic
def save_event(
    *,
    actor: Any,
    event: Event | None = None,
    organizer: Organization,
    title: str,
    kind: str,
    mode: str,
    starts_at: datetime,
    place: str = "",
    host_outside: str = "",
    description: str = "",
    quota: int = 0,
    registration_closes_at: datetime | None = None,
    invited_chambers: Any = (),
    invited_departments: Any = (),
) -> Event:
    require_actor(actor)
    require_write(actor, organizer, "您无权为该单位登记活动。")
    if event is not None:
        require_write(actor, event, "您无权修改该活动。")
    if quota < 0:
        raise ServiceError("名额不能为负数。")
    if registration_closes_at and registration_closes_at > starts_at:
        raise ServiceError("报名截止时间不能晚于活动开始时间。")
    if mode == EventMode.ATTENDED and quota:
        raise ServiceError("参加外部活动不设报名名额。")
    before = None if event is None else audit.snapshot(event)
    obj = event or Event()
    obj.organizer = organizer
    obj.title, obj.kind, obj.mode, obj.starts_at = title, kind, mode, starts_at
    obj.place, obj.host_outside, obj.description = place, host_outside, description
    obj.quota, obj.registration_closes_at = quota, registration_closes_at
    save_audited(obj, actor=actor, before=before, organization=organizer, integrity_message="活动保存失败。")
    obj.invited_chambers.set(list(invited_chambers))
    obj.invited_departments.set(list(invited_departments))
    return obj


def registration_open(event: Event, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    closes = event.registration_closes_at or event.starts_at
    return event.mode == EventMode.HOSTED and now < closes


@transaction.atomic
def register(*, actor: Any, event: Event, enterprise: Any = None, name: str, phone: str = "") -> Registration:
    """A confirmed place while the quota has room, else a place on the waiting list."""
    require_actor(actor)
    staff = can_write(actor, event.organizer)
    if not staff and (enterprise is None or enterprise.pk not in own_enterprise_ids(actor)):
        raise AccessDenied("只能为本企业报名。")
    # Lock the event: concurrent registrations are counted against the quota one after another.
    event = Event.unscoped_objects.select_for_update().get(pk=event.pk)
    if event.mode != EventMode.HOSTED:
        raise ServiceError("该活动为参加的外部活动，不接受报名。")
    if not registration_open(event):
        raise ServiceError("报名已截止。")
    name = (name or "").strip()
    if not name:
        raise ServiceError("请填写参会人姓名。")
    if enterprise is not None and (
        Registration.unscoped_objects.filter(
            event=event, enterprise=enterprise, status__in=[*HOLDING, S.WAITING]
        ).exists()
    ):
        raise ServiceError("该企业已报名本活动。")
    status = S.CONFIRMED
    if (
        event.quota
        and Registration.unscoped_objects.filter(event=event, status__in=HOLDING).count() >= event.quota
    ):
        status = S.WAITING
    reg = Registration(
        event=event,
        enterprise=enterprise,
        name=name,
        phone=phone,
        status=status,
        nonce=codes.new_nonce(),
        registered_by=actor if getattr(actor, "pk", None) else None,
    )
    return save_audited(
        reg, actor=actor, before=None, organization=event.organizer, integrity_message="该企业已报名本活动。"
    )


@transaction.atomic
def cancel_registration(*, actor: Any, registration: Registration, reason: str = "") -> Registration:
    result: Registration = workflow.apply(registration, "cancel", actor=actor, reason=reason).obj
    return result


@transaction.atomic
def accept_offer(*, actor: Any, registration: Registration) -> Registration:
    result: Registration = workflow.apply(registration, "accept", actor=actor).obj
    return result


@transaction.atomic
def decline_offer(*, actor: Any, registration: Registration) -> Registration:
    result: Registration = workflow.apply(registration, "decline", actor=actor).obj
    return result


def code_of(registration: Registration) -> str:
    return codes.sign(registration.event_id, registration.pk, registration.nonce)


def _refuse_forged() -> ServiceError:
    return ServiceError("签到码无效（无法识别或已被篡改）。")


@transaction.atomic
def check_in(*, actor: Any, event: Event, code: str, device: str = "") -> CheckIn:
    """Check a registration in by its signed code. A code counts once: the second scan, even at the same
    instant on another door, meets the unique key and is refused."""
    require_actor(actor)
    require_write(actor, event.organizer, "您无权为该活动签到。")
    parsed = codes.parse(code)
    if parsed is None:
        raise _refuse_forged()
    if parsed.event_id != event.pk:
        raise ServiceError("该签到码不属于本活动。")
    reg = Registration.unscoped_objects.filter(
        pk=parsed.registration_id, event=event, nonce=parsed.nonce
    ).first()
    if reg is None:
        raise _refuse_forged()
    if reg.status != S.CONFIRMED:
        raise ServiceError(f"该报名当前状态为“{reg.get_status_display()}”，不能签到。")
    return _record_checkin(actor=actor, reg=reg, device=device)


def _record_checkin(*, actor: Any, reg: Registration, device: str) -> CheckIn:
    row = CheckIn(
        registration=reg,
        event_id=reg.event_id,
        checked_by=actor if getattr(actor, "pk", None) else None,
        device=(device or "")[:50],
    )
    try:
        # A savepoint, so the caller's transaction survives a refused duplicate.
        with transaction.atomic():
            row.save()
    except IntegrityError:
        raise ServiceError(f"{reg.name} 已签到，同一签到码只计一次。") from None
    audit.record_create(actor=actor, obj=row, organization=reg.event.organizer, message=f"签到：{reg.name}")
    return row


@transaction.atomic
def register_walk_in(
    *, actor: Any, event: Event, name: str, phone: str = "", enterprise: Any = None
) -> CheckIn:
    """现场登记: a registration made at the door (beyond the quota if need be), checked in at once."""
    require_actor(actor)
    require_write(actor, event.organizer, "您无权为该活动现场登记。")
    if event.mode != EventMode.HOSTED:
        raise ServiceError("该活动为参加的外部活动，不能现场登记。")
    name = (name or "").strip()
    if not name:
        raise ServiceError("请填写参会人姓名。")
    if (
        enterprise is not None
        and Registration.unscoped_objects.filter(
            event=event, enterprise=enterprise, status__in=[*HOLDING, S.WAITING]
        ).exists()
    ):
        raise ServiceError("该企业已报名，请扫描其签到码。")
    reg = Registration(
        event=event,
        enterprise=enterprise,
        name=name,
        phone=phone,
        walk_in=True,
        nonce=codes.new_nonce(),
        registered_by=actor if getattr(actor, "pk", None) else None,
    )
    save_audited(
        reg, actor=actor, before=None, organization=event.organizer, integrity_message="该企业已报名。"
    )
    return _record_checkin(actor=actor, reg=reg, device="现场登记")


@transaction.atomic
def record_minutes(*, actor: Any, event: Event, minutes: str, outcome: str = "", upload: Any = None) -> Event:
    require_actor(actor)
    require_write(actor, event, "您无权填写该活动的纪要。")
    checked = check_upload(upload, get_use(MINUTES)) if upload else None
    before = audit.snapshot(event)
    event.minutes, event.outcome = minutes, outcome
    save_audited(
        event, actor=actor, before=before, organization=event.organizer, integrity_message="保存失败。"
    )
    if upload:
        attachments.attach(owner=event, use=MINUTES, upload=upload, actor=actor, checked=checked)
    return event
