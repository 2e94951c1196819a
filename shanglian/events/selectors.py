from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from shanglian.events.models import Event, Registration, RegistrationStatus
from shanglian.orgs.models import Organization, OrgKind


@dataclass(frozen=True)
class Attendance:
    confirmed: int
    checked_in: int
    waiting: int

    @property
    def rate(self) -> int:
        """出席率 (%): checked in over confirmed places (walk-ins count in both)."""
        return round(self.checked_in * 100 / self.confirmed) if self.confirmed else 0


def attendance(event: Event) -> Attendance:
    S = RegistrationStatus
    got = Registration.unscoped_objects.filter(event=event).aggregate(
        confirmed=Count("pk", filter=Q(status=S.CONFIRMED)),
        waiting=Count("pk", filter=Q(status__in=[S.WAITING, S.OFFERED])),
        checked_in=Count("checkin"),
    )
    return Attendance(**got)


def registrations_of(event: Event, user: Any) -> QuerySet[Registration]:
    return (
        Registration.objects.visible_to(user)
        .filter(event=event)
        .select_related("enterprise", "checkin")
        .order_by("created_at", "pk")
    )


def invited_of(event: Event) -> tuple[list[Organization], list[Organization]]:
    """The event's invited chambers and departments, in one query (the event is already in scope)."""
    through_c, through_d = Event.invited_chambers.through, Event.invited_departments.through
    orgs = (
        Organization.objects.unscoped()
        .filter(
            Q(pk__in=through_c.objects.filter(event_id=event.pk).values("organization_id"))
            | Q(pk__in=through_d.objects.filter(event_id=event.pk).values("organization_id"))
        )
        .order_by("path")
    )
    chambers = [o for o in orgs if o.kind == OrgKind.CHAMBER]
    return chambers, [o for o in orgs if o.kind == OrgKind.DEPARTMENT]
