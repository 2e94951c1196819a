"""Scheduled calendar job (see shanglian/core/schedule.py): every morning, fill any year a newer
chinesecalendar knows, then tell the federation admins about a schedule that should be entered."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from shanglian.core.access import SYSTEM
from shanglian.core.schedule import cron
from shanglian.workdays.services import notify_missing_schedules, seed_from_chinesecalendar


@cron("0 9 * * *")
@task()
def check_calendar() -> int:
    """Returns how many notifications were written (0 on a second run the same year)."""
    seed_from_chinesecalendar(actor=SYSTEM)
    return notify_missing_schedules(actor=SYSTEM, today=timezone.localdate())
