"""Reads of the appeals app: the board's order, countdowns, and the desk's counts."""

from __future__ import annotations

from datetime import date

from django.db.models import Case, Count, IntegerField, QuerySet, Value, When

from shanglian.appeals.models import OPEN_STATES, WITH_UNIT, Appeal, AppealState
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


def state_counts(qs: QuerySet[Appeal]) -> dict[str, int]:
    """Counts by state over the (already scoped) appeals: one grouped query."""
    return {row["state"]: row["n"] for row in qs.order_by().values("state").annotate(n=Count("pk"))}
