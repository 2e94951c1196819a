"""Scheduled import check (see shanglian/core/schedule.py): an import whose worker died — killed by the
kernel for memory, SIGABRT in a reader, a restart mid-job — would stay "校验中"/"导入中" for ever. Every
ten minutes every active job without progress for IMPORT_STALE_MINUTES is failed, with the reason shown."""

from __future__ import annotations

from django_tasks import task

from shanglian.core.schedule import cron
from shanglian.excel.imports.jobs import fail_stale_jobs


@cron("*/10 * * * *")
@task()
def fail_stale_imports() -> int:
    """Returns how many jobs were failed (0 on a second run)."""
    return fail_stale_jobs()
