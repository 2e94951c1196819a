"""Scheduled check: a report whose worker died (killed, restarted mid-report) would stay "生成中" for ever.
Every ten minutes each report still queued or running 30 minutes after it was requested is failed, with the
reason shown (a report takes seconds)."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django_tasks import task

from shanglian.core.schedule import cron
from shanglian.reports.models import ACTIVE_STATUSES, WorkReport
from shanglian.reports.writing import fail_report

STALE_AFTER = datetime.timedelta(minutes=30)
STALE_MESSAGE = "报告生成进程已停止（30 分钟内未完成），未生成文件。请重新生成，如仍失败请联系管理员。"


def fail_stale_reports(*, now: datetime.datetime | None = None) -> int:
    cutoff = (now or timezone.now()) - STALE_AFTER
    stale = WorkReport.unscoped_objects.filter(
        status__in=ACTIVE_STATUSES, generated_at__lt=cutoff
    ).select_related("organization")
    failed = 0
    for report in stale:
        fail_report(report, STALE_MESSAGE)
        failed += 1
    return failed


@cron("*/10 * * * *")
@task()
def fail_stale_reports_job() -> int:
    """Returns how many reports were failed (0 on a second run)."""
    return fail_stale_reports()
