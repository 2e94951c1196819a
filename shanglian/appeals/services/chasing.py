"""The chasing ladder (run daily by jobs.py): a reminder the working day before a deadline, 催办 the day
after it, 督办 to the leaders once it is 5 working days late.

Idempotent: each notification's key names the appeal, the rung and the deadline, and a timeline entry is
written only with the rung's first notice — a job run twice (or every day) sends nothing twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from shanglian.appeals.models import WITH_UNIT, Appeal, AppealEntry, AppealState, EntryKind
from shanglian.audit.models import AuditAction
from shanglian.audit.services import record
from shanglian.core.access import require_actor
from shanglian.notifications.services import notify
from shanglian.workdays.services import add_working_days, subtract_working_days

SUPERVISE_AFTER = 5  # working days late before 督办 goes to the leaders


def supervise_cutoff(today: date) -> date:
    """The latest deadline that is at least SUPERVISE_AFTER working days behind `today`
    (the latest `due` with add_working_days(due, SUPERVISE_AFTER) <= today). One calendar query."""
    # The SUPERVISE_AFTER-th working day back counting `today` itself; any day before it is that far behind.
    counted_from = subtract_working_days(today + timedelta(days=1), SUPERVISE_AFTER)
    return counted_from - timedelta(days=1)


def _deadlines(appeal: Appeal) -> Iterable[tuple[str, date]]:
    if appeal.state == AppealState.DISPATCHED and appeal.contact_due:
        yield "签收", appeal.contact_due
    if appeal.handler_due:
        yield "办结", appeal.handler_due


def _link(appeal: Appeal) -> str:
    return f"/appeals/{appeal.pk}/"


def _entry(appeal: Appeal, label: str, body: str) -> None:
    AppealEntry.unscoped_objects.create(appeal=appeal, kind=EntryKind.STEP, label=label, body=body)


@transaction.atomic
def _stamp(
    appeal: Appeal, field: str, *, today: date, due: date, actor: Any, step: str, entry: str, message: str
) -> None:
    """Record an urging or a supervision once per deadline: the date on the appeal (`urged_on` /
    `supervised_on`), its timeline entry and one audit row; a later run for the same deadline writes nothing."""
    stamped = getattr(appeal, field)
    if stamped is not None and stamped >= due:
        return
    setattr(appeal, field, today)
    appeal.save(update_fields=[field])
    _entry(appeal, step, entry)
    record(
        actor=actor, action=AuditAction.UPDATE, obj=appeal, organization=appeal.federation, message=message
    )


def chase_appeals(*, actor: Any, today: date | None = None) -> int:
    """Send every rung due today; returns how many notifications were written."""
    from shanglian.appeals.workflows import desk_users, lead_handlers, leaders

    require_actor(actor)
    today = today or timezone.localdate()
    horizon = add_working_days(today, 1)
    cutoff = supervise_cutoff(today)
    candidates = (
        Appeal.objects.unscoped()
        .filter(state__in=WITH_UNIT)
        .filter(Q(handler_due__lte=horizon) | Q(state=AppealState.DISPATCHED, contact_due__lte=horizon))
        .select_related("federation", "lead_unit")
        .order_by("pk")
    )
    written = 0
    for appeal in candidates:
        handlers = list(lead_handlers(appeal))
        for what, due in _deadlines(appeal):
            if today < due <= horizon:
                written += notify(
                    recipients=handlers,
                    title=f"提醒：诉求“{appeal.title}”将于 {due:%Y-%m-%d} 到期（{what}）",
                    key=f"appeals:{appeal.pk}:remind:{what}:{due:%Y%m%d}",
                    link=_link(appeal),
                    actor=actor,
                )
            elif due < today:
                sent = notify(
                    recipients=[*handlers, *desk_users(appeal)],
                    title=f"催办：诉求“{appeal.title}”已超过{what}期限（{due:%Y-%m-%d}）",
                    key=f"appeals:{appeal.pk}:urge:{what}:{due:%Y%m%d}",
                    link=_link(appeal),
                    actor=actor,
                )
                _stamp(
                    appeal,
                    "urged_on",
                    today=today,
                    due=due,
                    actor=actor,
                    step="催办",
                    entry=f"已超过{what}期限 {due:%Y-%m-%d}，系统向承办单位发出催办。",
                    message=f"催办：超过{what}期限 {due:%Y-%m-%d}",
                )
                written += sent
            if what == "办结" and due <= cutoff:
                sent = notify(
                    recipients=[*leaders(appeal), *desk_users(appeal)],
                    title=f"督办：诉求“{appeal.title}”逾期已达 {SUPERVISE_AFTER} 个工作日（期限 {due:%Y-%m-%d}）",
                    key=f"appeals:{appeal.pk}:supervise:{due:%Y%m%d}",
                    link=_link(appeal),
                    actor=actor,
                )
                _stamp(
                    appeal,
                    "supervised_on",
                    today=today,
                    due=due,
                    actor=actor,
                    step="督办",
                    entry=f"逾期 {SUPERVISE_AFTER} 个工作日仍未办结，已报工商联领导督办。",
                    message=f"督办：办结期限 {due:%Y-%m-%d} 已逾期 {SUPERVISE_AFTER} 个工作日",
                )
                written += sent
    return written
