"""创新建议: entrepreneurs' reform ideas, their evaluation (after Decidim's answers) and implementation."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from shanglian.core.scope import TenantModel
from shanglian.mechanisms import capabilities  # noqa: F401  (the app's rights, registered first)


class Channel(models.TextChoices):
    PORTAL = "portal", "平台提交"
    API = "api", "小程序/接口"
    WECHAT = "wechat", "微信公众号"
    EMAIL = "email", "邮箱"
    PHONE = "phone", "领导电话"


# Channels staff enter on the author's behalf.
STAFF_CHANNELS = (Channel.WECHAT, Channel.EMAIL, Channel.PHONE)


class SuggestionCategory(models.TextChoices):
    BUSINESS_ENV = "business_env", "优化营商环境"
    POLICY = "policy", "政策建议"
    SERVICE = "service", "服务改进"
    CHAMBER = "chamber", "商会建设"
    INNOVATION = "innovation", "科技创新"
    OTHER = "other", "其他"


class SuggestionStatus(models.TextChoices):
    SUBMITTED = "submitted", "已提交"
    ACCEPTED = "accepted", "已受理"
    EVALUATING = "evaluating", "评估中"
    ADOPTED = "adopted", "采纳"
    DEFERRED = "deferred", "暂缓"
    DECLINED = "declined", "不采纳"


class Suggestion(TenantModel):
    federation = models.ForeignKey(
        "orgs.Organization", verbose_name="工商联", on_delete=models.PROTECT, related_name="suggestions"
    )
    enterprise = models.ForeignKey(
        "registry.Enterprise",
        verbose_name="企业",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="suggestions",
    )
    author_name = models.CharField("建议人", max_length=50)
    channel = models.CharField("来源渠道", max_length=20, choices=Channel.choices)
    category = models.CharField("类别", max_length=20, choices=SuggestionCategory.choices)
    title = models.CharField("标题", max_length=200)
    content = models.TextField("建议内容")
    submitted_on = models.DateField("提出日期", db_index=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="录入人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        "状态",
        max_length=20,
        choices=SuggestionStatus.choices,
        default=SuggestionStatus.SUBMITTED,
        db_index=True,
    )
    due_on = models.DateField("办理期限", null=True, blank=True, db_index=True)
    public_answer = models.TextField("答复（对建议人公开）", blank=True)
    staff_notes = models.TextField("内部备注（仅工作人员可见）", blank=True)
    responsible_unit = models.CharField("落实单位", max_length=100, blank=True)
    progress = models.PositiveSmallIntegerField("落实进度（%）", default=0)
    recognition = models.CharField("激励表彰", max_length=200, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    scope_org = "federation"
    scope_enterprise = "enterprise"
    secretary_can_edit = False

    class Meta:
        verbose_name = "创新建议"
        verbose_name_plural = "创新建议"
        ordering = ["-submitted_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="suggestion_progress_percent"),
            models.CheckConstraint(
                condition=Q(status="adopted") | Q(progress=0), name="suggestion_progress_only_adopted"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def implemented(self) -> bool:
        return self.status == SuggestionStatus.ADOPTED and self.progress == 100


class SuggestionUpdate(TenantModel):
    """One implementation update of an adopted suggestion (Decidim accountability's timeline)."""

    suggestion = models.ForeignKey(
        Suggestion, verbose_name="创新建议", on_delete=models.CASCADE, related_name="updates"
    )
    on = models.DateField("日期")
    progress = models.PositiveSmallIntegerField("进度（%）")
    text = models.CharField("进展", max_length=300)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    scope_org = "suggestion__federation"
    scope_enterprise = "suggestion__enterprise"
    secretary_can_edit = False

    class Meta:
        verbose_name = "落实进展"
        verbose_name_plural = "落实进展"
        ordering = ["suggestion_id", "on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="suggestion_update_percent")
        ]

    def __str__(self) -> str:
        return f"{self.on} {self.progress}%"
