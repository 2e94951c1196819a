"""制度文件: the federation's guiding and supporting rule documents, each with its versions."""

from __future__ import annotations

from datetime import date

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import F, Q

from shanglian.attachments.models import Attachment, attachment_of
from shanglian.attachments.uses import register_use
from shanglian.core.scope import TenantModel
from shanglian.mechanisms import capabilities  # noqa: F401  (the app's rights, registered first)

RULE_FILE = "mechanisms.rule_file"
register_use(
    RULE_FILE,
    label="制度文件",
    types={"pdf", "doc", "docx", "txt"},
    view_capability="mechanisms.rules_view",
    organization_of=lambda version: version.rule.federation,
)


class RuleCategory(models.TextChoices):
    GUIDING = "guiding", "指导性文件"
    SUPPORTING = "supporting", "配套制度性文件"


class RuleDocument(TenantModel):
    """One rule (《区工商联所属商会重大事项报备制度》…): its number, category and the dates it is in force."""

    federation = models.ForeignKey(
        "orgs.Organization", verbose_name="工商联", on_delete=models.PROTECT, related_name="rule_documents"
    )
    category = models.CharField("类别", max_length=20, choices=RuleCategory.choices)
    number = models.CharField("文号", max_length=60)
    title = models.CharField("名称", max_length=200)
    effective_on = models.DateField("施行日期")
    repealed_on = models.DateField("废止日期", null=True, blank=True)
    summary = models.TextField("主要内容", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    scope_org = "federation"
    secretary_can_edit = False

    class Meta:
        verbose_name = "制度文件"
        verbose_name_plural = "制度文件"
        ordering = ["category", "-effective_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["federation", "number"], name="rule_number_once_per_federation"),
            models.CheckConstraint(
                condition=Q(repealed_on__isnull=True) | Q(repealed_on__gt=F("effective_on")),
                name="rule_repealed_after_effective",
            ),
        ]

    def __str__(self) -> str:
        return f"《{self.title}》（{self.number}）"

    def in_force_on(self, day: date) -> bool:
        return self.effective_on <= day and (self.repealed_on is None or day < self.repealed_on)


class RuleVersion(TenantModel):
    """One revision of a rule's text (修订), with its file; the newest is the one in force."""

    rule = models.ForeignKey(
        RuleDocument, verbose_name="制度文件", on_delete=models.CASCADE, related_name="versions"
    )
    version = models.PositiveSmallIntegerField("版本号")
    effective_on = models.DateField("本版施行日期")
    note = models.CharField("修订说明", max_length=200, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    attachments = GenericRelation("attachments.Attachment")

    scope_org = "rule__federation"
    secretary_can_edit = False

    class Meta:
        verbose_name = "制度文件版本"
        verbose_name_plural = "制度文件版本"
        ordering = ["rule_id", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["rule", "version"], name="rule_version_once"),
            models.CheckConstraint(condition=Q(version__gte=1), name="rule_version_positive"),
        ]

    def __str__(self) -> str:
        return f"第{self.version}版（{self.effective_on}）"

    @property
    def file(self) -> Attachment | None:
        return attachment_of(self, RULE_FILE)
