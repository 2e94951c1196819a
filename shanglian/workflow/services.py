"""Applying a declared transition, and reminding the responsible users of steps falling due.

`apply(obj, "approve", actor=..., reason=...)` is the one way a declared status changes: it checks the
rule (rights → 403, state and reason → a Chinese ServiceError), writes the new state and exactly one
audit row, stores the next step's due date, notifies the declared recipients and tells listeners. A
refused transition writes nothing: every check runs before the first write, and all of it is one
transaction.

To-dos are computed live by the providers in `core/todos.py` (no cache), so after a transition there is
nothing to refresh; `transitioned` is sent for anything that keeps its own copy in future.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import django.dispatch
from django.db import transaction
from django.utils import timezone

from shanglian.audit import services as audit
from shanglian.core.access import AccessDenied, require_actor, require_capability
from shanglian.core.errors import ServiceError
from shanglian.core.saving import save_or_refuse
from shanglian.notifications.services import notify
from shanglian.workdays.services import add_working_days
from shanglian.workflow.kit import Step, Transition, Workflow, registered, workflow_for

__all__ = ["allowed_transitions", "apply", "send_due_reminders", "start", "transitioned"]

# Sent after a transition is written (inside its transaction): sender = the model, step = the Step.
transitioned = django.dispatch.Signal()


def _may(transition: Transition, actor: Any, obj: Any) -> bool:
    try:
        _check_rights(transition, actor, obj)
    except AccessDenied:
        return False
    return True


def _check_rights(transition: Transition, actor: Any, obj: Any) -> None:
    if transition.capability:
        require_capability(actor, transition.capability, transition.denied_message)
    if transition.allowed is not None and not transition.allowed(actor, obj):
        raise AccessDenied(transition.denied_message)


def allowed_transitions(obj: Any, actor: Any) -> list[Transition]:
    """Transitions the actor may apply to obj in its current state (for buttons; apply re-checks)."""
    require_actor(actor)
    wf = workflow_for(obj)
    state = getattr(obj, wf.field)
    return [t for t in wf.transitions if state in t.sources and _may(t, actor, obj)]


def start(obj: Any, *, today: date | None = None) -> Any:
    """Stamp a new object's due date for its initial state (call before its first save)."""
    wf = workflow_for(obj)
    if wf.due_field:
        setattr(obj, wf.due_field, wf.due_date(getattr(obj, wf.field), today or timezone.localdate()))
    return obj


def _truncate(obj: Any, field_name: str, value: str) -> str:
    max_length = obj._meta.get_field(field_name).max_length
    return value[:max_length] if max_length else value


@transaction.atomic
def apply(obj: Any, name: str, *, actor: Any, reason: str = "", **params: Any) -> Step:
    """Apply transition `name` to `obj`; returns the Step (`step.obj` is the saved, locked row)."""
    require_actor(actor)
    wf = workflow_for(obj)
    t = wf.transition(name)
    # The base manager: a plain one even where the default is scoped (the caller already scoped obj).
    obj = type(obj)._base_manager.select_for_update().get(pk=obj.pk)
    _check_rights(t, actor, obj)
    before = str(getattr(obj, wf.field))
    if before not in t.sources:
        raise ServiceError(t.wrong_state_message or f"当前状态为“{wf.state_label(before)}”，不能{t.label}。")
    reason = (reason or "").strip()
    if t.reason_required and not reason:
        raise ServiceError(t.reason_message)
    step = Step(workflow=wf, transition=t, obj=obj, actor=actor, reason=reason, before=before, params=params)
    for check in t.checks:
        check(step)

    setattr(obj, wf.field, t.target)
    if t.reason_field:
        setattr(obj, t.reason_field, _truncate(obj, t.reason_field, reason))
    due = wf.due_date(t.target, timezone.localdate(), t)
    if due is not None:
        # A state without a deadline keeps the last one: with decided_at it tells whether it was kept.
        setattr(obj, str(wf.due_field), due)
    for effect in t.effects:
        effect(step)
    save_or_refuse(obj, integrity_message=t.integrity_message)
    message = t.audit_message(step) if t.audit_message else t.label + (f"：{reason}" if reason else "")
    entry = audit.record_transition(
        actor=actor,
        obj=obj,
        field=wf.field,
        before=before,
        after=t.target,
        organization=wf.organization(obj) if wf.organization else None,
        message=message,
    )
    if t.notify is not None:
        actor_pk = getattr(actor, "pk", None)
        notify(
            recipients=[u for u in t.notify(step) if u is not None and u.pk != actor_pk],
            title=t.notify_title(step) if t.notify_title else f"{wf.describe(obj)}：{t.label}",
            body=reason,
            link=wf.link(obj) if wf.link else "",
            # Each application of a transition has its own audit row, so its id stamps the key: one
            # notification per recipient and application, and a later reopen → approve notifies again.
            key=f"workflow:{wf.label}:{obj.pk}:{t.name}:{entry.pk}",
            actor=actor,
        )
    transitioned.send(sender=type(obj), step=step)
    return step


def _due_items(wf: Workflow, horizon: date) -> Any:
    assert wf.due_field
    return (
        wf.model._base_manager.filter(
            **{
                f"{wf.due_field}__isnull": False,
                f"{wf.due_field}__lte": horizon,
                f"{wf.field}__in": wf.due_states(),
            }
        )
        .select_related(*wf.select_related)
        .order_by(wf.due_field, "pk")
    )


def send_due_reminders(*, actor: Any, today: date | None = None) -> int:
    """Notify the responsible users of every step due by the next working day, and escalate overdue ones.

    Idempotent: the key names the object, its due date and whether it was due or overdue, so a job run
    twice (or daily) writes each reminder once. Returns how many notifications were written.
    """
    require_actor(actor)
    today = today or timezone.localdate()
    horizon = add_working_days(today, 1)
    written = 0
    for wf in registered():
        if not wf.due_field or wf.responsible is None:
            continue
        for obj in _due_items(wf, horizon):
            due = getattr(obj, wf.due_field)
            overdue = due < today
            recipients = list(wf.responsible(obj))
            if overdue and wf.escalate_to is not None:
                recipients += list(wf.escalate_to(obj))
            if overdue:
                title = f"已逾期：{wf.describe(obj)}（期限 {due:%Y-%m-%d}）"
            elif due <= today:
                title = f"今天到期：{wf.describe(obj)}"
            else:
                title = f"即将到期：{wf.describe(obj)}（期限 {due:%Y-%m-%d}）"
            written += notify(
                recipients=recipients,
                title=title,
                link=wf.link(obj) if wf.link else "",
                key=f"workflow-due:{wf.label}:{obj.pk}:{due:%Y%m%d}:{'overdue' if overdue else 'due'}",
                actor=actor,
            )
    return written
