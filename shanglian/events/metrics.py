"""Figures of events: forums attended outside (#24), symposia and policy briefings held (#31), by kind."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from shanglian.events.models import (
    FORUM_KINDS,
    SYMPOSIUM_KINDS,
    Booking,
    BookingStatus,
    Event,
    EventKind,
    EventMode,
    Question,
)
from shanglian.metrics.registry import Period, Scope, metric
from shanglian.orgs.models import Organization


def events_in(period: Period, scope: Scope) -> QuerySet[Event]:
    """Events of the scope's organisations (the federation itself and its chambers) held in the period."""
    root = scope.root
    if root is None:
        return Event.objects.unscoped().none()
    if scope.user is None:
        base = Event.objects.unscoped()
    else:
        # Only the events of organisations the user reads: an invitation shows a liaison an event, it does
        # not make it one of the department's figures.
        orgs = Organization.objects.visible_to(scope.user)
        base = Event.objects.visible_to(scope.user).filter(organizer__in=orgs)
    rows = base.filter(
        organizer__path__startswith=root.path,
        starts_at__date__gte=period.start,
        starts_at__date__lte=period.end,
    )
    # A chamber or a kind of chamber: its chambers' events only, not the federation's own.
    return rows.filter(organizer__in=scope.chambers()) if scope.by_chambers else rows


@metric("events.forums_attended", "参加各类贸易论坛、专题报告会", "次", order=440)
def forums_attended(period: Period, scope: Scope) -> QuerySet[Event]:
    """#24 参加国际国内各类贸易论坛、专题报告会 N 次 (participation, not hosting)."""
    return events_in(period, scope).filter(mode=EventMode.ATTENDED, kind__in=FORUM_KINDS)


@metric("events.symposia", "召开企业家座谈会、政策解读会", "次", order=441)
def symposia(period: Period, scope: Scope) -> QuerySet[Event]:
    """#31 累计组织召开企业家座谈会、政策解读会等会议 N 次."""
    return events_in(period, scope).filter(mode=EventMode.HOSTED, kind__in=SYMPOSIUM_KINDS)


def _hosted_kind(kind: str) -> Any:
    def rows(period: Period, scope: Scope) -> QuerySet[Event]:
        return events_in(period, scope).filter(mode=EventMode.HOSTED, kind=kind)

    rows.__doc__ = f"举办的{EventKind(kind).label}"
    return rows


for _i, (_kind, _label) in enumerate(EventKind.choices):
    metric(f"events.hosted_{_kind}", f"举办{_label}", "次", order=450 + _i)(_hosted_kind(_kind))


def _points_rows(model: Any, period: Period, scope: Scope, lookup: str, date_field: str) -> Any:
    root = scope.root
    if root is None:
        return model.objects.unscoped().none()
    if scope.user is None:
        qs = model.objects.unscoped()
    else:
        orgs = Organization.objects.visible_to(scope.user)
        qs = model.objects.visible_to(scope.user).filter(**{f"{lookup}__in": orgs})
    rows = qs.filter(
        **{
            f"{lookup}__path__startswith": root.path,
            f"{date_field}__date__gte": period.start,
            f"{date_field}__date__lte": period.end,
        }
    )
    return rows.filter(**{f"{lookup}__in": scope.chambers()}) if scope.by_chambers else rows


@metric("events.service_bookings", "便企服务点预约咨询", "次", order=470)
def service_bookings(period: Period, scope: Scope) -> QuerySet[Booking]:
    """Consultations booked at the service points (检察工作站、税务咨询点、法律服务试点), cancellations left out."""
    rows: QuerySet[Booking] = _points_rows(
        Booking, period, scope, "slot__point__organizer", "slot__starts_at"
    )
    return rows.exclude(status=BookingStatus.CANCELLED)


@metric("events.service_questions", "便企服务点在线咨询", "条", order=471)
def service_questions(period: Period, scope: Scope) -> QuerySet[Question]:
    rows: QuerySet[Question] = _points_rows(Question, period, scope, "point__organizer", "created_at")
    return rows
