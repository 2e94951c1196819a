"""The registration's states: cancel, the waiting list's offer, accept or decline (workflow kit)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from shanglian.core import access
from shanglian.core.access import SYSTEM, can_write, is_system, own_enterprise_ids
from shanglian.events.models import HOLDING, Booking, BookingStatus, Registration, RegistrationStatus
from shanglian.workflow.kit import Step, Transition, Workflow, register

S = RegistrationStatus


def _staff(actor: Any, reg: Registration) -> bool:
    return is_system(actor) or can_write(actor, reg.event.organizer)


def _registrant_or_staff(actor: Any, reg: Registration) -> bool:
    return (reg.enterprise_id is not None and reg.enterprise_id in own_enterprise_ids(actor)) or _staff(
        actor, reg
    )


def enterprise_users(reg: Registration) -> QuerySet[Any, Any]:
    ids = [] if reg.enterprise_id is None else [reg.enterprise_id]
    users: QuerySet[Any, Any] = access.enterprise_users(ids)
    return users


def offer_next(reg: Registration, actor: Any = SYSTEM) -> Registration | None:
    """Offer the freed place to the first on the waiting list (if the quota now has room)."""
    from shanglian.workflow import services as workflow

    event = reg.event
    if not event.quota:
        return None
    holding = Registration.unscoped_objects.filter(event=event, status__in=HOLDING).exclude(pk=reg.pk).count()
    if holding >= event.quota:
        return None
    nxt = (
        Registration.unscoped_objects.filter(event=event, status=S.WAITING)
        .exclude(pk=reg.pk)
        .order_by("created_at", "pk")
        .first()
    )
    if nxt is None:
        return None
    result: Registration = workflow.apply(nxt, "offer", actor=actor).obj
    return result


def _free_place(step: Step) -> None:
    # The place this registration held goes to the next in line, offered by the system whoever freed it.
    if step.before in HOLDING:
        step.result = offer_next(step.obj, SYSTEM)


def _stamp_offer(step: Step) -> None:
    step.obj.offered_at = timezone.now()


register(
    Workflow(
        model=Registration,
        field="status",
        organization=lambda r: r.event.organizer,
        link=lambda r: reverse("events:event_detail", args=[r.event_id]),
        describe=lambda r: f"{r.event.title}·{r.name}",
        select_related=("event", "event__organizer"),
        transitions=(
            Transition(
                name="cancel",
                label="取消报名",
                sources=frozenset({S.CONFIRMED, S.WAITING, S.OFFERED}),
                target=S.CANCELLED,
                allowed=_registrant_or_staff,
                effects=(_free_place,),
            ),
            Transition(
                name="offer",
                label="候补递补",
                sources=frozenset({S.WAITING}),
                target=S.OFFERED,
                allowed=_staff,
                effects=(_stamp_offer,),
                notify=lambda step: enterprise_users(step.obj),
                notify_title=lambda step: f"“{step.obj.event.title}”有名额空出，请确认是否参加",
            ),
            Transition(
                name="accept",
                label="确认参加",
                sources=frozenset({S.OFFERED}),
                target=S.CONFIRMED,
                allowed=_registrant_or_staff,
            ),
            Transition(
                name="decline",
                label="放弃递补",
                sources=frozenset({S.OFFERED}),
                target=S.DECLINED,
                allowed=_registrant_or_staff,
                effects=(_free_place,),
            ),
        ),
    )
)


register(
    Workflow(
        model=Booking,
        field="status",
        organization=lambda b: b.slot.point.organizer,
        link=lambda b: reverse("events:point_detail", args=[b.slot.point_id]),
        describe=lambda b: f"{b.slot.point.name}·{b.topic}",
        select_related=("slot", "slot__point", "slot__point__organizer"),
        transitions=(
            Transition(
                name="cancel",
                label="取消预约",
                sources=frozenset({BookingStatus.BOOKED}),
                target=BookingStatus.CANCELLED,
                # The booking enterprise, the point's staff or the host department's liaison: editable_by.
                allowed=lambda actor, b: is_system(actor) or can_write(actor, b),
                denied_message="您无权取消该预约。",
                wrong_state_message="该预约已取消或已完成。",
            ),
        ),
    )
)
