"""The daily calendar job: federation admins are told once per year that a schedule is missing."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from shanglian.core.access import SYSTEM
from shanglian.core.roles import Role
from shanglian.core.schedule import enqueue_due
from shanglian.notifications.models import Notification
from shanglian.workdays.models import WorkingDay
from shanglian.workdays.services import notify_missing_schedules

pytestmark = pytest.mark.usefixtures("seeded")
NINE = datetime(2040, 12, 5, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_job_run_twice_writes_each_notification_once(world, monkeypatch):
    # 2040 (running on Monday–Friday, "danger") and 2041 (December: next year, "warning") are missing.
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2040, 12, 5))
    admins = {world.admin, world.users_b[Role.FEDERATION_ADMIN]}
    for written in (4, 0):  # two admins × two years, then nothing new
        results = enqueue_due(NINE - timedelta(minutes=1), NINE)
        assert [r.return_value for r in results if r.task.name == "check_calendar"] == [written]
    notes = Notification.objects.filter(key__startswith="workdays:missing:")
    assert {n.recipient for n in notes} == admins
    assert sorted(n.key for n in notes.filter(recipient=world.admin)) == [
        "workdays:missing:2040",
        "workdays:missing:2041",
    ]
    note = notes.get(recipient=world.admin, key="workdays:missing:2041")
    assert "2041 年节假日安排尚未录入" in note.title and note.link == "/workdays/?year=2041"
    assert not notes.filter(recipient__in=[world.leader, world.secretary]).exists()


def test_nothing_to_say_when_the_years_are_entered(world):
    assert notify_missing_schedules(actor=SYSTEM, today=date(2025, 11, 30)) == 0
    assert notify_missing_schedules(actor=SYSTEM, today=date(2025, 12, 1)) == 0  # 2026 is in the table
    assert notify_missing_schedules(actor=SYSTEM, today=date(2026, 12, 1)) == 2  # 2027 is not
    assert not Notification.objects.filter(key="workdays:missing:2026").exists()


def test_the_job_fills_a_year_chinesecalendar_knows(world, monkeypatch):
    WorkingDay.objects.filter(date__year=2025).delete()
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2025, 6, 1))
    from shanglian.workdays.jobs import check_calendar

    check_calendar.enqueue()
    holidays = WorkingDay.objects.filter(date__range=(date(2025, 10, 1), date(2025, 10, 8)), is_working=False)
    assert holidays.count() == 8  # 国庆节 and 中秋节 (10-06)
    assert not Notification.objects.exists()
