"""The chasing ladder over 国庆节: reminder the working day before, 催办 the day after, 督办 5 working days on."""

from datetime import date, datetime, timedelta

from django.utils import timezone

from shanglian.appeals import services
from shanglian.appeals.jobs import chase_appeals_job
from shanglian.appeals.models import AppealEntry
from shanglian.appeals.services.chasing import SUPERVISE_AFTER, supervise_cutoff
from shanglian.appeals.todos import appeal_todos
from shanglian.core.access import SYSTEM
from shanglian.core.schedule import enqueue_due
from shanglian.notifications.models import Notification
from shanglian.workdays.services import add_working_days

DAY = date(2026, 9, 29)


def first_day(user, word, start=DAY, end=date(2026, 10, 25)):
    """The first day the ladder wrote `word` to `user`, running the job every day (twice) from `start`."""
    day = start
    while day <= end:
        services.chase_appeals(actor=SYSTEM, today=day)
        services.chase_appeals(actor=SYSTEM, today=day)  # a second run the same day sends nothing twice
        if Notification.objects.filter(recipient=user, title__startswith=word).exists():
            return day
        day += timedelta(days=1)
    return None


def signed(world, submit):
    appeal = submit()
    services.accept_appeal(actor=world.admin, appeal=appeal, today=DAY)
    services.dispatch_appeal(actor=world.admin, appeal=appeal, lead=world.department.pk, today=DAY)
    return services.sign_appeal(actor=world.liaison, appeal=appeal, today=DAY)


def test_the_ladder_follows_the_calendar_across_national_day(world, submit):
    appeal = signed(world, submit)
    assert appeal.handler_due == date(2026, 10, 12)
    # The working day before 10-12 is the make-up Saturday 10-10, not Friday 10-09.
    assert first_day(world.liaison, "提醒") == date(2026, 10, 10)
    assert first_day(world.liaison, "催办", start=date(2026, 10, 10)) == date(2026, 10, 13)
    # 5 working days after 10-12: 10-13, 14, 15, 16, 19.
    assert first_day(world.leader, "督办", start=date(2026, 10, 13)) == date(2026, 10, 19)
    assert Notification.objects.filter(recipient=world.liaison).filter(title__startswith="提醒").count() == 1
    assert Notification.objects.filter(recipient=world.liaison, title__startswith="催办").count() == 1
    assert Notification.objects.filter(recipient=world.admin, title__startswith="督办").count() == 1
    labels = list(
        AppealEntry.unscoped_objects.filter(appeal=appeal, label__in=["催办", "督办"]).values_list(
            "label", flat=True
        )
    )
    assert labels == ["催办", "督办"]
    todos = [t.title for t in appeal_todos(world.leader) or []]
    assert any("逾期未办结" in t for t in todos)


def test_unsigned_appeals_are_chased_on_the_contact_deadline(world, submit):
    appeal = submit()
    services.accept_appeal(actor=world.admin, appeal=appeal, today=DAY)
    appeal = services.dispatch_appeal(actor=world.admin, appeal=appeal, lead=world.department.pk, today=DAY)
    assert appeal.contact_due == date(2026, 10, 9)
    assert first_day(world.liaison, "催办") == date(2026, 10, 10)
    assert Notification.objects.filter(recipient=world.liaison, title__contains="签收期限").exists()


def test_a_replied_appeal_is_no_longer_chased(world, submit):
    appeal = signed(world, submit)
    services.reply_appeal(actor=world.liaison, appeal=appeal, text="已办", outcome="solved")
    assert services.chase_appeals(actor=SYSTEM, today=date(2026, 10, 30)) == 0


def test_supervise_cutoff_counts_working_days(db):
    assert supervise_cutoff(date(2026, 10, 19)) == date(2026, 10, 12)
    # 09-27 (a Sunday) + 5 working days = 09-28, 09-29, 09-30, 10-08, 10-09; 09-28 + 5 would be 10-10.
    assert supervise_cutoff(date(2026, 10, 9)) == date(2026, 9, 27)


def test_supervise_cutoff_is_the_latest_deadline_that_far_behind_in_one_query(db, django_assert_num_queries):
    """Across 国庆节 2026 (10-01…10-07 off, Sunday 09-20 and Saturday 10-10 worked) and 元旦 2026."""
    for first, last in [(date(2026, 9, 15), date(2026, 10, 25)), (date(2025, 12, 25), date(2026, 1, 15))]:
        today = first
        while today <= last:
            with django_assert_num_queries(1):
                cutoff = supervise_cutoff(today)
            assert add_working_days(cutoff, SUPERVISE_AFTER) <= today, today
            assert add_working_days(cutoff + timedelta(days=1), SUPERVISE_AFTER) > today, today
            today += timedelta(days=1)
    # back over the holiday and the make-up Saturday 10-10
    assert supervise_cutoff(date(2026, 10, 12)) == date(2026, 9, 29)


def test_the_job_is_scheduled_and_runs_as_system(world, submit):
    signed(world, submit)
    tz = timezone.get_current_timezone()
    results = enqueue_due(datetime(2026, 11, 30, 8, 0, tzinfo=tz), datetime(2026, 11, 30, 9, 0, tzinfo=tz))
    assert any(r.task.name == chase_appeals_job.name for r in results)
    assert Notification.objects.filter(recipient=world.liaison, title__startswith="催办").exists()
