"""The kit on a tiny declaration: closing / reopening a rectification case (整顿个案)."""

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from shanglian.audit.models import AuditAction, AuditEntry
from shanglian.chambers.models import CaseStatus, RectificationCase
from shanglian.core.access import SYSTEM, AccessDenied, holders_of, is_admin_of
from shanglian.core.errors import ServiceError
from shanglian.notifications.models import Notification
from shanglian.workdays.services import add_working_days
from shanglian.workflow import kit
from shanglian.workflow import services as workflow
from shanglian.workflow.kit import Transition, Workflow

pytestmark = pytest.mark.django_db


def _close_case(step: Any) -> Any:
    step.obj.closed_on = timezone.localdate()


def _reopen_case(step: Any) -> Any:
    step.obj.closed_on = None


def _secretaries(step: Any) -> Any:
    return holders_of("chambers.edit", step.obj.chamber).filter(role_assignments__role="chamber_secretary")


TINY = Workflow(
    model=RectificationCase,
    field="status",
    organization=lambda case: case.chamber,
    link=lambda case: f"/chambers/cases/{case.pk}/",
    describe=lambda case: f"{case.chamber.name} 整顿个案",
    due_field="deadline",
    transitions=(
        Transition(
            name="close",
            label="验收",
            sources=frozenset({CaseStatus.OPEN}),
            target=CaseStatus.CLOSED,
            capability="chambers.approve",
            allowed=lambda actor, case: is_admin_of(actor, case.chamber),
            denied_message="只有本工商联的管理员可以验收。",
            reason_required=True,
            reason_message="请填写整改结果。",
            reason_field="result",
            effects=(_close_case,),
            notify=_secretaries,
        ),
        Transition(
            name="reopen",
            label="重新整改",
            sources=frozenset({CaseStatus.CLOSED}),
            target=CaseStatus.OPEN,
            capability="chambers.approve",
            allowed=lambda actor, case: is_admin_of(actor, case.chamber),
            effects=(_reopen_case,),
            due_in_working_days=5,
        ),
    ),
)


@pytest.fixture
def tiny() -> Any:
    try:
        previous = kit.workflow_for(RectificationCase)
    except LookupError:
        previous = None
    kit.unregister(RectificationCase)
    kit.register(TINY)
    yield TINY
    kit.unregister(RectificationCase)
    if previous is not None:
        kit.register(previous)


@pytest.fixture
def case(world: Any) -> Any:
    today = timezone.localdate()
    return RectificationCase.unscoped_objects.create(
        chamber=world.chamber, defects="账目不清", opened_on=today - timedelta(days=30), deadline=today
    )


def _rows(case: Any) -> Any:
    return AuditEntry.unscoped_objects.filter(
        object_type="chambers.rectificationcase", object_id=str(case.pk)
    )


def test_legal_transition_writes_state_one_audit_row_and_one_notification(
    tiny: Any, world: Any, case: Any
) -> None:
    step = workflow.apply(case, "close", actor=world.admin, reason="  已整改到位  ")
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED and case.result == "已整改到位"
    assert case.closed_on == timezone.localdate()  # the declared effect ran
    assert step.obj.pk == case.pk and step.before == CaseStatus.OPEN
    (row,) = _rows(case)
    assert row.action == AuditAction.TRANSITION and row.actor == world.admin
    assert row.changes == {"status": ["open", "closed"]} and row.organization == world.chamber
    assert row.message == "验收：已整改到位"
    (note,) = Notification.objects.all()
    assert note.recipient == world.secretary and note.link == f"/chambers/cases/{case.pk}/"
    assert note.title == "城阳街道商会 整顿个案：验收" and note.body == "已整改到位"
    assert note.key == f"workflow:chambers.rectificationcase:{case.pk}:close:{row.pk}"


def test_wrong_state_is_a_chinese_error_and_writes_nothing(tiny: Any, world: Any, case: Any) -> None:
    with pytest.raises(ServiceError, match="当前状态为“整改中”，不能重新整改"):
        workflow.apply(case, "reopen", actor=world.admin)
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN and not _rows(case).exists() and not Notification.objects.exists()


def test_missing_reason_is_refused_before_anything_is_written(tiny: Any, world: Any, case: Any) -> None:
    with pytest.raises(ServiceError, match="请填写整改结果"):
        workflow.apply(case, "close", actor=world.admin, reason="   ")
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN and case.closed_on is None
    assert not _rows(case).exists() and not Notification.objects.exists()


@pytest.mark.parametrize("who", ["secretary", "leader", "enterprise_user", "liaison"])
def test_too_weak_role_is_access_denied(tiny: Any, world: Any, case: Any, who: Any) -> None:
    with pytest.raises(AccessDenied) as err:
        workflow.apply(case, "close", actor=getattr(world, who), reason="已整改")
    assert isinstance(err.value, PermissionDenied)  # pages turn it into 403
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN and not _rows(case).exists()


def test_another_federations_admin_is_denied_with_the_declared_message(
    tiny: Any, world: Any, case: Any
) -> None:
    with pytest.raises(AccessDenied, match="只有本工商联的管理员可以验收"):
        workflow.apply(case, "close", actor=world.users_b["federation_admin"], reason="已整改")
    assert not _rows(case).exists()


def test_failing_effect_rolls_everything_back(tiny: Any, world: Any, case: Any) -> None:
    def boom(step: Any) -> Any:
        raise ServiceError("副作用失败")

    close = TINY.transition("close")
    broken = Transition(**{**close.__dict__, "effects": (_close_case, boom)})
    kit.unregister(RectificationCase)
    kit.register(Workflow(**{**TINY.__dict__, "transitions": (broken,)}))
    with pytest.raises(ServiceError, match="副作用失败"):
        workflow.apply(case, "close", actor=world.admin, reason="已整改")
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN and case.closed_on is None
    assert not _rows(case).exists() and not Notification.objects.exists()


def test_a_broken_constraint_is_a_chinese_error_and_writes_nothing(tiny: Any, world: Any, case: Any) -> None:
    # Closing without the effect that sets closed_on breaks case_closed_iff_closed_on.
    close = TINY.transition("close")
    careless = Transition(**{**close.__dict__, "effects": (), "integrity_message": "验收日期缺失。"})
    kit.unregister(RectificationCase)
    kit.register(Workflow(**{**TINY.__dict__, "transitions": (careless,)}))
    with pytest.raises(ServiceError, match="验收日期缺失"):
        workflow.apply(case, "close", actor=world.admin, reason="已整改")
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN and not _rows(case).exists() and not Notification.objects.exists()


def test_actor_is_required_and_system_may_act(tiny: Any, world: Any, case: Any) -> None:
    with pytest.raises(TypeError):
        workflow.apply(case, "close", actor=None, reason="x")
    workflow.apply(case, "close", actor=SYSTEM, reason="到期自动验收")
    assert _rows(case).get().actor_name == "系统"


def test_entering_a_step_with_a_deadline_stores_its_due_date(tiny: Any, world: Any, case: Any) -> None:
    workflow.apply(case, "close", actor=world.admin, reason="已整改")
    workflow.apply(case, "reopen", actor=world.admin)
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN and case.closed_on is None
    assert case.deadline == add_working_days(timezone.localdate(), 5)
    assert _rows(case).count() == 2


def test_allowed_transitions_lists_what_the_actor_may_do_now(tiny: Any, world: Any, case: Any) -> None:
    assert [t.name for t in workflow.allowed_transitions(case, world.admin)] == ["close"]
    assert workflow.allowed_transitions(case, world.secretary) == []


def test_declarations_are_checked() -> None:
    with pytest.raises(ValueError, match="unknown states"):
        Workflow(
            model=RectificationCase,
            transitions=(Transition(name="x", label="x", sources=frozenset({"open"}), target="nope"),),
        )
    with pytest.raises(ValueError, match="without a due_field"):
        Workflow(
            model=RectificationCase,
            transitions=(
                Transition(
                    name="x", label="x", sources=frozenset({"open"}), target="closed", due_in_working_days=1
                ),
            ),
        )


def test_a_model_has_one_workflow(tiny: Any) -> None:
    with pytest.raises(ValueError, match="already registered"):
        kit.register(Workflow(model=RectificationCase, transitions=()))
    with pytest.raises(LookupError):
        TINY.transition("nope")


def test_due_date_counts_working_days() -> None:
    assert TINY.due_date("open", date(2025, 9, 26), TINY.transition("reopen")) is not None
    assert TINY.due_date("closed", date(2025, 9, 26)) is None


def test_anonymous_is_access_denied(tiny: Any, case: Any) -> None:
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(AccessDenied):
        workflow.apply(case, "close", actor=AnonymousUser(), reason="已整改")
    assert not _rows(case).exists()
