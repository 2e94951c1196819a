"""Declaring a workflow: which status changes a model allows, who may make them, and what follows.

A `Workflow` is a table of `Transition`s over one model's status field, declared in the app's
`workflows.py` (found at start-up, as menus and to-dos are) and applied by `services.apply`. Nothing here
writes; a declaration is plain data plus the app's own checks and effects.

Why not django-fsm-2: its transitions are model methods guarding an `FSMField`, its permission hook sees
only (instance, user) and it has no notion of a required reason, a notification or a due date — every one
of those would be wrapped around it anyway, and the three models ported here would change field types
and grow methods in apps other engineers edit. A table in one module keeps the whole rule readable in one
place and the models untouched.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import models

from shanglian.workdays.services import add_working_days

__all__ = [
    "Step",
    "Transition",
    "Workflow",
    "register",
    "registered",
    "unregister",
    "workflow_for",
]


@dataclass
class Step:
    """One transition being applied: what checks and effects are handed, in order."""

    workflow: Workflow
    transition: Transition
    obj: Any
    actor: Any
    reason: str
    before: str
    params: Mapping[str, Any]
    # What an effect produced for the caller (e.g. the lifecycle step an approval applied).
    result: Any = None


Check = Callable[[Step], None]  # raises ServiceError before anything is written
Effect = Callable[[Step], None]  # runs after the checks, before the object is saved, same transaction
Predicate = Callable[[Any, Any], bool]  # (actor, obj) -> may act; ask shanglian.core.access
Recipients = Callable[[Step], Iterable[Any]]
Describe = Callable[[Step], str]


@dataclass(frozen=True)
class Transition:
    name: str  # "approve": what callers pass to services.apply
    label: str  # "批准": used in messages and the audit row
    sources: frozenset[str]
    target: str
    # Rights: a capability (core/roles.py) and/or a predicate on (actor, obj); failing either is a 403.
    capability: str | None = None
    allowed: Predicate | None = None
    denied_message: str = "您的角色没有执行此操作的权限。"
    wrong_state_message: str = ""  # default: "当前状态为“…”，不能…。"
    reason_required: bool = False
    reason_message: str = "请填写理由。"
    reason_field: str | None = None  # where the kit stores the reason, if anywhere
    checks: tuple[Check, ...] = ()
    effects: tuple[Effect, ...] = ()
    notify: Recipients | None = None
    notify_title: Describe | None = None
    audit_message: Describe | None = None
    # A database constraint the new state breaks (the row is not saved).
    integrity_message: str = "保存失败：该记录与已有记录冲突或不符合规则，请刷新后重试。"
    # Due date of the step that follows (overrides Workflow.due_in_working_days for the target state).
    due_in_working_days: int | None = None

    def __post_init__(self) -> None:
        if not self.sources:
            raise ValueError(f"transition {self.name}: no source state")
        if self.due_in_working_days is not None and self.due_in_working_days < 0:
            raise ValueError(f"transition {self.name}: due_in_working_days must be >= 0")


@dataclass(frozen=True)
class Workflow:
    model: type[models.Model]
    transitions: tuple[Transition, ...]
    field: str = "status"
    # The organisation the audit row is filed under (admins filter the log by it).
    organization: Callable[[Any], Any] | None = None
    link: Callable[[Any], str] | None = None  # local path of the object's page, for notifications
    describe: Callable[[Any], str] = str
    # Deadlines: working days an object may stay in a state; stored in `due_field` on entering it.
    due_field: str | None = None
    due_in_working_days: Mapping[str, int] = dataclasses.field(default_factory=dict)
    # Who is reminded when a step falls due, and who else hears once it is overdue.
    responsible: Callable[[Any], Iterable[Any]] | None = None
    escalate_to: Callable[[Any], Iterable[Any]] | None = None
    select_related: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        names = [t.name for t in self.transitions]
        if len(set(names)) != len(names):
            raise ValueError(f"{self.label}: duplicate transition names")
        states = self.states()
        for t in self.transitions:
            unknown = (set(t.sources) | {t.target}) - states
            if states and unknown:
                raise ValueError(f"{self.label}.{t.name}: unknown states {sorted(unknown)}")
        has_due = bool(self.due_in_working_days) or any(
            t.due_in_working_days is not None for t in self.transitions
        )
        if has_due and not self.due_field:
            raise ValueError(f"{self.label}: due dates declared without a due_field")

    @property
    def label(self) -> str:
        return str(self.model._meta.label_lower)

    def _choices(self) -> dict[str, str]:
        status = self.model._meta.get_field(self.field)
        return {str(value): str(label) for value, label in getattr(status, "choices", None) or ()}

    def states(self) -> set[str]:
        return set(self._choices())

    def state_label(self, state: str) -> str:
        return self._choices().get(state, state or "—")

    def transition(self, name: str) -> Transition:
        for t in self.transitions:
            if t.name == name:
                return t
        raise LookupError(f"{self.label} has no transition {name!r}")

    def due_date(self, state: str, start: date, transition: Transition | None = None) -> date | None:
        """The due date of an object entering `state` on `start`, or None when the state has none."""
        days = transition.due_in_working_days if transition is not None else None
        if days is None:
            days = self.due_in_working_days.get(state)
        return None if days is None else add_working_days(start, days)

    def due_states(self) -> set[str]:
        return set(self.due_in_working_days) | {
            t.target for t in self.transitions if t.due_in_working_days is not None
        }


_REGISTRY: dict[str, Workflow] = {}


def register(workflow: Workflow) -> Workflow:
    """Declare a model's workflow (once; a second, different declaration is a programming error)."""
    current = _REGISTRY.get(workflow.label)
    if current is not None and current is not workflow:
        raise ValueError(f"a workflow for {workflow.label} is already registered")
    _REGISTRY[workflow.label] = workflow
    return workflow


def unregister(model: type[models.Model]) -> None:
    _REGISTRY.pop(str(model._meta.label_lower), None)


def registered() -> list[Workflow]:
    return list(_REGISTRY.values())


def workflow_for(obj_or_model: models.Model | type[models.Model]) -> Workflow:
    label = str(obj_or_model._meta.label_lower)
    try:
        return _REGISTRY[label]
    except KeyError:
        raise LookupError(f"no workflow registered for {label}") from None
