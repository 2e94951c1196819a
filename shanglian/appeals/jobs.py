"""Scheduled jobs of the appeals app (run by the task worker)."""

from __future__ import annotations

from django_tasks import task

from shanglian.appeals.services.chasing import chase_appeals
from shanglian.core.access import SYSTEM
from shanglian.core.schedule import cron


@cron("30 8 * * *")
@task()
def chase_appeals_job() -> int:
    """08:30 every day: remind before each deadline, 催办 the day after, 督办 to the leaders 5 working days on."""
    return chase_appeals(actor=SYSTEM)
