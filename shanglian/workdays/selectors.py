"""Reads for the calendar page, the to-do list and the daily job."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from shanglian.workdays.calendar import count_working_days
from shanglian.workdays.models import DayKind, WorkingDay

# The State Council publishes next year's schedule in late October or November; from December on a
# missing one is worth an admin's attention (the to-do list and a notification).
WARN_FROM_MONTH = 12


def days_of_year(year: int) -> QuerySet[WorkingDay]:
    return WorkingDay.objects.filter(date__year=year).order_by("date")


def years_in_table() -> list[int]:
    return sorted({d.year for d in WorkingDay.objects.dates("date", "year")})


def has_schedule(year: int) -> bool:
    """A year counts as entered once it has a holiday (every State Council schedule has 元旦 and 春节)."""
    return WorkingDay.objects.filter(date__year=year, kind=DayKind.HOLIDAY).exists()


@dataclass(frozen=True)
class MissingSchedule:
    year: int
    level: str  # "warning": next year, from December; "danger": the year already running

    @property
    def text(self) -> str:
        if self.level == "danger":
            return f"{self.year} 年节假日安排尚未录入，截止日期暂按周一至周五计算"
        return f"{self.year} 年节假日安排尚未录入，请在国务院发布后导入"


def missing_schedules(today: date) -> list[MissingSchedule]:
    """The years an admin should enter now: this year if it is missing, next year from December."""
    missing = []
    if not has_schedule(today.year):
        missing.append(MissingSchedule(today.year, "danger"))
    if today.month >= WARN_FROM_MONTH and not has_schedule(today.year + 1):
        missing.append(MissingSchedule(today.year + 1, "warning"))
    return missing


@dataclass(frozen=True)
class YearFigures:
    holidays: int  # days off on the calendar (weekend days inside a holiday span included)
    makeup_days: int
    working_days: int


def year_figures(year: int, days: list[WorkingDay]) -> YearFigures:
    """Figures of a year from its rows (days_of_year), without another query."""
    return YearFigures(
        holidays=sum(1 for d in days if d.kind == DayKind.HOLIDAY),
        makeup_days=sum(1 for d in days if d.kind == DayKind.MAKEUP),
        working_days=count_working_days(
            date(year - 1, 12, 31), date(year, 12, 31), {d.date: d.is_working for d in days}
        ),
    )
