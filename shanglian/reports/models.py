"""工作报告: the generated Word report of a period and scope, and the wording it is written from.

The wording (`ReportTemplate`) is a federation's own text with placeholders bound to metric keys; every
save is a new version, so a report names the exact version it was written from. A federation with no
saved version uses the default shipped in `wording.DEFAULT_BODY` (version 0).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models

from shanglian.attachments.uses import register_use
from shanglian.core.roles import ADMIN, LEADER, SECRETARY, register_capabilities
from shanglian.core.scope import TenantModel
from shanglian.orgs.models import ChamberKind

register_capabilities(
    {
        "report.view": {ADMIN, LEADER, SECRETARY},
        "report.generate": {ADMIN, LEADER, SECRETARY},
        "report.template": {ADMIN},
    }
)


def _report_org(report: Any) -> Any:
    return report.organization


FILE_USE = "reports.file"
register_use(
    FILE_USE,
    label="工作报告文件",
    types={"docx"},
    view_capability="report.view",
    organization_of=_report_org,
)


class ReportTemplate(TenantModel):
    """One saved version of a federation's report wording (append-only: an edit is a new version)."""

    federation = models.ForeignKey(
        "orgs.Organization", verbose_name="工商联", on_delete=models.PROTECT, related_name="report_templates"
    )
    version = models.PositiveIntegerField("版本")
    body = models.TextField("模板内容")
    note = models.CharField("修改说明", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="保存人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("保存时间", auto_now_add=True)

    scope_org = "federation"
    secretary_can_edit = False

    class Meta:
        verbose_name = "报告模板"
        verbose_name_plural = "报告模板"
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["federation", "version"], name="report_template_version_once"),
            models.CheckConstraint(
                condition=models.Q(version__gte=1), name="report_template_version_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"报告模板 第{self.version}版"


class PeriodKind(models.TextChoices):
    YEAR = "year", "年度"
    QUARTER = "quarter", "季度"
    MONTH = "month", "月度"
    CUSTOM = "custom", "自定义"


class ReportStatus(models.TextChoices):
    PENDING = "pending", "排队中"
    RUNNING = "running", "生成中"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"


ACTIVE_STATUSES = (ReportStatus.PENDING, ReportStatus.RUNNING)


class WorkReport(TenantModel):
    """A generated report: its parameters, the wording version, the figures it was written with, the file."""

    organization = models.ForeignKey(
        "orgs.Organization", verbose_name="报告范围", on_delete=models.PROTECT, related_name="work_reports"
    )
    # One kind of chamber under the federation (the cockpit's kind scope): the figures of those chambers only.
    chamber_kind = models.CharField(
        "商会类型", max_length=20, choices=ChamberKind.choices, blank=True, default=""
    )
    period_kind = models.CharField("期间类型", max_length=10, choices=PeriodKind.choices)
    start = models.DateField("起始日期")
    end = models.DateField("截止日期")
    title = models.CharField("标题", max_length=200)
    template = models.ForeignKey(
        ReportTemplate, verbose_name="模板", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    template_version = models.PositiveIntegerField("模板版本", default=0)
    status = models.CharField(
        "状态", max_length=10, choices=ReportStatus.choices, default=ReportStatus.PENDING, db_index=True
    )
    progress = models.PositiveSmallIntegerField("进度", default=0)
    message = models.CharField("说明", max_length=500, blank=True)
    # What the report says, as written: paragraphs and the appendix (the HTML view shows the same).
    content = models.JSONField("报告内容", default=dict, blank=True)
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="生成人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    generated_at = models.DateTimeField("生成时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    attachments = GenericRelation("attachments.Attachment")

    scope_org = "organization"

    class Meta:
        verbose_name = "工作报告"
        verbose_name_plural = "工作报告"
        ordering = ["-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="work_report_end_after_start"
            ),
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="work_report_progress_max_100"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def file(self) -> Any:
        """The .docx (attachments prefetched in lists)."""
        return next((a for a in self.attachments.all() if a.use == FILE_USE), None)
