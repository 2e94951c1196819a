"""The worker's heartbeat: enqueued every minute by the scheduler, run by a worker (see views.healthz)."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from shanglian.core.schedule import cron

from .models import Heartbeat

WORKER = "worker"


@cron("* * * * *")
@task()
def worker_heartbeat() -> None:
    Heartbeat.objects.update_or_create(name=WORKER, defaults={"at": timezone.now()})
