"""Scheduled jobs of the workflow kit: the daily due-date reminders (run by the task worker)."""

from __future__ import annotations

from django_tasks import task

from shanglian.core.access import SYSTEM
from shanglian.core.schedule import cron
from shanglian.workflow.services import send_due_reminders


@cron("0 8 * * *")
@task()
def send_due_reminders_job() -> int:
    """08:00 every day: remind the responsible users of steps due by the next working day, escalate overdue."""
    return send_due_reminders(actor=SYSTEM)
