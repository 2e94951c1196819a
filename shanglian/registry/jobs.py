"""Scheduled registry job (see shanglian/core/schedule.py): the enterprises a big import queued for the
search's n-gram index are moved into it (registry.search.index_pending). The import enqueues the same work
when it commits; this catches what that task missed (a worker restart, an import still open at the time)."""

from __future__ import annotations

from django_tasks import task

from shanglian.core.schedule import cron
from shanglian.registry import search


@cron("*/5 * * * *")
@task()
def index_pending_search_entries() -> int:
    """Every five minutes; returns how many enterprises were indexed (0 when the queue is empty)."""
    return search.index_pending()
