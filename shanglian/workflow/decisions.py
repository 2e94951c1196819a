"""Request → decision as a declaration: approve / reject (and optionally withdraw) a pending application.

Each decision records who decided and when, stores the decision note in the model's `note_field`,
writes its audit row and tells the requester (all through `services.apply`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.utils import timezone

from shanglian.workflow.kit import Check, Effect, Predicate, Step, Transition, Workflow


def _real_user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def record_decision(step: Step) -> None:
    """Decider, time and note of the decision (an effect every decision transition starts with)."""
    obj = step.obj
    obj.decided_by = _real_user(step.actor)
    obj.decided_at = timezone.now()
    note_field = obj.note_field
    max_length = obj._meta.get_field(note_field).max_length
    setattr(obj, note_field, step.reason[:max_length] if max_length else step.reason)


def record_withdrawal(step: Step) -> None:
    """A withdrawn request is closed by its requester: the time is kept, nobody decided."""
    step.obj.decided_at = timezone.now()


def requester(step: Step) -> Iterable[Any]:
    return [step.obj.requester]


def _is_requester(actor: Any, obj: Any) -> bool:
    return getattr(actor, "pk", None) is not None and actor.pk == getattr(obj.requester, "pk", None)


def decision_workflow(
    model: Any,
    *,
    pending: str,
    approved: str,
    rejected: str,
    withdrawn: str | None = None,
    capability: str | None,
    allowed: Predicate | None,
    denied_message: str,
    field: str = "status",
    approve_label: str = "批准",
    reject_label: str = "驳回",
    reject_reason_message: str = "驳回时请填写理由。",
    wrong_state_message: str = "该申请已处理，不能重复审批。",
    approve_checks: tuple[Check, ...] = (),
    approve_effects: tuple[Effect, ...] = (),
    reject_effects: tuple[Effect, ...] = (),
    audit_message: Callable[[Step], str] | None = None,
    decision_working_days: int | None = None,
    **workflow_options: Any,
) -> Workflow:
    """The workflow of an application: pending → approved | rejected (| withdrawn by its requester)."""
    common: dict[str, Any] = {
        "sources": frozenset({pending}),
        "capability": capability,
        "allowed": allowed,
        "denied_message": denied_message,
        "wrong_state_message": wrong_state_message,
        "notify": requester,
        "audit_message": audit_message,
    }
    transitions = [
        Transition(
            name="approve",
            label=approve_label,
            target=approved,
            checks=approve_checks,
            effects=(record_decision, *approve_effects),
            **common,
        ),
        Transition(
            name="reject",
            label=reject_label,
            target=rejected,
            reason_required=True,
            reason_message=reject_reason_message,
            effects=(record_decision, *reject_effects),
            **common,
        ),
    ]
    if withdrawn is not None:
        transitions.append(
            Transition(
                name="withdraw",
                label="撤回",
                sources=frozenset({pending}),
                target=withdrawn,
                allowed=_is_requester,
                denied_message="只有申请人本人可以撤回申请。",
                wrong_state_message="该申请已处理，不能撤回。",
                effects=(record_withdrawal,),
            )
        )
    due = {pending: decision_working_days} if decision_working_days is not None else {}
    if due:
        workflow_options.setdefault("due_field", "due_on")
    return Workflow(
        model=model,
        field=field,
        transitions=tuple(transitions),
        due_in_working_days=due,
        **workflow_options,
    )
