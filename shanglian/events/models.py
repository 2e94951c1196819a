"""活动与会议：贸易论坛、专题报告会、招商洽谈会、企业家座谈会、政策解读会……（举办或参加）.

Registration follows pretix's rules: a quota with a waiting list (a freed place is offered to the next,
who may decline), one signed code per registration, a code checked in once however many doors scan it
(the one-to-one `CheckIn` row is the guard, not a read-then-write in Python).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q
from django.utils import timezone

from shanglian.attachments.models import Attachment, attachment_of
from shanglian.attachments.uses import register_use
from shanglian.core.phones import validate_phone
from shanglian.core.roles import (
    ADMIN,
    ENTERPRISE,
    EVERYONE,
    LEADER,
    LIAISON,
    SECRETARY,
    register_capabilities,
)
from shanglian.core.scope import TenantModel, UserScope

register_capabilities(
    {
        "events.view": EVERYONE,
        "events.manage": {ADMIN, SECRETARY},  # create/edit events, minutes, waiting list
        "events.checkin": {ADMIN, SECRETARY},  # the door page, walk-ins
        "events.register": {ADMIN, SECRETARY, ENTERPRISE},
        "events.attendance": {ADMIN, LEADER, SECRETARY},
        "events.ask": {ENTERPRISE},  # questions in advance to a 政策解读会
        "events.answer": {LIAISON},  # an invited department's liaison answers them
    }
)

MINUTES = "events.minutes"
register_use(
    MINUTES, label="会议纪要", types={"pdf", "doc", "docx", "jpg", "png"}, view_capability="events.attendance"
)


class EventKind(models.TextChoices):
    FORUM = "forum", "贸易论坛"
    REPORT = "report", "专题报告会"
    INVESTMENT = "investment", "招商洽谈会"
    SYMPOSIUM = "symposium", "企业家座谈会"
    POLICY = "policy", "政策解读会"
    CHAMBER_MEETING = "chamber_meeting", "商会会议"
    TRAINING = "training", "培训"
    OTHER = "other", "其他"


# 参加国际国内各类贸易论坛、专题报告会 (figures #24) / 企业家座谈会、政策解读会 (#31).
FORUM_KINDS = (EventKind.FORUM, EventKind.REPORT)
SYMPOSIUM_KINDS = (EventKind.SYMPOSIUM, EventKind.POLICY)


class EventMode(models.TextChoices):
    HOSTED = "hosted", "举办"
    ATTENDED = "attended", "参加（外部）"


class Event(TenantModel):
    organizer = models.ForeignKey(
        "orgs.Organization", verbose_name="主办（参加）单位", on_delete=models.PROTECT, related_name="events"
    )
    title = models.CharField("名称", max_length=200)
    kind = models.CharField("类型", max_length=20, choices=EventKind.choices)
    mode = models.CharField("举办/参加", max_length=10, choices=EventMode.choices, default=EventMode.HOSTED)
    starts_at = models.DateTimeField("开始时间")
    place = models.CharField("地点", max_length=200, blank=True)
    host_outside = models.CharField("外部主办方", max_length=200, blank=True)
    description = models.TextField("内容简介", blank=True)
    quota = models.PositiveIntegerField("名额（0 为不限）", default=0)
    registration_closes_at = models.DateTimeField("报名截止", null=True, blank=True)
    invited_chambers = models.ManyToManyField(
        "orgs.Organization", verbose_name="邀请商会（会员企业可报名）", blank=True, related_name="+"
    )
    invited_departments: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        "orgs.Organization", verbose_name="邀请部门", blank=True, related_name="+"
    )
    minutes = models.TextField("会议纪要", blank=True)
    outcome = models.TextField("成果（签约、诉求、建议）", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    attachments = GenericRelation("attachments.Attachment")

    scope_org = "organizer"

    class Meta:
        verbose_name = "活动"
        verbose_name_plural = "活动"
        indexes = [models.Index(fields=["starts_at"]), models.Index(fields=["kind", "mode", "starts_at"])]

    def __str__(self) -> str:
        return self.title

    @classmethod
    def scope_q(cls, scope: UserScope, *, write: bool) -> Q:
        q = super().scope_q(scope, write=write)
        if write:
            return q
        # 部门联络员 see the events their department is invited to; secretaries those inviting their chamber.
        invited = cls.invited_departments.through.objects.filter(scope.department_q("organization_id"))
        q |= Q(pk__in=invited.values("event_id"))
        inviting = cls.invited_chambers.through.objects.filter(scope.chamber_q("organization_id"))
        q |= Q(pk__in=inviting.values("event_id"))
        return q | Q(pk__in=enterprise_events(own_enterprises(scope)))

    @property
    def minutes_file(self) -> Attachment | None:
        return attachment_of(self, MINUTES)


def own_enterprises(scope: UserScope) -> Any:
    """The ids of the enterprises the user acts for, as a subquery (empty for staff)."""
    from shanglian.registry.models import Enterprise

    return Enterprise.unscoped_objects.filter(scope.enterprise_q("pk")).values("pk")


def enterprise_events(enterprise_ids: Any) -> Any:
    """Hosted events an enterprise may see: its federation's own, its chambers', or inviting its chambers."""
    from shanglian.registry.models import Enterprise, Membership

    chambers = Membership.unscoped_objects.filter(enterprise_id__in=enterprise_ids, left_on__isnull=True)
    federations = Enterprise.unscoped_objects.filter(pk__in=enterprise_ids).values("federation_id")
    invited = Event.invited_chambers.through.objects.filter(
        organization_id__in=chambers.values("chamber_id")
    ).values("event_id")
    return (
        Event.unscoped_objects.filter(mode=EventMode.HOSTED)
        .filter(
            Q(organizer_id__in=federations)
            | Q(organizer_id__in=chambers.values("chamber_id"))
            | Q(pk__in=invited)
        )
        .values("pk")
    )


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", "已报名"
    WAITING = "waiting", "候补中"
    OFFERED = "offered", "候补递补待确认"
    DECLINED = "declined", "已放弃递补"
    CANCELLED = "cancelled", "已取消"


# A place is held by a confirmed registration and by one offered to the waiting list.
HOLDING = (RegistrationStatus.CONFIRMED, RegistrationStatus.OFFERED)
ACTIVE = (*HOLDING, RegistrationStatus.WAITING)


class Registration(TenantModel):
    event = models.ForeignKey(
        Event, verbose_name="活动", on_delete=models.CASCADE, related_name="registrations"
    )
    enterprise = models.ForeignKey(
        "registry.Enterprise",
        verbose_name="企业",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="event_registrations",
    )
    name = models.CharField("参会人", max_length=50)
    phone = models.CharField("联系电话", max_length=20, blank=True, validators=[validate_phone])
    status = models.CharField(
        "状态", max_length=12, choices=RegistrationStatus.choices, default=RegistrationStatus.CONFIRMED
    )
    walk_in = models.BooleanField("现场登记", default=False)
    nonce = models.CharField("签到随机码", max_length=32, unique=True, editable=False)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("报名时间", auto_now_add=True)
    offered_at = models.DateTimeField("递补时间", null=True, blank=True)

    scope_org = "event__organizer"
    scope_enterprise = "enterprise"
    enterprise_can_edit = True

    class Meta:
        verbose_name = "报名"
        verbose_name_plural = "报名"
        constraints = [
            models.UniqueConstraint(
                fields=["event", "enterprise"],
                condition=Q(enterprise__isnull=False, status__in=["confirmed", "waiting", "offered"]),
                name="events_registration_one_active_per_enterprise",
            )
        ]
        indexes = [models.Index(fields=["event", "status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.name}（{self.event}）"


class CheckIn(TenantModel):
    """One row per registration: the unique key makes two simultaneous scans count once."""

    registration = models.OneToOneField(
        Registration, verbose_name="报名", on_delete=models.CASCADE, related_name="checkin"
    )
    event = models.ForeignKey(Event, verbose_name="活动", on_delete=models.CASCADE, related_name="checkins")
    checked_at = models.DateTimeField("签到时间", auto_now_add=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="签到人员",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    device = models.CharField("设备", max_length=50, blank=True)

    scope_org = "event__organizer"

    class Meta:
        verbose_name = "签到"
        verbose_name_plural = "签到"

    def __str__(self) -> str:
        return f"{self.registration.name} 签到"


# ---------------------------------------------------------------- questions an enterprise asks, staff answer

ANSWER_MAX = 2000


class AnsweredQuestion(TenantModel):
    """What a question sent in by an enterprise and answered by staff has, wherever it is asked (a briefing's
    会前提问, a service point's 在线咨询): when it came, the answer, who gave it and when."""

    created_at = models.DateTimeField("提问时间", auto_now_add=True)
    answer = models.TextField("答复", blank=True, max_length=ANSWER_MAX)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="答复人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)

    class Meta:
        abstract = True

    def take_answer(self, answer: str, *, actor: Any) -> None:
        """Set the answer from staff input (not saved): refused in Chinese when empty or too long."""
        from shanglian.core.errors import ServiceError

        answer = (answer or "").strip()
        if not answer:
            raise ServiceError("请填写答复内容。")
        if len(answer) > ANSWER_MAX:
            raise ServiceError(f"答复不能超过 {ANSWER_MAX} 字（现 {len(answer)} 字）。")
        self.answer = answer
        self.answered_by = actor if getattr(actor, "pk", None) else None
        self.answered_at = timezone.now()


# ---------------------------------------------------------------- 政策解读会：会前提问

BRIEFING_QUESTION_MAX = 500
BRIEFING_QUESTIONS_PER_REGISTRATION = 10


class BriefingQuestion(AnsweredQuestion):
    """A question an enterprise sends in advance of a 政策解读会 with its registration; a liaison of a
    department the event invites answers it."""

    event = models.ForeignKey(
        Event, verbose_name="活动", on_delete=models.CASCADE, related_name="briefing_questions"
    )
    registration = models.ForeignKey(
        Registration, verbose_name="报名", on_delete=models.CASCADE, related_name="questions"
    )
    text = models.TextField("问题", max_length=BRIEFING_QUESTION_MAX)
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="提问人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    scope_org = "event__organizer"
    scope_enterprise = "registration__enterprise"

    class Meta:
        verbose_name = "会前提问"
        verbose_name_plural = "会前提问"
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="events_briefing_question_not_empty"),
            models.CheckConstraint(
                condition=Q(answer="") | Q(answered_at__isnull=False), name="events_briefing_answer_dated"
            ),
        ]
        indexes = [models.Index(fields=["event", "registration"])]

    def __str__(self) -> str:
        return self.text[:30]

    @classmethod
    def scope_q(cls, scope: UserScope, *, write: bool) -> Q:
        q = super().scope_q(scope, write=write)
        if write:
            return q
        # The liaisons of the departments the event invites read its questions (answering is checked apart).
        invited = Event.invited_departments.through.objects.filter(scope.department_q("organization_id"))
        return q | Q(event_id__in=invited.values("event_id"))


# ---------------------------------------------------------------- 便企平台 (service points)

register_capabilities(
    {
        "servicepoints.view": EVERYONE,
        "servicepoints.manage": {ADMIN, SECRETARY},  # points and their slots
        "servicepoints.book": {ENTERPRISE},
        "servicepoints.answer": {ADMIN, LIAISON},  # the host department's liaison answers
        # The booking enterprise cancels its own booking, the point's organiser any of its point's.
        "servicepoints.cancel": {ENTERPRISE, ADMIN, SECRETARY},
    }
)


class ServicePointKind(models.TextChoices):
    PROCURATORATE = "procuratorate", "检察工作站"
    TAX = "tax", "税务咨询点"
    LEGAL = "legal", "法律服务试点"
    OTHER = "other", "其他便企服务点"


class ServicePoint(TenantModel):
    organizer = models.ForeignKey(
        "orgs.Organization",
        verbose_name="共建商会/工商联",
        on_delete=models.PROTECT,
        related_name="service_points",
    )
    department = models.ForeignKey(
        "orgs.Organization",
        verbose_name="共建部门",
        on_delete=models.PROTECT,
        related_name="hosted_service_points",
    )
    # The federation the organiser belongs to (the organiser itself or its parent): members book here.
    federation = models.ForeignKey(
        "orgs.Organization", verbose_name="工商联", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("类型", max_length=20, choices=ServicePointKind.choices)
    name = models.CharField("名称", max_length=100)
    address = models.CharField("地址", max_length=200)
    hours = models.CharField("服务时间", max_length=100)
    staff = models.CharField("驻点人员", max_length=200, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    scope_org = "organizer"
    scope_department = "department"

    class Meta:
        verbose_name = "便企服务点"
        verbose_name_plural = "便企服务点"

    def __str__(self) -> str:
        return self.name

    @classmethod
    def scope_q(cls, scope: UserScope, *, write: bool) -> Q:
        q = super().scope_q(scope, write=write)
        if not write:
            q |= member_orgs("organizer_id", own_enterprises(scope))
        return q


def member_orgs(lookup: str, enterprise_ids: Any) -> Q:
    """Rows whose `lookup` is an organisation whose service points the enterprises use: their federation or
    one of their chambers (subqueries, so nothing runs while the filter is built)."""
    from shanglian.registry.models import Enterprise, Membership

    feds = Enterprise.unscoped_objects.filter(pk__in=enterprise_ids).values("federation_id")
    chambers = Membership.unscoped_objects.filter(enterprise_id__in=enterprise_ids, left_on__isnull=True)
    return Q(**{f"{lookup}__in": feds}) | Q(**{f"{lookup}__in": chambers.values("chamber_id")})


class ServiceSlot(TenantModel):
    point = models.ForeignKey(
        ServicePoint, verbose_name="服务点", on_delete=models.CASCADE, related_name="slots"
    )
    starts_at = models.DateTimeField("开始时间")
    minutes = models.PositiveSmallIntegerField("时长（分钟）", default=30)

    scope_org = "point__organizer"
    scope_department = "point__department"

    @classmethod
    def scope_q(cls, scope: UserScope, *, write: bool) -> Q:
        q = super().scope_q(scope, write=write)
        if not write:
            q |= member_orgs("point__organizer_id", own_enterprises(scope))  # the slots they may book
        return q

    class Meta:
        verbose_name = "咨询时段"
        verbose_name_plural = "咨询时段"
        constraints = [models.UniqueConstraint(fields=["point", "starts_at"], name="events_slot_once")]

    def __str__(self) -> str:
        return f"{self.point} {self.starts_at:%Y-%m-%d %H:%M}"


class BookingStatus(models.TextChoices):
    BOOKED = "booked", "已预约"
    CANCELLED = "cancelled", "已取消"
    DONE = "done", "已咨询"


class Booking(TenantModel):
    slot = models.ForeignKey(
        ServiceSlot, verbose_name="时段", on_delete=models.CASCADE, related_name="bookings"
    )
    enterprise = models.ForeignKey(
        "registry.Enterprise", verbose_name="企业", on_delete=models.CASCADE, related_name="+"
    )
    topic = models.CharField("咨询事项", max_length=200)
    status = models.CharField(
        "状态", max_length=12, choices=BookingStatus.choices, default=BookingStatus.BOOKED
    )
    created_at = models.DateTimeField("预约时间", auto_now_add=True)

    scope_org = "slot__point__organizer"
    scope_enterprise = "enterprise"
    scope_department = "slot__point__department"
    enterprise_can_edit = True

    class Meta:
        verbose_name = "咨询预约"
        verbose_name_plural = "咨询预约"
        constraints = [
            # A slot is booked once: two enterprises (or two clicks) at the same instant meet this key.
            models.UniqueConstraint(
                fields=["slot"], condition=Q(status="booked"), name="events_slot_booked_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.slot}：{self.topic}"


class Question(AnsweredQuestion):
    point = models.ForeignKey(
        ServicePoint, verbose_name="服务点", on_delete=models.CASCADE, related_name="questions"
    )
    enterprise = models.ForeignKey(
        "registry.Enterprise", verbose_name="企业", on_delete=models.CASCADE, related_name="+"
    )
    question = models.TextField("问题", max_length=2000)

    scope_org = "point__organizer"
    scope_enterprise = "enterprise"
    scope_department = "point__department"
    department_can_edit = True

    class Meta:
        verbose_name = "在线咨询"
        verbose_name_plural = "在线咨询"

    def __str__(self) -> str:
        return self.question[:30]
