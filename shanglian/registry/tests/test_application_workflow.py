"""入会申请 on the workflow kit: due date on submission, decision audit row, notification, refusals."""

import pytest
from django.urls import reverse
from django.utils import timezone

from shanglian.audit.models import AuditAction, AuditEntry
from shanglian.core.access import AccessDenied
from shanglian.core.errors import ServiceError
from shanglian.core.testing.factories import make_chamber
from shanglian.notifications.models import Notification
from shanglian.orgs.models import ChamberKind
from shanglian.registry import services
from shanglian.registry.models import ApplicationStatus, Membership, MembershipApplication, Position
from shanglian.registry.workflows import DECISION_WORKING_DAYS
from shanglian.workdays.services import add_working_days

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(world):
    tech = make_chamber(world.fed, "城阳区科技企业商会", chamber_kind=ChamberKind.INDUSTRY, street="")
    return services.submit_application(
        actor=world.enterprise_user, enterprise=world.enterprise, chamber=tech, note="申请入会"
    )


def _transitions(application):
    return AuditEntry.unscoped_objects.filter(
        object_type="registry.membershipapplication",
        object_id=str(application.pk),
        action=AuditAction.TRANSITION,
    )


def test_submission_stores_the_decision_due_date(application):
    application.refresh_from_db()
    assert application.due_on == add_working_days(timezone.localdate(), DECISION_WORKING_DAYS)


def test_approval_writes_its_audit_row_and_tells_the_applicant(world, application):
    decided = services.decide_application(
        actor=world.admin,
        application=application,
        approve=True,
        reason="符合条件",
        position=Position.DIRECTOR,
    )
    assert decided.status == ApplicationStatus.APPROVED and decided.reason == "符合条件"
    assert decided.decided_by == world.admin and decided.decided_at is not None
    assert decided.membership.position == Position.DIRECTOR
    (row,) = _transitions(application)
    assert row.changes == {"status": ["submitted", "approved"]} and row.message == "审核通过：符合条件"
    assert row.organization == application.chamber
    (note,) = Notification.objects.all()
    assert note.recipient == world.enterprise_user
    assert note.title == "入会申请：青岛本方科技有限公司 申请加入 城阳区科技企业商会：审核通过"
    assert note.link == reverse("registry:application_detail", args=[application.pk])
    # The applicant may open the page the notification links to.
    from django.test import Client

    client = Client()
    client.force_login(world.enterprise_user, backend="shanglian.accounts.backends.UserBackend")
    assert client.get(note.link).status_code == 200


def test_rejection_needs_a_reason_and_writes_nothing_without_one(world, application):
    with pytest.raises(ServiceError, match="驳回申请时请填写理由"):
        services.decide_application(actor=world.admin, application=application, approve=False, reason=" ")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED and application.decided_at is None
    assert not _transitions(application).exists() and not Notification.objects.exists()
    services.decide_application(actor=world.admin, application=application, approve=False, reason="不符")
    assert _transitions(application).get().changes == {"status": ["submitted", "rejected"]}


@pytest.mark.parametrize("who", ["enterprise_user", "leader", "secretary"])
def test_wrong_role_is_access_denied_and_nothing_is_written(world, application, who):
    with pytest.raises(AccessDenied):
        services.decide_application(actor=getattr(world, who), application=application, approve=True)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert not Membership.unscoped_objects.filter(chamber=application.chamber).exists()
    assert not _transitions(application).exists() and not Notification.objects.exists()


def test_deciding_twice_and_a_bad_position_are_refused(world, application):
    with pytest.raises(ServiceError, match="职务无效"):
        services.decide_application(actor=world.admin, application=application, approve=True, position="king")
    assert not _transitions(application).exists()
    services.decide_application(actor=world.admin, application=application, approve=True)
    with pytest.raises(ServiceError, match="已处理，不能重复审核"):
        services.decide_application(actor=world.admin, application=application, approve=False, reason="x")
    assert _transitions(application).count() == 1


def test_demo_style_application_without_due_date_still_decides(world):
    a = MembershipApplication.unscoped_objects.create(enterprise=world.enterprise2, chamber=world.chamber)
    services.decide_application(actor=world.secretary, application=a, approve=True)
    a.refresh_from_db()
    assert a.status == ApplicationStatus.APPROVED and a.due_on is None
