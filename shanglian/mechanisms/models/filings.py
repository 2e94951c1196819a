"""重大事项报备: configurable filing types and the chambers' filings the federation reviews."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q

from shanglian.attachments.models import Attachment, attachment_of
from shanglian.attachments.uses import register_use
from shanglian.core.scope import TenantModel
from shanglian.mechanisms import capabilities  # noqa: F401  (the app's rights, registered first)

FILING_FILE = "mechanisms.filing_file"
register_use(
    FILING_FILE,
    label="报备材料",
    types={"pdf", "doc", "docx", "jpg", "png", "txt"},
    view_capability="mechanisms.filing_view",
)


class FilingMode(models.TextChoices):
    PRIOR_APPROVAL = "prior_approval", "事前报批"
    AFTER_RECORD = "after_record", "事后备案"


class FilingType(TenantModel):
    """A kind of major matter a chamber must report, per federation (after its published rule)."""

    federation = models.ForeignKey(
        "orgs.Organization", verbose_name="工商联", on_delete=models.PROTECT, related_name="filing_types"
    )
    name = models.CharField("事项类型", max_length=60)
    mode = models.CharField("报备方式", max_length=20, choices=FilingMode.choices)
    # 事前报批: working days before the event the filing must arrive; 事后备案: within so many after it.
    days = models.PositiveSmallIntegerField("时限（工作日）", default=10)
    threshold_amount = models.DecimalField(
        "金额标准（元）", max_digits=14, decimal_places=2, null=True, blank=True
    )
    rule = models.ForeignKey(
        "mechanisms.RuleDocument",
        verbose_name="依据制度",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="filing_types",
    )
    active = models.BooleanField("启用", default=True)
    order = models.PositiveSmallIntegerField("排序", default=100)

    scope_org = "federation"
    secretary_can_edit = False

    class Meta:
        verbose_name = "报备事项类型"
        verbose_name_plural = "报备事项类型"
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["federation", "name"], name="filing_type_name_once"),
            models.CheckConstraint(
                condition=Q(threshold_amount__isnull=True) | Q(threshold_amount__gt=0),
                name="filing_type_threshold_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def rule_text(self) -> str:
        mode = self.get_mode_display()
        when = (
            f"事件前 {self.days} 个工作日报送"
            if self.mode == FilingMode.PRIOR_APPROVAL
            else (f"事后 {self.days} 个工作日内报送")
        )
        amount = (
            f"，金额 {(self.threshold_amount / 10000).normalize():f} 万元以上"
            if self.threshold_amount
            else ""
        )
        return f"{mode}：{when}{amount}"

    @classmethod
    def scope_q(cls, scope, *, write: bool) -> Q:  # type: ignore[no-untyped-def]
        # Chambers read their federation's types to file under them.
        q = super().scope_q(scope, write=write)
        if not write and scope.has_chambers:
            from shanglian.orgs.models import Organization

            parents = [
                p[: -Organization.steplen]
                for p in Organization.objects.unscoped()
                .filter(scope.chamber_q("pk"))
                .values_list("path", flat=True)
            ]
            q |= Q(federation__path__in=parents)
        return q


class FilingStatus(models.TextChoices):
    SUBMITTED = "submitted", "已报送"
    ACCEPTED = "accepted", "已受理"
    INFO_REQUESTED = "info_requested", "待补充材料"
    APPROVED = "approved", "审核通过"
    REJECTED = "rejected", "不予同意"
    RECORDED = "recorded", "已备案"


OPEN_FILING_STATES = (FilingStatus.SUBMITTED, FilingStatus.ACCEPTED, FilingStatus.INFO_REQUESTED)


class Filing(TenantModel):
    """A chamber's report of a major matter (重大事项报备) and the federation's review of it."""

    chamber = models.ForeignKey(
        "orgs.Organization", verbose_name="商会", on_delete=models.PROTECT, related_name="filings"
    )
    filing_type = models.ForeignKey(
        FilingType, verbose_name="事项类型", on_delete=models.PROTECT, related_name="filings"
    )
    mode = models.CharField("报备方式", max_length=20, choices=FilingMode.choices)
    title = models.CharField("事项名称", max_length=200)
    content = models.TextField("事项内容")
    amount = models.DecimalField("涉及金额（元）", max_digits=14, decimal_places=2, null=True, blank=True)
    event_date = models.DateField("事项发生日期")
    submitted_on = models.DateField("报送日期")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="报送人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    late = models.BooleanField("逾期报送", default=False)
    days_late = models.PositiveSmallIntegerField("逾期工作日", default=0)
    status = models.CharField(
        "状态", max_length=20, choices=FilingStatus.choices, default=FilingStatus.SUBMITTED, db_index=True
    )
    due_on = models.DateField("办理期限", null=True, blank=True, db_index=True)
    opinion = models.TextField("审核意见", blank=True)
    decided_at = models.DateTimeField("审核时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    attachments = GenericRelation("attachments.Attachment")

    scope_org = "chamber"

    class Meta:
        verbose_name = "重大事项报备"
        verbose_name_plural = "重大事项报备"
        ordering = ["-submitted_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__isnull=True) | Q(amount__gte=0), name="filing_amount"),
            models.CheckConstraint(
                condition=Q(late=True) | Q(days_late=0), name="filing_days_late_only_late"
            ),
        ]
        indexes = [models.Index(fields=["chamber", "status"], name="filing_chamber_status")]

    def __str__(self) -> str:
        return f"{self.title}"

    @property
    def file(self) -> Attachment | None:
        return attachment_of(self, FILING_FILE)

    @property
    def needs_approval(self) -> bool:
        return self.mode == FilingMode.PRIOR_APPROVAL

    @property
    def amount_wan(self) -> Decimal | None:
        return None if self.amount is None else self.amount / 10000
