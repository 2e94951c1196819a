"""The background task that writes a requested report (django-tasks: the worker, or inline in tests)."""

from __future__ import annotations

from django_tasks import task

from shanglian.reports import writing
from shanglian.reports.models import WorkReport


@task()
def generate_report_task(report_id: int) -> None:
    report = (
        WorkReport.unscoped_objects.select_related("organization", "template", "generated_by")
        .filter(pk=report_id)
        .first()
    )
    # Claim the report (生成中, through the workflow kit): a task run twice, or by two workers, writes it once.
    if report is None or not writing.start_report(report):
        return
    report.refresh_from_db(fields=["status", "progress"])
    try:
        writing.write_report(report)
    except Exception as exc:
        writing.fail_report(report, f"报告生成失败：{type(exc).__name__}。请稍后重试，如仍失败请联系管理员。")
        raise
