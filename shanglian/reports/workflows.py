"""A report's life, run by the system alone: 排队中 → 生成中 → 已完成, or → 失败 with the reason shown."""

from __future__ import annotations

from django.utils import timezone

from shanglian.core.access import is_system
from shanglian.reports.models import ReportStatus, WorkReport
from shanglian.workflow.kit import Step, Transition, Workflow, register


def _stamp_finished(step: Step) -> None:
    report: WorkReport = step.obj
    report.finished_at = timezone.now()
    report.progress = 100 if step.transition.name == "finish" else report.progress
    if step.transition.name == "finish":
        report.content = step.params["content"]
        report.message = ""


def _claim(step: Step) -> None:
    step.obj.progress = max(step.obj.progress, 1)


REPORT = register(
    Workflow(
        model=WorkReport,
        organization=lambda r: r.organization,
        describe=lambda r: f"工作报告“{r.title}”",
        transitions=(
            # A task run twice (or by two workers) claims the report once: the second finds it 生成中.
            Transition(
                name="start",
                label="开始生成",
                sources=frozenset({ReportStatus.PENDING}),
                target=ReportStatus.RUNNING,
                allowed=lambda actor, r: is_system(actor),
                effects=(_claim,),
            ),
            Transition(
                name="finish",
                label="生成完成",
                sources=frozenset({ReportStatus.RUNNING}),
                target=ReportStatus.DONE,
                allowed=lambda actor, r: is_system(actor),
                effects=(_stamp_finished,),
                audit_message=lambda step: f"工作报告已生成：{step.obj.title}",
            ),
            Transition(
                name="fail",
                label="生成失败",
                sources=frozenset({ReportStatus.PENDING, ReportStatus.RUNNING}),
                target=ReportStatus.FAILED,
                allowed=lambda actor, r: is_system(actor),
                reason_required=True,
                reason_field="message",
                effects=(_stamp_finished,),
                audit_message=lambda step: step.reason,
            ),
        ),
    )
)
