"""Due-date reminders: responsible users hear of steps due by the next working day, once per key."""

from datetime import date, timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from shanglian.core.access import SYSTEM
from shanglian.notifications.models import Notification
from shanglian.registry.models import ApplicationStatus, MembershipApplication
from shanglian.workflow import jobs
from shanglian.workflow.services import send_due_reminders

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 27)  # a Friday: the next working day is Monday the 30th


@pytest.fixture
def items(world: Any) -> Any:
    make = MembershipApplication.unscoped_objects.create
    return {
        "overdue": make(
            enterprise=world.enterprise2, chamber=world.chamber, due_on=TODAY - timedelta(days=2)
        ),
        "monday": make(enterprise=world.enterprise, chamber=world.chamber2, due_on=date(2026, 11, 30)),
        "later": make(enterprise=world.enterprise2, chamber=world.chamber2, due_on=date(2026, 12, 1)),
        "other_tenant": make(
            enterprise=world.enterprise_b, chamber=world.chamber_b, due_on=TODAY - timedelta(days=1)
        ),
        "decided": make(
            enterprise=world.enterprise_b,
            chamber=world.chamber_b,
            due_on=TODAY - timedelta(days=5),
            status=ApplicationStatus.REJECTED,
            reason="x",
            decided_at=timezone.now() + timedelta(seconds=1),  # after its submission (a DB constraint)
        ),
    }


def _to(user: Any) -> Any:
    return set(Notification.objects.filter(recipient=user).values_list("title", flat=True))


def test_reminders_go_to_the_responsible_users_and_are_idempotent(world: Any, items: Any) -> None:
    written = send_due_reminders(actor=SYSTEM, today=TODAY)
    # overdue A1 item: A1 secretary + federation A admin; Monday A2 item: admin only (no A2 secretary);
    # the other tenant's overdue item: its admin and its secretary. Decided and later items: nobody.
    assert written == 5
    assert _to(world.secretary) == {
        "已逾期：入会申请：青岛他方夏庄食品有限公司 申请加入 城阳街道商会（期限 2026-11-25）"
    }
    assert len(_to(world.admin)) == 2 and any(t.startswith("即将到期：") for t in _to(world.admin))
    assert not _to(world.leader) and not _to(world.enterprise_user)
    assert (
        len(_to(world.users_b["federation_admin"])) == 1 and len(_to(world.users_b["chamber_secretary"])) == 1
    )
    overdue = Notification.objects.filter(recipient=world.secretary).get()
    assert overdue.link == reverse("registry:application_detail", args=[items["overdue"].pk])
    # The job runs again (a retry, or tomorrow's run with nothing new): nothing is written twice.
    assert send_due_reminders(actor=SYSTEM, today=TODAY) == 0
    assert Notification.objects.count() == 5


def test_a_step_turning_overdue_is_announced_again(world: Any, items: Any) -> None:
    send_due_reminders(actor=SYSTEM, today=TODAY)
    # Tuesday: Monday's item is now overdue (a new key), the overdue ones were already told.
    assert send_due_reminders(actor=SYSTEM, today=date(2026, 12, 1)) == 1 + 1  # Monday's overdue + later due
    assert any(t.startswith("已逾期：") for t in _to(world.admin))


def test_reminders_need_an_actor(world: Any, items: Any) -> None:
    with pytest.raises(TypeError):
        send_due_reminders(actor=None, today=TODAY)
    assert not Notification.objects.exists()


def test_the_job_runs_the_reminders_as_system(world: Any) -> None:
    overdue = MembershipApplication.unscoped_objects.create(
        enterprise=world.enterprise2, chamber=world.chamber, due_on=timezone.localdate() - timedelta(days=1)
    )
    assert jobs.send_due_reminders_job.call() == 2  # the A1 secretary and the federation admin
    assert Notification.objects.filter(key__contains=f":{overdue.pk}:").count() == 2
    assert jobs.send_due_reminders_job.call() == 0
