"""The one sane date range for dates people type (forms, API) — 1900-01-01 to ten years from today.

A date like 0001-01-01 is a valid `date` but breaks arithmetic on it (age on a reference date, years
before it) and so every page that does it. A field that needs another range says so (`DateRange`).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Annotated

from django.core.exceptions import ValidationError
from pydantic import AfterValidator

__all__ = ["DEFAULT_RANGE", "DateRange", "SaneDate", "check_date", "in_range"]


@dataclass(frozen=True)
class DateRange:
    earliest: datetime.date = datetime.date(1900, 1, 1)
    years_ahead: int = 10

    def latest(self, today: datetime.date | None = None) -> datetime.date:
        today = today or datetime.date.today()
        try:
            return today.replace(year=today.year + self.years_ahead)
        except ValueError:  # 29 February
            return today.replace(year=today.year + self.years_ahead, day=28)

    def contains(self, value: datetime.date) -> bool:
        return self.earliest <= value <= self.latest()


DEFAULT_RANGE = DateRange()


def in_range(value: datetime.date | None, date_range: DateRange = DEFAULT_RANGE) -> bool:
    return value is None or date_range.contains(value)


def check_date(value: datetime.date | None, date_range: DateRange = DEFAULT_RANGE) -> None:
    """Raise `ValidationError` (Chinese) for a date outside the range; None passes."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if value is not None and not date_range.contains(value):
        raise ValidationError(
            f"日期超出合理范围，应在 {date_range.earliest:%Y-%m-%d} 至 {date_range.latest():%Y-%m-%d} 之间。",
            code="date_range",
        )


def _pydantic_check(value: datetime.date) -> datetime.date:
    try:
        check_date(value)
    except ValidationError as exc:
        raise ValueError(exc.messages[0]) from None
    return value


SaneDate = Annotated[datetime.date, AfterValidator(_pydantic_check)]
"""A `date` for API input schemas, with the same range as the forms."""
