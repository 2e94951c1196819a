"""Writing a requested report (the task's work): every figure computed, the wording filled, the .docx
written and attached, the report marked done — or failed, with the reason. Audited as the system."""

from __future__ import annotations

import contextlib

from django.core.files.base import ContentFile
from django.db import transaction

from shanglian.attachments import services as attachments
from shanglian.core.access import SYSTEM
from shanglian.core.errors import ServiceError
from shanglian.metrics import registry
from shanglian.metrics.registry import Period, Scope, Value
from shanglian.orgs.models import ChamberKind, Organization
from shanglian.reports import word, wording
from shanglian.reports.models import FILE_USE, WorkReport
from shanglian.reports.periods import ReportPeriod, day_text
from shanglian.workflow import services as workflow


def scope_name(org: Organization, chamber_kind: str = "") -> str:
    """ "城阳区工商联", or for one kind of its chambers "城阳区工商联街道商会"."""
    name = str(org.short_name or org.name)
    return f"{name}{ChamberKind(chamber_kind).label}" if chamber_kind else name


def _progress(report: WorkReport, percent: int) -> None:
    """How far the writing is (the page polls it); not a state change, so no audit row."""
    WorkReport.unscoped_objects.filter(pk=report.pk).update(progress=percent)


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
    scope = Scope(report.generated_by, report.organization, report.chamber_kind)
    period = Period(report.start, report.end)
    metrics = registry.all_metrics()
    values: list[Value] = []
    # In quarters, each one batch of cache reads (registry.compute_all): progress moves while cold figures
    # are counted, and cached ones cost a few reads rather than one per figure.
    quarter = max(1, -(-len(metrics) // 4))
    for i in range(0, len(metrics), quarter):
        values += registry.compute_all(period, scope, [m.key for m in metrics[i : i + quarter]])
        _progress(report, 5 + 75 * min(i + quarter, len(metrics)) // max(1, len(metrics)))
    body = report.template.body if report.template else wording.DEFAULT_BODY
    kind_period = ReportPeriod(report.period_kind, report.start, report.end)
    names = wording.Names(
        scope_name=scope_name(report.organization, report.chamber_kind),
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
    content = {
        "blocks": [list(b) for b in blocks],
        "appendix_title": appendix_title,
        "appendix": appendix,
        "period_text": names.period_text,
        "scope_name": names.scope_name,
    }
    with transaction.atomic():
        upload = ContentFile(data, name=f"{report.title}.docx")
        attachments.attach(owner=report, use=FILE_USE, upload=upload, actor=SYSTEM)
        step = workflow.apply(report, "finish", actor=SYSTEM, content=content)
    return step.obj  # type: ignore[no-any-return]


def start_report(report: WorkReport) -> bool:
    """Claim a queued report for writing (生成中); False when another run has claimed it already."""
    try:
        workflow.apply(report, "start", actor=SYSTEM)
    except ServiceError:
        return False
    return True


def fail_report(report: WorkReport, message: str) -> None:
    """失败, with the reason shown; a report finished or failed meanwhile is left as it is."""
    with contextlib.suppress(ServiceError):
        workflow.apply(report, "fail", actor=SYSTEM, reason=message)
