"""The report's period: a year, a quarter, a month or a custom range, and how the text names it."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from shanglian.core.errors import ServiceError
from shanglian.reports.models import PeriodKind

QUARTERS = ("第一季度", "第二季度", "第三季度", "第四季度")
MIN_YEAR, MAX_YEAR = 1990, 2100


@dataclass(frozen=True)
class ReportPeriod:
    kind: str
    start: date
    end: date

    @property
    def text(self) -> str:
        """As the report says it: 2020年 / 2020年第一季度 / 2020年3月 / 2020年1月1日至2020年6月30日."""
        if self.kind == PeriodKind.YEAR:
            return f"{self.start.year}年"
        if self.kind == PeriodKind.QUARTER:
            return f"{self.start.year}年{QUARTERS[(self.start.month - 1) // 3]}"
        if self.kind == PeriodKind.MONTH:
            return f"{self.start.year}年{self.start.month}月"
        return f"{day_text(self.start)}至{day_text(self.end)}"


def day_text(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _year(year: int | None) -> int:
    if year is None:
        raise ServiceError("请填写年份。")
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ServiceError(f"年份应在 {MIN_YEAR}–{MAX_YEAR} 之间（填写了 {year}）。")
    return year


def make_period(
    kind: str,
    *,
    year: int | None = None,
    quarter: int | None = None,
    month: int | None = None,
    start: date | None = None,
    end: date | None = None,
) -> ReportPeriod:
    """The period from the form's fields; a broken one is a Chinese ServiceError."""
    if kind == PeriodKind.YEAR:
        y = _year(year)
        return ReportPeriod(kind, date(y, 1, 1), date(y, 12, 31))
    if kind == PeriodKind.QUARTER:
        y = _year(year)
        if quarter not in (1, 2, 3, 4):
            raise ServiceError("请选择季度（1–4）。")
        first = 3 * (quarter - 1) + 1
        return ReportPeriod(kind, date(y, first, 1), date(y, first + 2, calendar.monthrange(y, first + 2)[1]))
    if kind == PeriodKind.MONTH:
        y = _year(year)
        if month is None or not 1 <= month <= 12:
            raise ServiceError("请选择月份（1–12）。")
        return ReportPeriod(kind, date(y, month, 1), date(y, month, calendar.monthrange(y, month)[1]))
    if kind == PeriodKind.CUSTOM:
        if start is None or end is None:
            raise ServiceError("自定义期间须填写起始日期和截止日期。")
        if end < start:
            raise ServiceError("截止日期不能早于起始日期。")
        _year(start.year)
        _year(end.year)
        return ReportPeriod(kind, start, end)
    raise ServiceError("请选择期间类型。")
