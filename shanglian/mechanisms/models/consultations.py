"""决策公开: consultations on draft decisions (after Consul's collaborative legislation), the opinions and
their answers, and the log of district meetings chamber representatives attend."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from shanglian.core.scope import TenantModel, UserScope
from shanglian.mechanisms import capabilities  # noqa: F401  (the app's rights, registered first)

DEFAULT_COMMENT_DAYS = 30


class Phase(models.TextChoices):
    DRAFT = "draft", "草案发布"
    OPEN = "open", "征求意见"
    SUMMARISING = "summarising", "意见汇总"
    PUBLISHED = "published", "结果公开"


class Consultation(TenantModel):
    federation = models.ForeignKey(
        "orgs.Organization", verbose_name="工商联", on_delete=models.PROTECT, related_name="consultations"
    )
    title = models.CharField("草案名称", max_length=200)
    introduction = models.TextField("起草说明")
    status = models.CharField(
        "阶段", max_length=20, choices=Phase.choices, default=Phase.DRAFT, db_index=True
    )
    comment_days = models.PositiveSmallIntegerField("征求意见期（天）", default=DEFAULT_COMMENT_DAYS)
    opens_on = models.DateField("征求意见开始", null=True, blank=True)
    closes_on = models.DateField("征求意见截止", null=True, blank=True)
    invite_vice_chairs = models.BooleanField("邀请企业家副主席", default=True)
    invite_everyone = models.BooleanField("面向全体会员企业", default=False)
    invited_chambers = models.ManyToManyField(
        "orgs.Organization", verbose_name="邀请商会会员", blank=True, related_name="+"
    )
    summary = models.TextField("意见汇总及采纳情况（公开）", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    scope_org = "federation"
    secretary_can_edit = False

    class Meta:
        verbose_name = "征求意见"
        verbose_name_plural = "征求意见"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__isnull=True) | Q(closes_on__gte=models.F("opens_on")),
                name="consultation_closes_after_opening",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @classmethod
    def scope_q(cls, scope: UserScope, *, write: bool) -> Q:
        q = super().scope_q(scope, write=write)
        if write:
            return q
        # Vice-chairs (when invited) and enterprise users (members of an invited chamber, or every member
        # when invite_everyone); the subqueries match nothing for a user in neither role.
        from shanglian.mechanisms.models.signoff import ViceChair
        from shanglian.registry.models import Enterprise, Membership

        chairs = ViceChair.unscoped_objects.filter(scope.participant_q("user_id"), active=True)
        invitee = Q(invite_vice_chairs=True, federation__in=chairs.values("federation_id"))
        members = Membership.unscoped_objects.filter(
            scope.enterprise_q("enterprise_id"), left_on__isnull=True
        )
        invited = cls.invited_chambers.through.objects.filter(
            organization_id__in=members.values("chamber_id")
        )
        feds = Enterprise.unscoped_objects.filter(scope.enterprise_q("pk")).values("federation_id")
        invitee |= Q(pk__in=invited.values("consultation_id")) | Q(invite_everyone=True, federation__in=feds)
        # A draft not yet opened for comment is the federation's own working text: invitees see it from
        # 征求意见 on (the staff branch above keeps it).
        return q | (invitee & ~Q(status=Phase.DRAFT))


class Article(TenantModel):
    consultation = models.ForeignKey(
        Consultation, verbose_name="征求意见", on_delete=models.CASCADE, related_name="articles"
    )
    number = models.PositiveSmallIntegerField("条")
    text = models.TextField("条文")

    scope_org = "consultation__federation"
    secretary_can_edit = False

    class Meta:
        verbose_name = "条文"
        verbose_name_plural = "条文"
        ordering = ["consultation_id", "number"]
        constraints = [models.UniqueConstraint(fields=["consultation", "number"], name="article_number_once")]

    def __str__(self) -> str:
        return f"第{self.number}条"

    @classmethod
    def scope_q(cls, scope: UserScope, *, write: bool) -> Q:
        q = super().scope_q(scope, write=write)
        if write:
            return q
        return q | Q(
            consultation__in=Consultation.unscoped_objects.filter(Consultation.scope_q(scope, write=False))
        )


class Answer(models.TextChoices):
    PENDING = "", "待答复"
    ADOPTED = "adopted", "采纳"
    PARTLY = "partly", "部分采纳"
    DECLINED = "declined", "不采纳"


class Opinion(TenantModel):
    consultation = models.ForeignKey(
        Consultation, verbose_name="征求意见", on_delete=models.CASCADE, related_name="opinions"
    )
    article = models.ForeignKey(
        Article, verbose_name="条文", null=True, blank=True, on_delete=models.CASCADE, related_name="opinions"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="提出人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    author_name = models.CharField("提出人", max_length=50)
    text = models.TextField("意见")
    created_at = models.DateTimeField("提出时间", auto_now_add=True)
    answer = models.CharField("采纳情况", max_length=20, choices=Answer.choices, blank=True, default="")
    reason = models.TextField("答复理由", blank=True)
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)

    scope_org = "consultation__federation"
    secretary_can_edit = False

    class Meta:
        verbose_name = "意见"
        verbose_name_plural = "意见"
        ordering = ["consultation_id", "pk"]

    def __str__(self) -> str:
        return f"{self.author_name}：{self.text[:20]}"

    @classmethod
    def scope_q(cls, scope: UserScope, *, write: bool) -> Q:
        # Participants read the opinions of the consultations they may read (Consul: comments are public).
        q = super().scope_q(scope, write=write)
        if write:
            return q
        return q | Q(
            consultation__in=Consultation.unscoped_objects.filter(Consultation.scope_q(scope, write=False))
        )


class DistrictMeeting(TenantModel):
    """A district meeting (区内重大会议) chamber representatives attended: the participation log."""

    federation = models.ForeignKey(
        "orgs.Organization", verbose_name="工商联", on_delete=models.PROTECT, related_name="district_meetings"
    )
    title = models.CharField("会议名称", max_length=200)
    held_on = models.DateField("召开日期")
    organiser = models.CharField("主办单位", max_length=100, blank=True)
    attendees = models.TextField("参会商会代表（每行一人：商会 姓名）")
    # The same meeting as recorded among the events (参加（外部）), so its sign-in and minutes are one click away.
    event = models.ForeignKey(
        "events.Event",
        verbose_name="关联活动",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="district_meetings",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    scope_org = "federation"
    secretary_can_edit = False

    class Meta:
        verbose_name = "参加区内重大会议"
        verbose_name_plural = "参加区内重大会议"
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def attendee_lines(self) -> list[str]:
        return [line.strip() for line in self.attendees.splitlines() if line.strip()]
