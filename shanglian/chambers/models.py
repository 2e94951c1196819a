"""商会建设：登记备案、章程、生命周期（新建 / 规范运行 / 整顿 / 清理）、整顿个案与评级（四好商会、民政评估等级）.

A chamber is an `orgs.Organization` of kind chamber; everything here hangs off it by a one-to-one
(`ChamberProfile`) or a foreign key, so the orgs app stays as it is.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from shanglian.attachments.models import attachment_of
from shanglian.attachments.uses import register_use
from shanglian.core.roles import ADMIN, LEADER, SECRETARY, register_capabilities
from shanglian.core.scope import TenantModel
from shanglian.workflow.models import RequestDecision

register_capabilities(
    {
        "chambers.view": {ADMIN, LEADER, SECRETARY},
        "chambers.edit": {ADMIN, SECRETARY},  # registration record, charters, rectification measures
        "chambers.request_transition": {ADMIN, SECRETARY},
        "chambers.approve": {ADMIN},  # approve/reject requests, apply transitions, flag, close cases
        "chambers.campaign": {ADMIN, LEADER},  # the three campaigns' pages
        "chambers.export": {ADMIN, LEADER},
        "chambers.configure": {ADMIN},  # dormant threshold, rating indicators
        "ratings.view": {ADMIN, LEADER, SECRETARY},
        "ratings.apply": {ADMIN, SECRETARY},
        "ratings.decide": {ADMIN},
    }
)

CHARTER = "chambers.charter"
CERTIFICATE = "chambers.certificate"
register_use(
    CHARTER, label="章程文件", types={"pdf", "doc", "docx", "jpg", "png"}, view_capability="chambers.view"
)
register_use(CERTIFICATE, label="证书文件", types={"pdf", "jpg", "png"}, view_capability="ratings.view")


class ChamberState(models.TextChoices):
    FOUNDING = "founding", "新建（筹建）"
    NORMAL = "normal", "规范运行"
    RECTIFYING = "rectifying", "整顿中"
    DISSOLVED = "dissolved", "清理（注销）"


class RegistrationStatus(models.TextChoices):
    PREPARING = "preparing", "筹备中"
    REGISTERED = "registered", "已登记"
    DEREGISTERED = "deregistered", "注销"


class TransitionKind(models.TextChoices):
    """What a transition means for the three campaigns (derived from from/to state)."""

    FOUND = "found", "新建"
    ESTABLISH = "establish", "正式成立"
    RECTIFY = "rectify", "整顿"
    RESTORE = "restore", "整顿验收（恢复规范运行）"
    DISSOLVE = "dissolve", "清理（注销）"


class Cause(models.TextChoices):
    """Why a chamber is rectified or cleaned up: 僵尸商会 (dormant) or 不规范商会 (irregular)."""

    NONE = "", "—"
    DORMANT = "dormant", "僵尸商会"
    IRREGULAR = "irregular", "不规范商会"
    OTHER = "other", "其他"


class ChamberProfile(TenantModel):
    """A chamber's own record: lifecycle state and its 民政 registration (登记备案)."""

    chamber = models.OneToOneField(
        "orgs.Organization",
        verbose_name="商会",
        on_delete=models.CASCADE,
        related_name="chamber_profile",
        limit_choices_to={"kind": "chamber"},
    )
    state = models.CharField("状态", max_length=20, choices=ChamberState.choices, default=ChamberState.NORMAL)
    registration_status = models.CharField(
        "民政登记状态",
        max_length=20,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.PREPARING,
    )
    registration_number = models.CharField("登记证号", max_length=50, blank=True)
    registered_on = models.DateField("登记日期", null=True, blank=True)
    deregistered_on = models.DateField("注销日期", null=True, blank=True)
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True)
    supervisor = models.CharField("业务主管单位", max_length=100, blank=True)
    address = models.CharField("住所", max_length=200, blank=True)
    irregular_defects = models.TextField("不规范问题（标记）", blank=True)
    irregular_flagged_on = models.DateField("标记为不规范日期", null=True, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    scope_org = "chamber"

    class Meta:
        verbose_name = "商会档案"
        verbose_name_plural = "商会档案"
        constraints = [
            models.UniqueConstraint(
                fields=["credit_code"],
                condition=~Q(credit_code=""),
                name="chamber_profile_credit_code_unique",
            ),
            models.CheckConstraint(
                condition=~Q(registration_status="registered")
                | (~Q(registration_number="") & Q(registered_on__isnull=False)),
                name="chamber_profile_registered_has_number_and_date",
            ),
            models.CheckConstraint(
                condition=Q(deregistered_on__isnull=True)
                | Q(registered_on__isnull=True)
                | Q(deregistered_on__gte=F("registered_on")),
                name="chamber_profile_deregistered_after_registered",
            ),
        ]

    def __str__(self):
        return f"{self.chamber.name}（档案）"


def charter_upload_to(instance, filename):
    # Kept for migration 0001; charters are attachments now (a random stored name, served by /files/).
    return f"chambers/charters/{instance.chamber_id}/{filename}"


class CharterVersion(TenantModel):
    """One version of a chamber's charter (章程), as an uploaded document with its effective date."""

    chamber = models.ForeignKey(
        "orgs.Organization", verbose_name="商会", on_delete=models.CASCADE, related_name="charter_versions"
    )
    title = models.CharField("标题", max_length=100)
    effective_on = models.DateField("生效日期")
    note = models.CharField("说明", max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="上传人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)
    attachments = GenericRelation("attachments.Attachment")

    scope_org = "chamber"

    class Meta:
        verbose_name = "章程版本"
        verbose_name_plural = "章程版本"
        ordering = ["-effective_on", "-pk"]

    def __str__(self):
        return f"{self.title}（{self.effective_on} 起）"

    @property
    def file(self):
        """The charter document (an `Attachment`); prefetch `attachments` for lists."""
        return attachment_of(self, CHARTER)


class ChamberTransition(TenantModel):
    """One step of a chamber's lifecycle, with reason, date and who did it. Append-only."""

    chamber = models.ForeignKey(
        "orgs.Organization", verbose_name="商会", on_delete=models.CASCADE, related_name="chamber_transitions"
    )
    from_state = models.CharField("原状态", max_length=20, choices=ChamberState.choices, blank=True)
    to_state = models.CharField("新状态", max_length=20, choices=ChamberState.choices)
    kind = models.CharField("类别", max_length=20, choices=TransitionKind.choices)
    cause = models.CharField("原因类别", max_length=20, choices=Cause.choices, blank=True)
    reason = models.TextField("事由")
    effective_on = models.DateField("生效日期", db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    scope_org = "chamber"
    secretary_can_edit = False

    class Meta:
        verbose_name = "商会状态变更"
        verbose_name_plural = "商会状态变更"
        ordering = ["-effective_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(from_state=F("to_state")), name="chamber_transition_changes"),
        ]

    def __str__(self):
        return f"{self.chamber}：{self.get_from_state_display() or '—'} → {self.get_to_state_display()}"


class RequestStatus(models.TextChoices):
    PENDING = "pending", "待审批"
    APPROVED = "approved", "已批准"
    REJECTED = "rejected", "已驳回"


class TransitionRequest(TenantModel, RequestDecision):
    """A secretary's request to move their chamber to another state; a federation admin decides.

    The decision (decided_by, decided_at, decision_note, due_on) runs through chambers/workflows.py.
    """

    chamber = models.ForeignKey(
        "orgs.Organization", verbose_name="商会", on_delete=models.CASCADE, related_name="transition_requests"
    )
    to_state = models.CharField("申请变更为", max_length=20, choices=ChamberState.choices)
    cause = models.CharField("原因类别", max_length=20, choices=Cause.choices, blank=True)
    reason = models.TextField("事由")
    effective_on = models.DateField("拟生效日期")
    status = models.CharField(
        "审批状态", max_length=20, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="申请人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField("申请时间", auto_now_add=True)
    decision_note = models.CharField("审批意见", max_length=500, blank=True)
    transition = models.OneToOneField(
        ChamberTransition,
        verbose_name="生效的变更",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="request",
    )

    scope_org = "chamber"

    class Meta:
        verbose_name = "状态变更申请"
        verbose_name_plural = "状态变更申请"
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["chamber"], condition=Q(status="pending"), name="transition_request_one_pending"
            ),
        ]

    def __str__(self):
        return f"{self.chamber}：申请{self.get_to_state_display()}"


class CaseStatus(models.TextChoices):
    OPEN = "open", "整改中"
    CLOSED = "closed", "已验收"


class RectificationCase(TenantModel):
    """整顿个案：问题、整改措施、期限、责任人与结果。"""

    chamber = models.ForeignKey(
        "orgs.Organization", verbose_name="商会", on_delete=models.CASCADE, related_name="rectification_cases"
    )
    opened_by = models.ForeignKey(
        ChamberTransition,
        verbose_name="启动整顿的变更",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cases",
    )
    cause = models.CharField("原因类别", max_length=20, choices=Cause.choices, blank=True)
    defects = models.TextField("存在问题")
    measures = models.TextField("整改措施", blank=True)
    opened_on = models.DateField("启动日期")
    deadline = models.DateField("整改期限")
    responsible_person = models.CharField("责任人", max_length=50, blank=True)
    status = models.CharField("状态", max_length=20, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    result = models.TextField("整改结果", blank=True)
    closed_on = models.DateField("验收日期", null=True, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    scope_org = "chamber"

    class Meta:
        verbose_name = "整顿个案"
        verbose_name_plural = "整顿个案"
        ordering = ["status", "deadline", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__gte=F("opened_on")), name="case_deadline_after_open"
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("opened_on")),
                name="case_closed_after_open",
            ),
            models.CheckConstraint(
                condition=Q(status="open", closed_on__isnull=True)
                | Q(status="closed", closed_on__isnull=False),
                name="case_closed_iff_closed_on",
            ),
        ]

    def __str__(self):
        return f"{self.chamber} 整顿（{self.opened_on}）"

    def is_overdue(self, today) -> bool:
        return self.status == CaseStatus.OPEN and self.deadline < today


class RatingScheme(models.TextChoices):
    FOUR_GOOD = "four_good", "四好商会"
    CIVIL_AFFAIRS_GRADE = "civil_affairs_grade", "民政评估等级"


class RatingLevel(models.TextChoices):
    DISTRICT = "district", "区级"
    MUNICIPAL = "municipal", "市级"
    PROVINCIAL = "provincial", "省级"
    NATIONAL = "national", "全国"


class Grade(models.TextChoices):
    A1 = "1A", "1A"
    A2 = "2A", "2A"
    A3 = "3A", "3A"
    A4 = "4A", "4A"
    A5 = "5A", "5A"


class RatingStatus(models.TextChoices):
    APPLIED = "applied", "申报中"
    GRANTED = "granted", "已认定"
    REJECTED = "rejected", "未通过"


class DormantPolicy(TenantModel):
    """Per-federation settings of the campaigns (e.g. how many months without activity make a 僵尸商会)."""

    federation = models.OneToOneField(
        "orgs.Organization", verbose_name="工商联", on_delete=models.CASCADE, related_name="dormant_policy"
    )
    dormant_months = models.PositiveSmallIntegerField("僵尸商会判定：无活动月数", default=12)
    deadline_warning_days = models.PositiveSmallIntegerField("整改期限提前提醒天数", default=14)

    scope_org = "federation"
    secretary_can_edit = False

    class Meta:
        verbose_name = "商会整顿设置"
        verbose_name_plural = "商会整顿设置"
        constraints = [
            models.CheckConstraint(condition=Q(dormant_months__gte=1), name="dormant_months_positive"),
        ]


class RatingIndicator(TenantModel):
    """One line of a federation's score sheet for a rating scheme, with its maximum score."""

    federation = models.ForeignKey(
        "orgs.Organization", verbose_name="工商联", on_delete=models.CASCADE, related_name="rating_indicators"
    )
    scheme = models.CharField("评级类型", max_length=30, choices=RatingScheme.choices)
    name = models.CharField("指标", max_length=100)
    max_score = models.DecimalField("满分", max_digits=6, decimal_places=1)
    order = models.PositiveSmallIntegerField("排序", default=10)
    is_active = models.BooleanField("启用", default=True)

    scope_org = "federation"
    secretary_can_edit = False

    class Meta:
        verbose_name = "评分指标"
        verbose_name_plural = "评分指标"
        ordering = ["scheme", "order", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(max_score__gt=0), name="indicator_max_score_positive"),
            models.UniqueConstraint(fields=["federation", "scheme", "name"], name="indicator_unique_name"),
        ]

    def __str__(self):
        return f"{self.get_scheme_display()}·{self.name}（{self.max_score}分）"


def certificate_upload_to(instance, filename):
    # Kept for migration 0001; certificates are attachments now.
    return f"chambers/certificates/{instance.chamber_id}/{filename}"


class Rating(TenantModel, RequestDecision):
    """An application for (and the result of) 四好商会 at a level, or a 民政 评估等级 1A–5A.

    The decision (认定 / 不予认定) runs through chambers/workflows.py; the applicant is `applied_by`.
    """

    chamber = models.ForeignKey(
        "orgs.Organization", verbose_name="商会", on_delete=models.CASCADE, related_name="ratings"
    )
    scheme = models.CharField("评级类型", max_length=30, choices=RatingScheme.choices)
    level = models.CharField("级别", max_length=20, choices=RatingLevel.choices, blank=True)
    grade = models.CharField("等级", max_length=2, choices=Grade.choices, blank=True)
    status = models.CharField(
        "状态", max_length=20, choices=RatingStatus.choices, default=RatingStatus.APPLIED
    )
    applied_on = models.DateField("申报日期")
    application_note = models.TextField("申报说明", blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="申报人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    total_score = models.DecimalField("评分合计", max_digits=7, decimal_places=1, null=True, blank=True)
    granted_on = models.DateField("认定日期", null=True, blank=True)
    valid_from = models.DateField("有效期自", null=True, blank=True)
    valid_until = models.DateField("有效期至", null=True, blank=True)
    decision_note = models.CharField("审批意见", max_length=500, blank=True)
    attachments = GenericRelation("attachments.Attachment")

    scope_org = "chamber"
    requester_field = "applied_by"

    class Meta:
        verbose_name = "商会评级"
        verbose_name_plural = "商会评级"
        ordering = ["-applied_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(scheme="four_good", grade="") & ~Q(level="")
                | Q(scheme="civil_affairs_grade", level="") & ~Q(grade=""),
                name="rating_level_or_grade_by_scheme",
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_until__gte=F("valid_from")),
                name="rating_valid_until_after_from",
            ),
            models.CheckConstraint(
                condition=~Q(status="granted") | Q(granted_on__isnull=False),
                name="rating_granted_has_date",
            ),
        ]

    def __str__(self):
        return f"{self.chamber} {self.label}"

    @property
    def certificate(self):
        """The certificate (an `Attachment`), or None; prefetch `attachments` for lists."""
        return attachment_of(self, CERTIFICATE)

    @property
    def is_expired(self) -> bool:
        """Granted, but its validity ended before today (local date): every page shows 已过期 by this."""
        return bool(
            self.status == RatingStatus.GRANTED
            and self.valid_until
            and self.valid_until < timezone.localdate()
        )

    @property
    def label(self):
        if self.scheme == RatingScheme.FOUR_GOOD:
            return f"{self.get_level_display()}四好商会"
        return f"民政评估{self.grade}"


class RatingScore(TenantModel):
    """One indicator's score on a rating's score sheet."""

    rating = models.ForeignKey(Rating, verbose_name="评级", on_delete=models.CASCADE, related_name="scores")
    indicator = models.ForeignKey(
        RatingIndicator, verbose_name="指标", on_delete=models.PROTECT, related_name="scores"
    )
    score = models.DecimalField("得分", max_digits=6, decimal_places=1)

    scope_org = "rating__chamber"
    secretary_can_edit = False

    class Meta:
        verbose_name = "评分"
        verbose_name_plural = "评分"
        constraints = [
            models.UniqueConstraint(fields=["rating", "indicator"], name="rating_score_unique"),
            models.CheckConstraint(condition=Q(score__gte=0), name="rating_score_non_negative"),
        ]
