"""Demo calendar: every year chinesecalendar knows (the migration did it already on a fresh database;
this fills a year a newer chinesecalendar release added). 2027 stays missing, so the admin's to-do
list shows the warning."""

from __future__ import annotations

from typing import Any

from shanglian.core.access import SYSTEM
from shanglian.workdays.services import seed_from_chinesecalendar


def load(ctx: Any) -> None:
    seed_from_chinesecalendar(actor=SYSTEM)
