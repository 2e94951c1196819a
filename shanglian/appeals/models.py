"""诉求反映 / 权益维护: an enterprise's appeal handled to closure (受理 → 派单 → 签收 → 办理 → 答复 → 办结 → 回访评价).

An `Appeal` belongs to a federation (its 受理/派单 desk), optionally to the chamber it came through, and to
the enterprise that raised it. Who handles it is an `AppealDispatch` row per unit (a department or a
chamber; one lead, others assisting). Everything that happens to it is an append-only `AppealEntry`: the
timeline the enterprise follows.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q

from shanglian.attachments.uses import register_use
from shanglian.core.roles import ADMIN, ENTERPRISE, LEADER, LIAISON, SECRETARY, register_capabilities
from shanglian.core.scope import TenantModel, UserScope

register_capabilities(
    {
        "appeals.view": {ADMIN, LEADER, SECRETARY, ENTERPRISE, LIAISON},
        "appeals.submit": {ADMIN, SECRETARY, ENTERPRISE},
        # The 受理/派单 desk: accept, decline, dispatch, transfer, approve extensions, close.
        "appeals.desk": {ADMIN},
        # A handling unit's steps: sign, send back, progress, reply, ask for an extension.
        "appeals.handle": {LIAISON, SECRETARY},
        "appeals.rate": {ENTERPRISE},
        # 督办: the leader's comments and conclusion of an escalated appeal.
        "appeals.supervise": {LEADER},
        "appeals.stats": {ADMIN, LEADER},
        "appeals.configure": {ADMIN},
    }
)

FILE = "appeals.file"


def _federation_of_appeal(owner: Any) -> Any:
    return getattr(owner, "federation", None)


register_use(
    FILE,
    label="诉求附件",
    types={"pdf", "doc", "docx", "xls", "xlsx", "jpg", "png"},
    view_capability="appeals.view",
    single=False,
    organization_of=_federation_of_appeal,
)


ENTRY_FILE = "appeals.entry_file"


def _federation_of_entry(owner: Any) -> Any:
    return owner.appeal.federation


# Files on a timeline entry: a handler's reply, the enterprise's supplementary material.
register_use(
    ENTRY_FILE,
    label="办理材料",
    types={"pdf", "doc", "docx", "xls", "xlsx", "jpg", "png"},
    view_capability="appeals.view",
    single=False,
    organization_of=_federation_of_entry,
)


class AppealState(models.TextChoices):
    CHAMBER = "chamber", "商会初审"
    SUBMITTED = "submitted", "待受理"
    DECLINED = "declined", "不予受理"
    ACCEPTED = "accepted", "待派单"
    DISPATCHED = "dispatched", "待签收"
    HANDLING = "handling", "办理中"
    REPLIED = "replied", "已答复"
    CLOSED = "closed", "已办结（待评价）"
    RATED = "rated", "已评价"
    ESCALATED = "escalated", "领导督办"


OPEN_STATES = (
    AppealState.CHAMBER,
    AppealState.SUBMITTED,
    AppealState.ACCEPTED,
    AppealState.DISPATCHED,
    AppealState.HANDLING,
    AppealState.REPLIED,
    AppealState.ESCALATED,
)
# States in which a unit holds the appeal and the finish deadline runs against it.
WITH_UNIT = (AppealState.DISPATCHED, AppealState.HANDLING)
DONE_STATES = (AppealState.CLOSED, AppealState.RATED)


class Channel(models.TextChoices):
    ONLINE = "online", "网上提交"
    MINI_PROGRAM = "mini_program", "小程序"
    PHONE = "phone", "电话"
    VISIT = "visit", "走访"
    EVENT = "event", "座谈会/活动"
    SURVEY = "survey", "调研问卷"
    CHAMBER = "chamber", "商会代报"
    OTHER = "other", "其他"


class ContactPreference(models.TextChoices):
    PHONE = "phone", "电话"
    SMS = "sms", "短信"
    VISIT = "visit", "上门"
    ONLINE = "online", "平台消息"


class Outcome(models.TextChoices):
    """办结 is not 解决: the handler says what came of it."""

    NONE = "", "—"
    SOLVED = "solved", "已解决"
    PARTLY = "partly", "部分解决"
    EXPLAINED = "explained", "已解释说明"


class Satisfaction(models.TextChoices):
    NONE = "", "—"
    SATISFIED = "satisfied", "满意"
    BASICALLY = "basically", "基本满意"
    UNSATISFIED = "unsatisfied", "不满意"


class ExtensionStatus(models.TextChoices):
    NONE = "", "—"
    PENDING = "pending", "待审批"
    APPROVED = "approved", "已批准"
    REJECTED = "rejected", "未批准"


class AppealCategory(TenantModel):
    """A federation's configurable category tree with the default handling unit and limits per category."""

    federation = models.ForeignKey(
        "orgs.Organization", verbose_name="工商联", on_delete=models.CASCADE, related_name="+"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="上级类别",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    name = models.CharField("类别", max_length=40)
    default_unit = models.ForeignKey(
        "orgs.Organization",
        verbose_name="默认承办单位",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    contact_days = models.PositiveSmallIntegerField("联系企业时限（工作日）", default=3)
    finish_days = models.PositiveSmallIntegerField("办理时限（工作日）", default=5)
    max_extension_days = models.PositiveSmallIntegerField("最长延期（工作日）", default=10)
    # 权益维护 cases carry a counterparty, the amount at stake and the outcome.
    rights_protection = models.BooleanField("权益维护类", default=False)
    order = models.PositiveSmallIntegerField("排序", default=0)
    # A category appeals already carry is retired, never deleted: new appeals no longer offer it.
    retired = models.BooleanField("已停用", default=False)

    scope_org = "federation"
    secretary_can_edit = False

    class Meta:
        verbose_name = "诉求类别"
        ordering = ("federation", "order", "pk")
        constraints = [
            models.UniqueConstraint(
                fields=["federation", "parent", "name"], name="appeal_category_unique_name"
            ),
            models.CheckConstraint(
                condition=Q(contact_days__gte=1) & Q(finish_days__gte=1) & Q(max_extension_days__lte=30),
                name="appeal_category_limits",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Appeal(TenantModel):
    federation = models.ForeignKey(
        "orgs.Organization", verbose_name="受理工商联", on_delete=models.PROTECT, related_name="+"
    )
    chamber = models.ForeignKey(
        "orgs.Organization",
        verbose_name="所属商会",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    enterprise = models.ForeignKey(
        "registry.Enterprise", verbose_name="企业", on_delete=models.PROTECT, related_name="appeals"
    )
    category = models.ForeignKey(
        AppealCategory, verbose_name="类别", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField("标题", max_length=100)
    content = models.TextField("诉求内容", max_length=5000)
    disclose = models.BooleanField("同意公开", default=False)
    contact_preference = models.CharField(
        "联系方式偏好", max_length=10, choices=ContactPreference.choices, default=ContactPreference.PHONE
    )
    channel = models.CharField("渠道", max_length=20, choices=Channel.choices, default=Channel.ONLINE)
    state = models.CharField(
        "状态", max_length=20, choices=AppealState.choices, default=AppealState.SUBMITTED
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="提交人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_on = models.DateField("提交日期", db_index=True)
    accepted_on = models.DateField("受理日期", null=True, blank=True)
    decline_reason = models.CharField("不予受理理由", max_length=500, blank=True)
    # The clock starts at the first dispatch; a send-back or transfer does not restart it.
    dispatched_on = models.DateField("首次派单日期", null=True, blank=True)
    contact_due = models.DateField("签收/联系期限", null=True, blank=True)
    finish_due = models.DateField("办结期限", null=True, blank=True, db_index=True)
    # The current unit's own deadline (from its dispatch); chasing goes to whoever holds it now.
    handler_due = models.DateField("承办单位期限", null=True, blank=True, db_index=True)
    lead_unit = models.ForeignKey(
        "orgs.Organization",
        verbose_name="主办单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_on = models.DateField("签收日期", null=True, blank=True)
    replied_on = models.DateField("答复日期", null=True, blank=True)
    closed_on = models.DateField("办结日期", null=True, blank=True, db_index=True)
    # Working days from the first dispatch (or submission) to 办结, stored at closing for the averages.
    close_working_days = models.PositiveSmallIntegerField("办理用时（工作日）", null=True, blank=True)
    outcome = models.CharField("办理结果", max_length=10, choices=Outcome.choices, blank=True)
    reply = models.TextField("答复意见", blank=True)
    extension_days = models.PositiveSmallIntegerField("已批准延期（工作日）", default=0)
    extension_requested = models.PositiveSmallIntegerField("申请延期（工作日）", default=0)
    extension_status = models.CharField(
        "延期申请", max_length=10, choices=ExtensionStatus.choices, blank=True
    )
    satisfaction = models.CharField("评价", max_length=12, choices=Satisfaction.choices, blank=True)
    rating_comment = models.CharField("评价意见", max_length=500, blank=True)
    rated_on = models.DateField("评价日期", null=True, blank=True)
    reopen_count = models.PositiveSmallIntegerField("重办次数", default=0)
    escalated_on = models.DateField("提交领导督办日期", null=True, blank=True)
    # The chasing ladder (jobs.py): when the current deadline was last 催办'd and 督办'd.
    urged_on = models.DateField("催办日期", null=True, blank=True)
    supervised_on = models.DateField("督办日期", null=True, blank=True)
    # 权益维护
    counterparty = models.CharField("对方当事人", max_length=100, blank=True)
    amount_at_stake = models.DecimalField(
        "涉及金额（元）", max_digits=14, decimal_places=2, null=True, blank=True
    )
    rights_outcome = models.CharField("维权结果", max_length=200, blank=True)
    # Where it came from (a visit, a survey, an event…): any object, as a generic link.
    source_type = models.ForeignKey(
        ContentType,
        verbose_name="来源类型",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    source_id = models.PositiveBigIntegerField("来源编号", null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    duplicate_of = models.ForeignKey(
        "self", verbose_name="疑似重复", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    attachments = GenericRelation("attachments.Attachment")

    class Meta:
        verbose_name = "诉求"
        ordering = ("-pk",)
        indexes = [
            models.Index(fields=["federation", "state", "finish_due"], name="appeal_board"),
            models.Index(fields=["enterprise", "state"], name="appeal_enterprise_state"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="appeal_title_not_empty"),
            models.CheckConstraint(condition=~Q(content=""), name="appeal_content_not_empty"),
            models.CheckConstraint(
                condition=Q(extension_days__lte=30) & Q(reopen_count__lte=1), name="appeal_limits"
            ),
            models.CheckConstraint(
                condition=Q(amount_at_stake__isnull=True) | Q(amount_at_stake__gte=0),
                name="appeal_amount_not_negative",
            ),
        ]

    @classmethod
    def scope_q(cls, scope: UserScope, *, write: bool) -> Q:
        # Those who keep an appeal (its federation's admins — not its read-only leaders —, its chamber, its
        # enterprise, the departments it went to) append to its timeline (attachments, entries); which step
        # each may take is the workflow's rule, not the scope's.
        q = scope.tree_q("federation", write=write)
        q |= scope.chamber_q("chamber")
        q |= scope.enterprise_q("enterprise")
        departments = scope.department_q("unit")
        if departments != Q(pk__in=[]):
            q |= Q(pk__in=AppealDispatch.unscoped_objects.filter(departments).values("appeal_id"))
        return q

    def __str__(self) -> str:
        return f"诉求 #{self.pk} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def limits(self) -> tuple[int, int, int]:
        """(contact, finish, max extension) in working days: the category's, or the defaults."""
        c = self.category
        if c is None:
            return 3, 5, 10
        return c.contact_days, c.finish_days, c.max_extension_days


class DispatchRole(models.TextChoices):
    LEAD = "lead", "主办"
    ASSIST = "assist", "协办"


class DispatchStatus(models.TextChoices):
    ACTIVE = "active", "承办中"
    SENT_BACK = "sent_back", "已退回"
    TRANSFERRED = "transferred", "已转办"


class AppealDispatch(TenantModel):
    """One unit (department or chamber) an appeal was dispatched to."""

    appeal = models.ForeignKey(
        Appeal, verbose_name="诉求", on_delete=models.CASCADE, related_name="dispatches"
    )
    unit = models.ForeignKey(
        "orgs.Organization", verbose_name="承办单位", on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField("分工", max_length=10, choices=DispatchRole.choices, default=DispatchRole.LEAD)
    status = models.CharField(
        "状态", max_length=12, choices=DispatchStatus.choices, default=DispatchStatus.ACTIVE
    )
    dispatched_on = models.DateField("派单日期")
    due_on = models.DateField("办理期限")
    signed_on = models.DateField("签收日期", null=True, blank=True)
    ended_on = models.DateField("结束日期", null=True, blank=True)
    reason = models.CharField("退回/转办理由", max_length=500, blank=True)

    scope_org = "appeal__federation"
    scope_department = "unit"

    class Meta:
        verbose_name = "派单记录"
        ordering = ("appeal", "pk")
        indexes = [models.Index(fields=["unit", "status"], name="appeal_dispatch_unit")]
        constraints = [
            models.UniqueConstraint(
                fields=["appeal"],
                condition=Q(status=DispatchStatus.ACTIVE, role=DispatchRole.LEAD),
                name="appeal_one_active_lead",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.appeal_id} → {self.unit_id}（{self.get_role_display()}）"


class EntryKind(models.TextChoices):
    STEP = "step", "流程"
    PROGRESS = "progress", "办理进展"
    REPLY = "reply", "答复"
    COMMENT = "comment", "领导批示"
    RATING = "rating", "评价"
    SUPPLEMENT = "supplement", "补充材料"


class AppealEntry(TenantModel):
    """Append-only timeline of an appeal: every step, progress note, reply, comment and rating."""

    appeal = models.ForeignKey(Appeal, verbose_name="诉求", on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField("类型", max_length=10, choices=EntryKind.choices)
    label = models.CharField("环节", max_length=30)
    body = models.TextField("内容", blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="经办人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    unit = models.ForeignKey(
        "orgs.Organization",
        verbose_name="单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("时间", auto_now_add=True)
    attachments = GenericRelation("attachments.Attachment")

    scope_org = "appeal__federation"

    class Meta:
        verbose_name = "诉求记录"
        ordering = ("appeal", "pk")

    @classmethod
    def scope_q(cls, scope: UserScope, *, write: bool) -> Q:
        # An entry (and its files) is seen and appended to by whoever sees / keeps its appeal.
        return Q(appeal__in=Appeal.unscoped_objects.filter(Appeal.scope_q(scope, write=write)).values("pk"))

    def __str__(self) -> str:
        return f"{self.label}：{self.body[:30]}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Append-only: a timeline entry once written is never changed.
        if self.pk is not None and not self._state.adding:
            raise ValueError("诉求记录只能追加，不能修改。")
        super().save(*args, **kwargs)


class DispatchModel(models.Model):
    """A federation's trained 派单建议 (suggest.py): fitted pipelines, replaced by each nightly retraining."""

    federation = models.OneToOneField(
        "orgs.Organization", verbose_name="工商联", on_delete=models.CASCADE, related_name="+"
    )
    trained_at = models.DateTimeField("训练时间", auto_now_add=True)
    samples = models.PositiveIntegerField("训练样本数")
    blob = models.BinaryField("模型")

    class Meta:
        verbose_name = "派单建议模型"

    def __str__(self) -> str:
        return f"{self.federation_id} 派单建议（{self.samples} 条）"
