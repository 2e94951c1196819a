"""Scheduled jobs of the mechanisms app: sign-off outcomes at the deadline, reminders before it."""

from __future__ import annotations

from django_tasks import task

from shanglian.core.access import SYSTEM
from shanglian.core.schedule import cron
from shanglian.mechanisms.services import (
    close_expired_consultations,
    close_expired_rounds,
    send_round_reminders,
)


@cron("*/10 * * * *")
@task()
def close_expired_rounds_job() -> int:
    """Every ten minutes: rounds past their deadline get their outcome (once; a second run finds none open)."""
    return close_expired_rounds(actor=SYSTEM)


@cron("0 9,15 * * *")
@task()
def send_round_reminders_job() -> int:
    """09:00 and 15:00: signers who have not signed a round closing within 24 hours are reminded (once)."""
    return send_round_reminders(actor=SYSTEM)


@cron("5 0 * * *")
@task()
def close_expired_consultations_job() -> int:
    """00:05 daily: consultations whose comment period ended yesterday move to 意见汇总 (once)."""
    return close_expired_consultations(actor=SYSTEM)
