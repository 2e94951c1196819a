"""Writing a requested report (the task's work): every figure computed, the wording filled, the .docx
written and attached, the report marked done — or failed, with the reason. Audited as the system."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from shanglian.attachments import services as attachments
from shanglian.audit import services as audit
from shanglian.core.access import SYSTEM
from shanglian.metrics import registry
from shanglian.metrics.registry import Period, Scope, Value
from shanglian.orgs.models import Organization
from shanglian.reports import word, wording
from shanglian.reports.models import FILE_USE, ReportStatus, WorkReport
from shanglian.reports.periods import ReportPeriod, day_text


def scope_name(org: Organization) -> str:
    return str(org.short_name or org.name)


def _progress(report: WorkReport, percent: int, status: str = ReportStatus.RUNNING) -> None:
    WorkReport.unscoped_objects.filter(pk=report.pk).update(progress=percent, status=status)


def appendix_rows(values: list[Value]) -> list[dict[str, str]]:
    """Every registered metric with its value; percentages with numerator/denominator."""
    rows = []
    for v in values:
        m = v.metric
        value = "—" if v.value is None else wording.fmt(v.value)
        note = ""
        if m.is_percent:
            note = f"{v.numerator}/{v.denominator}" + ("（期末/期初）" if m.growth else "")
        rows.append({"key": m.key, "label": m.label, "value": value, "unit": m.unit, "note": note})
    return rows


def write_report(report: WorkReport) -> WorkReport:
    """The slow part, run by the task: compute every figure, fill the wording, write the .docx, attach it."""
    _progress(report, 5)
    scope = (
        Scope(report.generated_by, report.organization)
        if report.generated_by
        else Scope.whole(report.organization)
    )
    period = Period(report.start, report.end)
    metrics = registry.all_metrics()
    values: list[Value] = []
    for i, m in enumerate(metrics, start=1):
        values.append(registry.compute(m, period, scope))
        if i % 4 == 0:
            _progress(report, 5 + 75 * i // len(metrics))
    body = report.template.body if report.template else wording.DEFAULT_BODY
    kind_period = ReportPeriod(report.period_kind, report.start, report.end)
    names = wording.Names(
        scope_name=scope_name(report.organization),
        period_text=kind_period.text,
        start_text=day_text(report.start),
        end_text=day_text(report.end),
        year=report.start.year,
    )
    blocks = wording.blocks(body, {v.metric.key: v for v in values}, names)
    appendix = appendix_rows(values)
    appendix_title = f"{names.scope_name}{names.period_text}主要指标一览"
    _progress(report, 85)
    data = word.build_docx(blocks, appendix_title=appendix_title, appendix=appendix, author=names.scope_name)
    with transaction.atomic():
        report = WorkReport.unscoped_objects.select_for_update().get(pk=report.pk)
        report.content = {
            "blocks": [list(b) for b in blocks],
            "appendix_title": appendix_title,
            "appendix": appendix,
            "period_text": names.period_text,
            "scope_name": names.scope_name,
        }
        upload = ContentFile(data, name=f"{report.title}.docx")
        attachments.attach(owner=report, use=FILE_USE, upload=upload, actor=SYSTEM)
        before = report.status
        report.status, report.progress, report.finished_at, report.message = (
            ReportStatus.DONE,
            100,
            timezone.now(),
            "",
        )
        report.save(update_fields=["content", "status", "progress", "finished_at", "message"])
        audit.record_transition(
            actor=SYSTEM, obj=report, field="status", before=before, after=report.status,
            organization=report.organization, message=f"工作报告已生成：{report.title}",
        )  # fmt: skip
    return report


def fail_report(report: WorkReport, message: str) -> None:
    with transaction.atomic():
        before = WorkReport.unscoped_objects.filter(pk=report.pk).values_list("status", flat=True).first()
        WorkReport.unscoped_objects.filter(pk=report.pk).update(
            status=ReportStatus.FAILED, message=message[:500], finished_at=timezone.now()
        )
        audit.record_transition(
            actor=SYSTEM, obj=report, field="status", before=before, after=ReportStatus.FAILED,
            organization=report.organization, message=message[:500],
        )  # fmt: skip
