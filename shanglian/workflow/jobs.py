"""Scheduled jobs of the workflow kit: the daily due-date reminders (run by the task worker)."""

from __future__ import annotations

import importlib.util

from django_tasks import task

from shanglian.core.access import SYSTEM
from shanglian.workflow.services import send_due_reminders


@task()
def send_due_reminders_job() -> int:
    """08:00 every day: remind the responsible users of steps due by the next working day, escalate overdue."""
    return send_due_reminders(actor=SYSTEM)


if importlib.util.find_spec("crontask") is not None:
    from crontask import cron

    send_due_reminders_job = cron("0 8 * * *")(send_due_reminders_job)
# else — TODO(lead): django-crontask is not installed in this slice. Once the scheduler slice adds it,
# the branch above registers the job by itself; make sure this module is imported at start-up (it is:
# WorkflowConfig.ready) in the process that runs `manage.py crontask`.
