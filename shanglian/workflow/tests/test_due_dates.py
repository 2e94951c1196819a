"""Due dates in working days: stored on the object, indexed, and filtered as due / overdue."""

from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from shanglian.core.testing.factories import make_chamber
from shanglian.orgs.models import ChamberKind
from shanglian.registry.models import ApplicationStatus, MembershipApplication
from shanglian.workdays.services import add_working_days
from shanglian.workflow import services as workflow
from shanglian.workflow.kit import workflow_for
from shanglian.workflow.selectors import filter_due, is_overdue

pytestmark = pytest.mark.django_db


def _apply(world: Any, chamber_name: Any, due_on: Any, status: str = ApplicationStatus.SUBMITTED) -> Any:
    chamber = make_chamber(world.fed, chamber_name, chamber_kind=ChamberKind.INDUSTRY, street="")
    return MembershipApplication.unscoped_objects.create(
        enterprise=world.enterprise,
        chamber=chamber,
        due_on=due_on,
        status=status,
        # a decision comes after its submission (a DB constraint): stamped a second after now
        decided_at=None if status == ApplicationStatus.SUBMITTED else timezone.now() + timedelta(seconds=1),
    )


def test_start_stamps_the_due_date_in_working_days(world: Any) -> None:
    a = MembershipApplication(enterprise=world.enterprise, chamber=world.chamber2)
    # A Friday before National Day: Sun 28 Sep and Sat 11 Oct are make-up working days, 1–8 Oct a holiday,
    # so the 10th working day is Thu 16 Oct (Monday–Friday counting would say 10 Oct).
    workflow.start(a, today=date(2025, 9, 26))
    assert a.due_on == add_working_days(date(2025, 9, 26), 10) == date(2025, 10, 16)


def test_due_and_overdue_filters(world: Any) -> None:
    today = date(2026, 11, 26)  # a Thursday; the next working day is Friday the 27th
    late = _apply(world, "逾期商会", today - timedelta(days=1))
    due_today = _apply(world, "今日商会", today)
    tomorrow = _apply(world, "明日商会", date(2026, 11, 27))
    later = _apply(world, "以后商会", date(2026, 12, 10))
    decided_late = _apply(world, "已办商会", today - timedelta(days=3), ApplicationStatus.APPROVED)
    no_due = _apply(world, "无期限商会", None)
    qs = MembershipApplication.objects.unscoped()
    assert set(filter_due(qs, "overdue", today=today)) == {late}
    assert set(filter_due(qs, "due", today=today)) == {due_today, tomorrow}
    assert filter_due(qs, "", today=today).count() == 6  # anything else: unchanged
    assert is_overdue(late, today=today) and not is_overdue(decided_late, today=today)
    assert not is_overdue(no_due, today=today) and not is_overdue(later, today=today)
    # Lists sort by it.
    assert list(qs.filter(due_on__isnull=False).order_by("due_on"))[0] == decided_late


def test_due_date_column_is_indexed(world: Any) -> None:
    wf = workflow_for(MembershipApplication)
    table = MembershipApplication._meta.db_table
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    assert any(c["index"] and c["columns"] == [wf.due_field] for c in constraints.values())
