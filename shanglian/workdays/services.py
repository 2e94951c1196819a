"""Working days: the one place deadlines are counted (appeals, filings, any workflow step).

First cut: Monday–Friday. The calendar table (holidays and 调休 make-up days from chinesecalendar,
extended by the federation admin) replaces `is_working_day` without changing these signatures.
"""

from __future__ import annotations

from datetime import date, timedelta


def is_working_day(day: date) -> bool:
    return day.weekday() < 5


def add_working_days(start: date, n: int) -> date:
    """The n-th working day after `start` (the day of intake does not count)."""
    if n < 0:
        raise ValueError("n must be >= 0")
    day = start
    left = n
    while left:
        day += timedelta(days=1)
        if is_working_day(day):
            left -= 1
    return day


def working_days_between(a: date, b: date) -> int:
    """Working days after `a` up to and including `b` (0 when b <= a)."""
    count = 0
    day = a
    while day < b:
        day += timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count
