"""Counting working days: national holidays, their make-up weekend days, year ends, unknown years."""

from datetime import date, timedelta

import chinese_calendar
import pytest

from shanglian.workdays.models import DayKind, DaySource, WorkingDay
from shanglian.workdays.seeding import covered_years
from shanglian.workdays.services import (
    add_working_days,
    is_working_day,
    subtract_working_days,
    working_days_between,
)

pytestmark = pytest.mark.usefixtures("seeded")


@pytest.mark.parametrize(
    "start,n,due",
    [
        # 12345 practice: received 2025-09-30, 5 working days → 10-14 (10-01…10-08 off, Saturday 10-11 worked)
        (date(2025, 9, 30), 5, date(2025, 10, 14)),
        (date(2025, 9, 26), 1, date(2025, 9, 28)),  # make-up Sunday before 国庆节
        (date(2025, 9, 28), 1, date(2025, 9, 29)),
        (date(2025, 9, 30), 1, date(2025, 10, 9)),
        (date(2025, 10, 9), 2, date(2025, 10, 11)),  # make-up Saturday after it
        # 春节 2026: 02-15…02-23 off, Saturdays 02-14 and 02-28 worked
        (date(2026, 2, 13), 1, date(2026, 2, 14)),
        (date(2026, 2, 14), 1, date(2026, 2, 24)),
        (date(2026, 2, 13), 3, date(2026, 2, 25)),
        (date(2026, 2, 27), 1, date(2026, 2, 28)),
        # year end: 元旦 2026 is 01-01…01-03, Sunday 01-04 worked
        (date(2025, 12, 31), 1, date(2026, 1, 4)),
        (date(2025, 12, 30), 2, date(2026, 1, 4)),
        # beyond the table (chinesecalendar raises for 2027): Monday–Friday
        (date(2026, 12, 31), 1, date(2027, 1, 1)),
        (date(2027, 9, 30), 5, date(2027, 10, 7)),
        (date(2027, 10, 1), 1, date(2027, 10, 4)),
        # n = 0: the day itself, even a holiday
        (date(2025, 10, 1), 0, date(2025, 10, 1)),
    ],
)
def test_add_working_days(start, n, due):
    assert add_working_days(start, n) == due
    assert working_days_between(start, due) == n


def test_agrees_with_chinesecalendar_for_every_day_of_2025_and_2026():
    day = date(2025, 1, 1)
    while day.year < 2027:
        assert is_working_day(day) == chinese_calendar.is_workday(day), day
        day += timedelta(days=1)
    assert working_days_between(date(2024, 12, 31), date(2025, 12, 31)) == 248
    assert working_days_between(date(2025, 12, 31), date(2026, 12, 31)) == 248


def test_unknown_year_falls_back_to_monday_to_friday_without_a_crash():
    with pytest.raises(NotImplementedError):
        chinese_calendar.is_workday(date(2027, 10, 1))
    assert 2027 not in covered_years()
    assert is_working_day(date(2027, 10, 1)) is True  # a Friday
    assert is_working_day(date(2027, 10, 2)) is False
    assert working_days_between(date(2026, 12, 31), date(2027, 12, 31)) == 261


def test_long_spans_and_edges():
    assert working_days_between(date(2025, 10, 14), date(2025, 9, 30)) == 0
    assert working_days_between(date(2025, 10, 1), date(2025, 10, 1)) == 0
    due = add_working_days(date(2020, 1, 1), 1000)
    assert working_days_between(date(2020, 1, 1), due) == 1000
    assert is_working_day(due)
    with pytest.raises(ValueError):
        add_working_days(date(2025, 1, 1), -1)


def test_an_admin_row_changes_the_count_at_once():
    assert add_working_days(date(2027, 9, 30), 1) == date(2027, 10, 1)
    WorkingDay.objects.create(
        date=date(2027, 10, 1), is_working=False, kind=DayKind.HOLIDAY, name="国庆节", source=DaySource.ADMIN
    )
    assert add_working_days(date(2027, 9, 30), 1) == date(2027, 10, 4)


def test_one_query_per_call(django_assert_num_queries):
    with django_assert_num_queries(1):
        add_working_days(date(2025, 9, 30), 20)
    with django_assert_num_queries(1):
        working_days_between(date(2025, 1, 1), date(2026, 12, 31))
    with django_assert_num_queries(1):
        is_working_day(date(2025, 10, 1))


@pytest.mark.parametrize(
    "start,n,back",
    [
        # the 12345 example read backwards: 5 working days before 2025-10-14 is the day of intake 09-30
        (date(2025, 10, 14), 5, date(2025, 9, 30)),
        (date(2025, 10, 9), 1, date(2025, 9, 30)),  # over 国庆节 2025 (10-01…10-08 off)
        (date(2025, 9, 29), 1, date(2025, 9, 28)),  # the make-up Sunday before it
        (date(2025, 10, 13), 1, date(2025, 10, 11)),  # the make-up Saturday after it
        (date(2025, 10, 13), 2, date(2025, 10, 10)),
        # 春节 2026: 02-15…02-23 off, Saturdays 02-14 and 02-28 worked
        (date(2026, 2, 24), 1, date(2026, 2, 14)),
        (date(2026, 2, 24), 2, date(2026, 2, 13)),
        (date(2026, 3, 2), 1, date(2026, 2, 28)),
        # 国庆节 2026: 10-01…10-07 off, Sunday 09-20 and Saturday 10-10 worked
        (date(2026, 10, 8), 1, date(2026, 9, 30)),
        (date(2026, 9, 21), 1, date(2026, 9, 20)),
        (date(2026, 10, 12), 1, date(2026, 10, 10)),
        # year end backwards: 元旦 2026 is 01-01…01-03, Sunday 01-04 worked
        (date(2026, 1, 4), 1, date(2025, 12, 31)),
        (date(2026, 1, 5), 2, date(2025, 12, 31)),
        # beyond the table (2027): Monday–Friday, and back into the known year
        (date(2027, 10, 4), 1, date(2027, 10, 1)),
        (date(2027, 1, 4), 1, date(2027, 1, 1)),
        (date(2027, 1, 4), 2, date(2026, 12, 31)),
        # n = 0: the day itself, even a holiday
        (date(2025, 10, 1), 0, date(2025, 10, 1)),
    ],
)
def test_subtract_working_days(start, n, back):
    assert subtract_working_days(start, n) == back
    if n and is_working_day(back):
        assert add_working_days(back, n) >= start
        assert working_days_between(back, start) >= n


def test_subtract_agrees_with_chinesecalendar_and_mirrors_add():
    """Every day of the 2025 and 2026 holiday seasons, 1–12 working days back."""
    for first, last in [
        (date(2025, 1, 1), date(2025, 2, 20)),
        (date(2025, 9, 20), date(2025, 10, 20)),
        (date(2025, 12, 20), date(2026, 3, 5)),
        (date(2026, 9, 15), date(2026, 10, 20)),
    ]:
        day = first
        while day <= last:
            for n in (1, 2, 5, 12):
                back = subtract_working_days(day, n)
                assert back == chinese_calendar.find_workday(-n, day), (day, n)
                assert add_working_days(back, n) == chinese_calendar.find_workday(0, day)
            if is_working_day(day):
                assert subtract_working_days(add_working_days(day, 7), 7) == day
            day += timedelta(days=1)


def test_subtract_long_spans_and_edges():
    due = add_working_days(date(2020, 1, 2), 1000)
    assert subtract_working_days(due, 1000) == date(2020, 1, 2)
    with pytest.raises(ValueError):
        subtract_working_days(date(2025, 1, 1), -1)


def test_subtract_sees_an_admin_row_at_once():
    assert subtract_working_days(date(2027, 10, 4), 1) == date(2027, 10, 1)
    WorkingDay.objects.create(
        date=date(2027, 10, 1), is_working=False, kind=DayKind.HOLIDAY, name="国庆节", source=DaySource.ADMIN
    )
    assert subtract_working_days(date(2027, 10, 4), 1) == date(2027, 9, 30)


def test_subtract_is_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        assert subtract_working_days(date(2025, 10, 14), 20) == date(2025, 9, 10)
