from django.conf import settings
from django.db import models

from shanglian.core.roles import ADMIN, SECRETARY, register_capabilities
from shanglian.core.scope import TenantModel

register_capabilities({"enterprise.import": {ADMIN, SECRETARY}})


class ImportKind(models.TextChoices):
    ROSTER = "roster", "会员企业名册"
    PERSON = "person", "企业家名册"
    DONATION = "donation", "捐赠名单"


class ImportStatus(models.TextChoices):
    PENDING = "pending", "排队中"
    VALIDATING = "validating", "校验中"
    INVALID = "invalid", "校验未通过"
    READY = "ready", "待确认"
    RUNNING = "running", "导入中"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"


ACTIVE_STATUSES = (ImportStatus.PENDING, ImportStatus.VALIDATING, ImportStatus.RUNNING)


class ImportJob(TenantModel):
    """One uploaded file on its way in: checked, previewed, confirmed, written (or refused whole)."""

    kind = models.CharField("导入类型", max_length=20, choices=ImportKind.choices, default=ImportKind.ROSTER)
    organization = models.ForeignKey(
        "orgs.Organization", verbose_name="导入到", on_delete=models.PROTECT, related_name="import_jobs"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="上传人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="import_jobs",
    )
    file = models.FileField("上传文件", upload_to="imports/%Y/%m/", max_length=255)
    original_name = models.CharField("文件名", max_length=255)
    status = models.CharField(
        "状态", max_length=20, choices=ImportStatus.choices, default=ImportStatus.PENDING, db_index=True
    )
    total_rows = models.PositiveIntegerField("总行数", default=0)
    processed_rows = models.PositiveIntegerField("已处理行数", default=0)
    created_count = models.PositiveIntegerField("新增", default=0)
    updated_count = models.PositiveIntegerField("更新", default=0)
    unchanged_count = models.PositiveIntegerField("无变化", default=0)
    error_count = models.PositiveIntegerField("错误", default=0)
    membership_count = models.PositiveIntegerField("新入会", default=0)
    preview = models.JSONField("预览", default=dict, blank=True)
    error_report = models.FileField("错误报告", upload_to="imports/errors/%Y/%m/", blank=True, max_length=255)
    message = models.CharField("说明", max_length=500, blank=True)
    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    # Stamped by every state or progress report: an active job whose heartbeat stops (its worker was
    # killed, e.g. by the kernel for memory) is failed by the scheduled check (excel/jobs.py).
    heartbeat_at = models.DateTimeField("最近进展", null=True, blank=True)

    scope_org = "organization"

    class Meta:
        verbose_name = "导入任务"
        verbose_name_plural = "导入任务"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()}：{self.original_name}"

    @property
    def error_report_name(self) -> str:
        """`错误报告-<file>.xlsx`: the uploaded name without its own extension (not `名单.xlsx.xlsx`)."""
        stem = self.original_name.rsplit(".", 1)[0] if "." in self.original_name else self.original_name
        return f"错误报告-{stem or '导入'}.xlsx"

    @property
    def percent(self) -> int:
        if self.status in (ImportStatus.DONE, ImportStatus.READY, ImportStatus.INVALID):
            return 100
        if not self.total_rows:
            return 0
        return min(99, int(self.processed_rows * 100 / self.total_rows))

    @property
    def active(self) -> bool:
        return self.status in ACTIVE_STATUSES
