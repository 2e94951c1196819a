"""Chamber memberships, their dues, and membership applications (入会申请)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from shanglian.core.scope import TenantModel
from shanglian.registry.models.choices import ApplicationStatus, Position
from shanglian.registry.models.enterprises import Enterprise
from shanglian.workflow.models import RequestDecision


class Membership(TenantModel):
    """An enterprise's membership of a chamber (会员), with its position and dates."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name="企业", on_delete=models.CASCADE, related_name="memberships"
    )
    chamber = models.ForeignKey(
        "orgs.Organization", verbose_name="商会", on_delete=models.PROTECT, related_name="memberships"
    )
    position = models.CharField("职务", max_length=30, choices=Position.choices, default=Position.MEMBER)
    joined_on = models.DateField("入会日期")
    left_on = models.DateField("退会日期", null=True, blank=True)

    scope_org = "chamber"
    scope_enterprise = "enterprise"

    class Meta:
        verbose_name = "会员"
        verbose_name_plural = "会员"
        constraints = [
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("joined_on")),
                name="membership_left_after_joined",
            ),
            models.UniqueConstraint(
                fields=["enterprise", "chamber"],
                condition=Q(left_on__isnull=True),
                name="membership_one_active_per_chamber",
            ),
        ]

    def __str__(self):
        return f"{self.enterprise} @ {self.chamber}"


class MembershipDues(TenantModel):
    """Membership dues (会费) of one year."""

    membership = models.ForeignKey(
        Membership, verbose_name="会员", on_delete=models.CASCADE, related_name="dues"
    )
    year = models.PositiveSmallIntegerField(
        "年度", validators=[MinValueValidator(1949), MaxValueValidator(2100)]
    )
    amount = models.DecimalField("金额（元）", max_digits=12, decimal_places=2)
    paid_on = models.DateField("缴纳日期", null=True, blank=True)

    scope_org = "membership__chamber"
    scope_enterprise = "membership__enterprise"

    class Meta:
        verbose_name = "会费"
        verbose_name_plural = "会费"
        constraints = [
            models.UniqueConstraint(fields=["membership", "year"], name="dues_one_per_year"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="dues_amount_not_negative"),
        ]

    def __str__(self):
        return f"{self.membership} {self.year} 年会费"


class MembershipApplication(TenantModel, RequestDecision):
    """An enterprise's application to join a chamber (入会申请); approval creates the Membership.

    Its decision runs through the workflow kit (registry/workflows.py); the columns predate the kit, so
    the requester is `submitted_by` and the decision note `reason`.
    """

    enterprise = models.ForeignKey(
        Enterprise, verbose_name="企业", on_delete=models.CASCADE, related_name="applications"
    )
    chamber = models.ForeignKey(
        "orgs.Organization",
        verbose_name="申请加入商会",
        on_delete=models.PROTECT,
        related_name="applications",
    )
    status = models.CharField(
        "状态", max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.SUBMITTED
    )
    note = models.TextField("申请说明", blank=True)
    reason = models.TextField("审核意见", blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="申请人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField("申请时间", auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField("审核时间", null=True, blank=True)
    membership = models.OneToOneField(
        Membership,
        verbose_name="会员",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="application",
    )

    scope_org = "chamber"
    scope_enterprise = "enterprise"
    enterprise_can_edit = True
    requester_field = "submitted_by"
    note_field = "reason"
    submitted_at_field = "submitted_at"

    class Meta:
        verbose_name = "入会申请"
        verbose_name_plural = "入会申请"
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "chamber"],
                condition=Q(status="submitted"),
                name="application_one_open_per_chamber",
            ),
            models.CheckConstraint(
                condition=Q(status="submitted") | Q(decided_at__isnull=False),
                name="application_decided_has_time",
            ),
            # a decision comes after the application it decides (the detail page shows them in order)
            models.CheckConstraint(
                condition=Q(decided_at__isnull=True) | Q(decided_at__gte=models.F("submitted_at")),
                name="application_decided_after_submitted",
            ),
        ]

    def __str__(self):
        return f"{self.enterprise} 申请加入 {self.chamber}"


class MemberTally(models.Model):
    """Members counted ahead (商会会员数, kept on write by registry.member_tally): for a group of chambers —
    one chamber, a federation's chambers, or a federation's chambers of one kind — and optionally only the
    enterprises carrying a tag, the change in distinct member enterprises on a day. The members on day D
    are the sum of `delta` up to D, so the cockpit's member figures read a few hundred rows rather than a
    million memberships. Not tenant data of its own (no page lists it): figures reach it through the
    registry's metrics, whose drill rows stay the enterprises."""

    org = models.ForeignKey(
        "orgs.Organization", verbose_name="组织", on_delete=models.CASCADE, related_name="+"
    )
    # "" = every kind (one chamber, or a federation's chambers); else the federation's chambers of the kind.
    chamber_kind = models.CharField("商会类型", max_length=20, blank=True)
    # "" = every member enterprise; else those tagged so (registry.metrics.HIGH_TECH).
    tag = models.CharField("标签", max_length=50, blank=True)
    day = models.DateField("日期")
    delta = models.IntegerField("增减")

    class Meta:
        verbose_name = "会员数汇总"
        verbose_name_plural = "会员数汇总"
        constraints = [
            models.UniqueConstraint(
                fields=["org", "chamber_kind", "tag", "day"], name="member_tally_one_per_day"
            ),
        ]

    def __str__(self):
        return f"{self.org_id} {self.chamber_kind} {self.tag} {self.day} {self.delta:+d}"
