"""The request → decision declaration itself: withdraw by the requester only (no port uses it yet)."""

from typing import Any

import pytest

from shanglian.core.access import AccessDenied, can_write
from shanglian.core.errors import ServiceError
from shanglian.registry.models import ApplicationStatus, MembershipApplication
from shanglian.workflow import kit
from shanglian.workflow import services as workflow
from shanglian.workflow.decisions import decision_workflow

pytestmark = pytest.mark.django_db


@pytest.fixture
def withdrawable() -> Any:
    real = kit.workflow_for(MembershipApplication)
    kit.unregister(MembershipApplication)
    # The registry has no 撤回 status; "rejected" stands in for it here.
    kit.register(
        decision_workflow(
            MembershipApplication,
            pending=ApplicationStatus.SUBMITTED,
            approved=ApplicationStatus.APPROVED,
            rejected=ApplicationStatus.REJECTED,
            withdrawn=ApplicationStatus.REJECTED,
            capability="membership.decide",
            allowed=lambda actor, a: can_write(actor, a.chamber),
            denied_message="无权审核。",
        )
    )
    yield
    kit.unregister(MembershipApplication)
    kit.register(real)


def test_only_the_requester_withdraws_and_only_while_pending(world: Any, withdrawable: Any) -> None:
    a = MembershipApplication.unscoped_objects.create(
        enterprise=world.enterprise, chamber=world.chamber2, submitted_by=world.enterprise_user
    )
    for other in (world.admin, world.secretary):
        with pytest.raises(AccessDenied, match="只有申请人本人可以撤回申请"):
            workflow.apply(a, "withdraw", actor=other)
    step = workflow.apply(a, "withdraw", actor=world.enterprise_user)
    assert step.obj.status == ApplicationStatus.REJECTED and step.obj.decided_by is None
    with pytest.raises(ServiceError, match="该申请已处理，不能撤回"):
        workflow.apply(a, "withdraw", actor=world.enterprise_user)
    assert [t.name for t in workflow.allowed_transitions(step.obj, world.admin)] == []
