"""Counting working days: the one place deadlines are computed (appeals, filings, any workflow step).

A day is a working day as its calendar row says, and by the Monday–Friday rule when it has none — so a
year beyond the table (chinesecalendar raises for it; nobody has imported it yet) counts Monday–Friday
instead of failing. Each call reads the rows of its date window in one query; nothing is cached across
calls, so an admin's correction counts in every process at once.
"""

from __future__ import annotations

from datetime import date, timedelta

from shanglian.workdays.models import WorkingDay

# Days read per query by add_working_days: n working days rarely span more than 2n + a long holiday.
_SLACK_DAYS = 31


def _by_rule(day: date) -> bool:
    return day.weekday() < 5


def exceptions_between(first: date, last: date) -> dict[date, bool]:
    """{date: is_working} of the calendar rows from `first` to `last` inclusive (one query)."""
    rows = WorkingDay.objects.filter(date__range=(first, last)).values_list("date", "is_working")
    return dict(rows)


def is_working_day(day: date) -> bool:
    row = WorkingDay.objects.filter(date=day).values_list("is_working", flat=True).first()
    return _by_rule(day) if row is None else row


def add_working_days(start: date, n: int) -> date:
    """The n-th working day after `start` (the day of intake does not count); `start` itself for n = 0.

    2025-09-30 + 5 → 2025-10-14: 10-01…10-08 are 国庆节, the Saturday 10-11 is a make-up working day.
    """
    if n < 0:
        raise ValueError("n must be >= 0")
    day = start
    left = n
    while left:
        window_end = day + timedelta(days=2 * left + _SLACK_DAYS)
        known = exceptions_between(day + timedelta(days=1), window_end)
        while left and day < window_end:
            day += timedelta(days=1)
            if known.get(day, _by_rule(day)):
                left -= 1
    return day


def subtract_working_days(start: date, n: int) -> date:
    """The n-th working day before `start` (`start` itself does not count); `start` for n = 0.

    The mirror of add_working_days: for a working day `d`, subtract_working_days(add_working_days(d, n), n)
    == d. 2025-10-14 − 5 → 2025-09-30. One query, like add_working_days.
    """
    if n < 0:
        raise ValueError("n must be >= 0")
    day = start
    left = n
    while left:
        window_start = day - timedelta(days=2 * left + _SLACK_DAYS)
        known = exceptions_between(window_start, day - timedelta(days=1))
        while left and day > window_start:
            day -= timedelta(days=1)
            if known.get(day, _by_rule(day)):
                left -= 1
    return day


def _weekdays_between(a: date, b: date) -> int:
    """Monday–Friday days in (a, b], by arithmetic."""
    days = (b - a).days
    weeks, rest = divmod(days, 7)
    count = weeks * 5
    first = (a.weekday() + 1) % 7
    count += sum(1 for i in range(rest) if (first + i) % 7 < 5)
    return count


def working_days_between(a: date, b: date) -> int:
    """Working days after `a` up to and including `b` (0 when b <= a), so that
    working_days_between(a, add_working_days(a, n)) == n."""
    if b <= a:
        return 0
    return count_working_days(a, b, exceptions_between(a + timedelta(days=1), b))


def count_working_days(a: date, b: date, known: dict[date, bool]) -> int:
    """Working days in (a, b] given the calendar rows of that window (`{date: is_working}`), no query."""
    if b <= a:
        return 0
    count = _weekdays_between(a, b)
    for day, working in known.items():
        if a < day <= b and working != _by_rule(day):
            count += 1 if working else -1
    return count
