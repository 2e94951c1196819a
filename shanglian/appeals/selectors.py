"""Reads of the appeals app: the board's order, countdowns, and the desk's counts."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When

from shanglian.appeals.models import (
    OPEN_STATES,
    WITH_UNIT,
    Appeal,
    AppealCategory,
    AppealState,
    ExtensionStatus,
)
from shanglian.core.access import federation_of, own_chamber_ids, own_department_ids
from shanglian.workdays.services import working_days_between

STATE_COLOURS: dict[str, str] = {
    AppealState.CHAMBER: "azure",
    AppealState.SUBMITTED: "blue",
    AppealState.DECLINED: "secondary",
    AppealState.ACCEPTED: "cyan",
    AppealState.DISPATCHED: "orange",
    AppealState.HANDLING: "yellow",
    AppealState.REPLIED: "teal",
    AppealState.CLOSED: "green",
    AppealState.RATED: "green",
    AppealState.ESCALATED: "red",
}


def board_order(qs: QuerySet[Appeal], today: date) -> QuerySet[Appeal]:
    """Open before finished; among the open, overdue first, then the nearest deadline, then the oldest."""
    return qs.annotate(
        board_rank=Case(
            When(state__in=WITH_UNIT, finish_due__lt=today, then=Value(0)),
            When(state__in=OPEN_STATES, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
    ).order_by("board_rank", "finish_due", "-pk")


def is_overdue(appeal: Appeal, today: date) -> bool:
    return appeal.state in WITH_UNIT and appeal.finish_due is not None and appeal.finish_due < today


def countdown(appeal: Appeal, today: date, *, working: bool = False) -> str:
    """The SLA in words. Lists count calendar days (no query per row); the detail page (`working`)
    counts working days on the calendar."""
    due = appeal.finish_due
    if due is None:
        return "—"
    if appeal.state not in WITH_UNIT:
        return f"{due:%Y-%m-%d}"
    unit = "个工作日" if working else "天"
    if due < today:
        n = working_days_between(due, today) if working else (today - due).days
        return f"{due:%Y-%m-%d}（已逾期 {n} {unit}）"
    n = working_days_between(today, due) if working else (due - today).days
    return f"{due:%Y-%m-%d}（剩 {n} {unit}）"


def state_counts(qs: QuerySet[Appeal], today: date) -> tuple[dict[str, int], int]:
    """Counts by state over the (already scoped) appeals, and how many are overdue: one grouped query."""
    rows = (
        qs.order_by()
        .values("state")
        .annotate(n=Count("pk"), late=Count("pk", filter=Q(state__in=WITH_UNIT, finish_due__lt=today)))
    )
    counts, overdue = {}, 0
    for row in rows:
        counts[row["state"]] = row["n"]
        overdue += row["late"]
    return counts, overdue


def handled_unit_ids(user: Any) -> set[int]:
    """The units a user acts for as a handler: their chambers (secretary) and departments (liaison)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(own_department_ids(user)) | set(own_chamber_ids(user))


def handler_queue(user: Any) -> QuerySet[Appeal]:
    """Appeals waiting for one of the user's units: to sign, to handle — and a chamber's to take or forward."""
    units = handled_unit_ids(user)
    q = Q(state__in=WITH_UNIT, lead_unit_id__in=units) | Q(state=AppealState.CHAMBER, chamber_id__in=units)
    return Appeal.objects.visible_to(user).filter(q)


def desk_queue(user: Any) -> QuerySet[Appeal]:
    """What the desk must act on: to accept, to dispatch, an extension to decide, a reply to close."""
    q = Q(state__in=(AppealState.SUBMITTED, AppealState.ACCEPTED, AppealState.REPLIED)) | Q(
        state=AppealState.HANDLING, extension_status=ExtensionStatus.PENDING
    )
    return Appeal.objects.editable_by(user).filter(q)


def categories_for(user: Any) -> QuerySet[AppealCategory]:
    """The category tree of the user's federation: every role there picks from it (an enterprise too)."""
    return categories_of(federation_of(user))


def categories_of(federation: Any) -> QuerySet[AppealCategory]:
    """A federation's categories in the desk's order (none for no federation); retired ones left out."""
    if federation is None:
        return AppealCategory.objects.unscoped().none()
    return (
        AppealCategory.objects.unscoped().filter(federation=federation, retired=False).order_by("order", "pk")
    )
