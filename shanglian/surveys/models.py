"""线上调查: questionnaires sent to member enterprises, answered once in the portal or the API.

Answers are rows (one per question, one per chosen option for a multiple choice), never a column per
question, so long surveys and their exports stay sane.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from shanglian.core.roles import ADMIN, ENTERPRISE, LEADER, SECRETARY, register_capabilities
from shanglian.core.scope import TenantModel

register_capabilities(
    {
        "surveys.view": {ADMIN, LEADER, SECRETARY},
        "surveys.edit": {ADMIN, SECRETARY},
        "surveys.export": {ADMIN, LEADER, SECRETARY},
        "surveys.answer": {ENTERPRISE},
    }
)

# Reminders go to those who have not answered this many days before the closing date.
REMIND_DAYS_BEFORE = 3


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    OPEN = "open", "进行中"
    CLOSED = "closed", "已结束"


class Survey(TenantModel):
    organization = models.ForeignKey(
        "orgs.Organization", verbose_name="发起单位", on_delete=models.PROTECT, related_name="surveys"
    )
    title = models.CharField("问卷标题", max_length=200)
    description = models.TextField("说明", blank=True)
    status = models.CharField("状态", max_length=10, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT)
    closes_on = models.DateField("截止日期")
    target_chambers: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        "orgs.Organization",
        verbose_name="发送范围（商会）",
        blank=True,
        related_name="+",
        help_text="不选则发送给发起单位范围内的全部会员企业。",
    )
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    # ACFIC's 万家民营企业评营商环境: the enterprise's user fills in, its legal representative approves.
    needs_legal_approval = models.BooleanField(
        "须法定代表人审批",
        default=False,
        help_text="勾选后，企业用户填写的答卷须由企业法定代表人本人账号审批后才算提交。",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="创建人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    scope_org = "organization"

    class Meta:
        verbose_name = "线上调查"
        verbose_name_plural = "线上调查"
        indexes = [models.Index(fields=["published_at"], name="survey_published_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False), name="survey_published_has_time"
            )
        ]

    def __str__(self) -> str:
        return self.title


class QuestionKind(models.TextChoices):
    SINGLE = "single", "单选"
    MULTIPLE = "multiple", "多选"
    TEXT = "text", "填空"
    NUMBER = "number", "数字"
    DATE = "date", "日期"
    RATING = "rating", "评分（1–5）"
    MATRIX = "matrix", "矩阵量表"


CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE)
# Kinds whose options are the answer's choices (a matrix's options are its rows, each rated on the scale).
OPTION_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.MATRIX)
DEFAULT_SCALE = "很不满意/不满意/一般/满意/很满意"


class Question(TenantModel):
    survey = models.ForeignKey(
        Survey, verbose_name="问卷", on_delete=models.CASCADE, related_name="questions"
    )
    order = models.PositiveSmallIntegerField("序号")
    section = models.CharField("分组", max_length=50, blank=True)
    kind = models.CharField("题型", max_length=10, choices=QuestionKind.choices)
    text = models.CharField("题目", max_length=300)
    required = models.BooleanField("必答", default=True)
    allow_other = models.BooleanField("含“其他”填空", default=False)
    # A matrix's scale: its points' labels, "/"-separated (scored 1 … n); rows are the question's options.
    scale = models.CharField("量表刻度", max_length=200, blank=True)
    # Shown only when an earlier question's answer includes this option (LimeSurvey's relevance, simplified).
    show_if = models.ForeignKey(
        "surveys.Option",
        verbose_name="显示条件",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    scope_org = "survey__organization"

    class Meta:
        verbose_name = "题目"
        verbose_name_plural = "题目"
        ordering = ["survey_id", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["survey", "order"], name="question_order_unique")]

    def __str__(self) -> str:
        return f"{self.order}. {self.text}"

    @property
    def is_choice(self) -> bool:
        return self.kind in CHOICE_KINDS

    @property
    def scale_labels(self) -> list[str]:
        return [p for p in (self.scale or DEFAULT_SCALE).split("/") if p] if self.kind == "matrix" else []

    def scale_label(self, value: Any) -> str:
        labels = self.scale_labels
        try:
            return labels[int(value) - 1]
        except (IndexError, TypeError, ValueError):
            return ""


class Option(TenantModel):
    question = models.ForeignKey(
        Question, verbose_name="题目", on_delete=models.CASCADE, related_name="options"
    )
    order = models.PositiveSmallIntegerField("序号")
    label = models.CharField("选项", max_length=200)

    scope_org = "question__survey__organization"

    class Meta:
        verbose_name = "选项"
        verbose_name_plural = "选项"
        ordering = ["question_id", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["question", "order"], name="option_order_unique")]

    def __str__(self) -> str:
        return self.label


class Invitation(TenantModel):
    """An enterprise asked to answer (with the chamber it was reached through, for response rates)."""

    survey = models.ForeignKey(
        Survey, verbose_name="问卷", on_delete=models.CASCADE, related_name="invitations"
    )
    enterprise = models.ForeignKey(
        "registry.Enterprise",
        verbose_name="企业",
        on_delete=models.CASCADE,
        related_name="survey_invitations",
    )
    chamber = models.ForeignKey(
        "orgs.Organization",
        verbose_name="所属商会",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    invited_at = models.DateTimeField("邀请时间", auto_now_add=True)
    reminded_on = models.DateField("提醒日期", null=True, blank=True)

    scope_org = "survey__organization"
    scope_enterprise = "enterprise"

    class Meta:
        verbose_name = "调查邀请"
        verbose_name_plural = "调查邀请"
        constraints = [models.UniqueConstraint(fields=["survey", "enterprise"], name="invitation_once")]

    def __str__(self) -> str:
        return f"{self.survey} → {self.enterprise}"


class Quota(TenantModel):
    """Stop accepting answer sheets once `limit` submitted ones match: any sheet, or those choosing `option`
    (LimeSurvey's quotas, simplified to one condition)."""

    survey = models.ForeignKey(Survey, verbose_name="问卷", on_delete=models.CASCADE, related_name="quotas")
    option = models.ForeignKey(
        Option,
        verbose_name="条件（选择该选项的答卷）",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    limit = models.PositiveIntegerField("份数上限")
    message = models.CharField("名额已满时的提示", max_length=200, blank=True)

    scope_org = "survey__organization"

    class Meta:
        verbose_name = "配额"
        verbose_name_plural = "配额"
        constraints = [models.CheckConstraint(condition=Q(limit__gte=1), name="quota_limit_positive")]

    def __str__(self) -> str:
        return f"{self.option or '全部答卷'} ≤ {self.limit}"

    @property
    def full_message(self) -> str:
        what = f"选择“{self.option}”的" if self.option_id else ""
        return self.message or f"本问卷{what}答卷已达 {self.limit} 份上限，不再接受提交，感谢您的参与。"


class ResponseStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    PENDING = "pending", "待法定代表人审批"
    SUBMITTED = "submitted", "已提交"


class Response(TenantModel):
    survey = models.ForeignKey(
        Survey, verbose_name="问卷", on_delete=models.CASCADE, related_name="responses"
    )
    enterprise = models.ForeignKey(
        "registry.Enterprise", verbose_name="企业", on_delete=models.CASCADE, related_name="survey_responses"
    )
    status = models.CharField(
        "状态", max_length=10, choices=ResponseStatus.choices, default=ResponseStatus.DRAFT
    )
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="提交人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    review_note = models.CharField("退回理由", max_length=500, blank=True)

    scope_org = "survey__organization"
    scope_enterprise = "enterprise"
    enterprise_can_edit = True

    class Meta:
        verbose_name = "调查答卷"
        verbose_name_plural = "调查答卷"
        indexes = [models.Index(fields=["survey", "status"], name="response_survey_status_idx")]
        constraints = [
            # Answered once: one answer sheet per enterprise and survey.
            models.UniqueConstraint(fields=["survey", "enterprise"], name="response_once"),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "pending"]) | Q(submitted_at__isnull=False),
                name="response_submitted_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} 的答卷"


class Answer(TenantModel):
    response = models.ForeignKey(
        Response, verbose_name="答卷", on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, verbose_name="题目", on_delete=models.CASCADE, related_name="answers"
    )
    option = models.ForeignKey(
        Option, verbose_name="选项", null=True, blank=True, on_delete=models.CASCADE, related_name="answers"
    )
    text = models.TextField("文字", blank=True)
    number = models.DecimalField("数字", max_digits=16, decimal_places=2, null=True, blank=True)
    date = models.DateField("日期", null=True, blank=True)

    scope_org = "response__survey__organization"
    scope_enterprise = "response__enterprise"

    class Meta:
        verbose_name = "答案"
        verbose_name_plural = "答案"
        indexes = [models.Index(fields=["question", "option"], name="answer_question_option_idx")]
        constraints = [
            models.UniqueConstraint(fields=["response", "question", "option"], name="answer_option_once"),
            models.UniqueConstraint(
                fields=["response", "question"], condition=Q(option__isnull=True), name="answer_value_once"
            ),
        ]

    def __str__(self) -> str:
        return str(self.option or self.text or self.number or self.date or "")
