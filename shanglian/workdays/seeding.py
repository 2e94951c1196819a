"""What `chinesecalendar` knows, as rows of the calendar table (used by a migration and by a service).

Only the days that differ from the Monday–Friday rule are kept, plus the weekend days inside a holiday
span (so the admin page lists 国庆节 as 10-01…10-08, as the State Council publishes it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import chinese_calendar

# chinesecalendar names its holidays in English; the page and the audit log speak Chinese.
HOLIDAY_NAMES: dict[str, str] = {
    chinese_calendar.Holiday.new_years_day.value: "元旦",
    chinese_calendar.Holiday.spring_festival.value: "春节",
    chinese_calendar.Holiday.tomb_sweeping_day.value: "清明节",
    chinese_calendar.Holiday.labour_day.value: "劳动节",
    chinese_calendar.Holiday.dragon_boat_festival.value: "端午节",
    chinese_calendar.Holiday.national_day.value: "国庆节",
    chinese_calendar.Holiday.mid_autumn_festival.value: "中秋节",
    chinese_calendar.Holiday.anti_fascist_70th_day.value: "抗战胜利70周年纪念日",
}


@dataclass(frozen=True)
class SeedDay:
    date: date
    is_working: bool
    kind: str  # a DayKind value; plain strings so a migration's historical model can take them
    name: str


def _knows(year: int) -> bool:
    try:
        chinese_calendar.is_workday(date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


def covered_years() -> list[int]:
    """The years the installed chinesecalendar has data for (it raises NotImplementedError for others)."""
    known = [d.year for d in chinese_calendar.holidays]
    if not known:
        return []
    return [y for y in range(min(known), max(known) + 1) if _knows(y)]


def chinesecalendar_days(years: list[int] | None = None) -> list[SeedDay]:
    """The exceptions to the Monday–Friday rule in `years` (default: every year chinesecalendar covers)."""
    days: list[SeedDay] = []
    for year in covered_years() if years is None else years:
        day = date(year, 1, 1)
        while day.year == year:
            is_holiday, name = chinese_calendar.get_holiday_detail(day)
            weekend = day.weekday() >= 5
            label = HOLIDAY_NAMES.get(name or "", name or "")
            if is_holiday and name:
                days.append(SeedDay(day, False, "holiday", label))
            elif weekend and chinese_calendar.is_workday(day):
                days.append(SeedDay(day, True, "makeup", label))
            day += timedelta(days=1)
    return days


def seed_model(model: Any, *, source: str) -> list[SeedDay]:
    """Insert the chinesecalendar days of every year `model`'s table has no row for: a year someone has
    entered or corrected stays as they left it. Returns the days added."""
    filled = {d.year for d in model._default_manager.dates("date", "year")}
    days = chinesecalendar_days([y for y in covered_years() if y not in filled])
    model._default_manager.bulk_create(
        [model(date=d.date, is_working=d.is_working, kind=d.kind, name=d.name, source=source) for d in days],
        ignore_conflicts=True,
        batch_size=500,
    )
    return days
