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


@cron("0 2 * * *")
@task()
def retrain_dispatch_suggestions_job() -> int:
    """02:00 every day: retrain each federation's 派单建议 on its closed appeals; returns how many were trained."""
    from shanglian.appeals.models import Appeal
    from shanglian.appeals.suggest import retrain
    from shanglian.orgs.models import Organization

    ids = Appeal.objects.unscoped().values_list("federation_id", flat=True).distinct()
    trained = 0
    for federation in Organization.objects.unscoped().filter(pk__in=ids):
        trained += retrain(federation) is not None
    return trained
