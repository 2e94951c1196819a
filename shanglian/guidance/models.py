"""引导平台: campaigns, donations in cash and in kind with their ledger, assistance purchases and
facilities, volunteer teams and their activities.

The donation ledger never loses history. A `Donation` holds what was recorded; once it is delivered its
amounts are frozen, and `DonationEntry` rows (one per donor, written on delivery) carry the money. A
correction writes a `DonationCorrection` (reason, actor) and, per donor, an entry of the difference, so
the entries of a gift always add up to its corrected value and every figure sums entries.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import F, Q

from shanglian.attachments.models import Attachment, attachment_of
from shanglian.attachments.uses import register_use
from shanglian.core.roles import ADMIN, ENTERPRISE, LEADER, SECRETARY, register_capabilities
from shanglian.core.scope import TenantModel, UserScope, path_q

register_capabilities(
    {
        "guidance.view": {ADMIN, LEADER, SECRETARY},
        "guidance.edit": {ADMIN, SECRETARY},
        "guidance.export": {ADMIN, LEADER, SECRETARY},
        # A donor enterprise's own giving, its pledges and its certificate of thanks.
        "guidance.own": {ENTERPRISE},
    }
)

RECEIPT = "guidance.receipt"
ACTIVITY_PHOTO = "guidance.activity_photo"


def _organization_of(owner: Any) -> Any:
    return getattr(owner, "organization", None)


register_use(
    RECEIPT,
    label="捐赠票据",
    types={"pdf", "jpg", "png"},
    view_capability="guidance.view",
    organization_of=_organization_of,
)
register_use(
    ACTIVITY_PHOTO,
    label="活动照片",
    types={"jpg", "png"},
    view_capability="guidance.view",
    single=False,
    organization_of=_organization_of,
)

ZERO = Decimal("0.00")


class CampaignKind(models.TextChoices):
    EPIDEMIC = "epidemic", "疫情防控"
    PAIRED_ASSISTANCE = "paired_assistance", "对口帮扶/东西部协作"
    RURAL_REVITALIZATION = "rural_revitalization", "乡村振兴"
    EDUCATION = "education", "助学"
    CONDOLENCE = "condolence", "慰问"
    OTHER = "other", "其他"


class DonationStatus(models.TextChoices):
    PLEDGED = "pledged", "认捐"
    DELIVERED = "delivered", "已交付"
    RECEIPTED = "receipted", "已开票"


class Channel(models.TextChoices):
    CHARITY = "charity", "慈善总会"
    RED_CROSS = "red_cross", "红十字会"
    GUANGCAI = "guangcai", "光彩会"
    DIRECT = "direct", "直接捐赠"
    OTHER = "other", "其他"


class ValuationBasis(models.TextChoices):
    INVOICE = "invoice", "发票"
    CUSTOMS = "customs", "报关单"
    AGREEMENT = "agreement", "协议"
    MARKET = "market", "市场价"


class FacilityKind(models.TextChoices):
    EXHIBITION = "exhibition", "扶贫体验馆"
    DISTRIBUTION = "distribution", "消费配送中心"
    OTHER = "other", "其他"


class ActivityKind(models.TextChoices):
    VISIT = "visit", "走访慰问"
    EDUCATION = "education", "助学助教"
    COMMUNITY = "community", "社区服务"
    OTHER = "other", "其他"


class Campaign(TenantModel):
    """A giving campaign (捐赠活动) organised by a federation or a chamber."""

    organization = models.ForeignKey(
        "orgs.Organization", verbose_name="组织单位", on_delete=models.PROTECT, related_name="campaigns"
    )
    name = models.CharField("活动名称", max_length=100)
    kind = models.CharField("类别", max_length=30, choices=CampaignKind.choices)
    regions = models.CharField("受援地区", max_length=200, blank=True, help_text="多个地区用顿号分隔")
    recipients = models.CharField("受援对象", max_length=200, blank=True)
    start_on = models.DateField("开始日期")
    end_on = models.DateField("结束日期", null=True, blank=True)
    goal_amount = models.DecimalField(
        "目标金额（元）", null=True, blank=True, max_digits=16, decimal_places=2
    )
    description = models.TextField("说明", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    scope_org = "organization"

    class Meta:
        verbose_name = "捐赠活动"
        verbose_name_plural = "捐赠活动"
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="campaign_name_once_per_org"),
            models.CheckConstraint(
                condition=Q(end_on__isnull=True) | Q(end_on__gte=F("start_on")),
                name="campaign_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(goal_amount__isnull=True) | Q(goal_amount__gt=0), name="campaign_goal_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def scope_q(cls, scope: UserScope, *, write: bool) -> Q:
        q = super().scope_q(scope, write=write)
        if not write:
            # An enterprise user sees its federation's campaigns (to pledge from the mini-program).
            from shanglian.registry.models import Enterprise

            paths = Enterprise.unscoped_objects.filter(scope.enterprise_q("pk")).values_list(
                "federation__path", flat=True
            )
            q |= path_q("organization", list(paths))
        return q

    @property
    def region_list(self) -> list[str]:
        return [r for r in self.regions.replace(",", "、").replace("，", "、").split("、") if r.strip()]


class Donation(TenantModel):
    """One gift (捐赠) to a campaign: cash and/or goods, from one donor or several jointly."""

    campaign = models.ForeignKey(
        Campaign, verbose_name="捐赠活动", on_delete=models.PROTECT, related_name="donations"
    )
    # The campaign's organiser, copied so scope reads one column.
    organization = models.ForeignKey(
        "orgs.Organization", verbose_name="组织单位", on_delete=models.PROTECT, related_name="+"
    )
    donated_on = models.DateField("捐赠日期")
    cash_amount = models.DecimalField("现金（元）", default=ZERO, max_digits=16, decimal_places=2)
    in_kind_amount = models.DecimalField("物资折价（元）", default=ZERO, max_digits=16, decimal_places=2)
    recipient = models.CharField("受赠方", max_length=100, blank=True)
    channel = models.CharField("捐赠渠道", max_length=20, choices=Channel.choices, default=Channel.CHARITY)
    status = models.CharField(
        "状态", max_length=20, choices=DonationStatus.choices, default=DonationStatus.PLEDGED
    )
    delivered_on = models.DateField("交付日期", null=True, blank=True)
    receipt_number = models.CharField("票据号码", max_length=50, blank=True)
    receipt_issuer = models.CharField("开票单位", max_length=100, blank=True)
    receipt_date = models.DateField("开票日期", null=True, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    attachments = GenericRelation("attachments.Attachment")

    scope_org = "organization"

    class Meta:
        verbose_name = "捐赠"
        verbose_name_plural = "捐赠"
        indexes = [
            models.Index(fields=["campaign", "donated_on", "id"], name="donation_campaign_idx"),
            # The gift list's order (newest first): its first page walks this index instead of sorting
            # every gift in scope (30 s → 1 ms at 1,000,000 gifts, BENCHMARKS.md).
            models.Index(fields=["-donated_on", "-id"], name="donation_date_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(cash_amount__gte=0)
                & Q(in_kind_amount__gte=0)
                & (Q(cash_amount__gt=0) | Q(in_kind_amount__gt=0)),
                name="donation_amount_positive",
            ),
            models.CheckConstraint(
                condition=Q(status=DonationStatus.PLEDGED) | Q(delivered_on__isnull=False),
                name="donation_delivered_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status=DonationStatus.RECEIPTED) | ~Q(receipt_number=""),
                name="donation_receipted_has_number",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.donated_on:%Y-%m-%d} · {self.total} 元"

    @property
    def total(self) -> Decimal:
        return self.cash_amount + self.in_kind_amount

    @property
    def receipt_file(self) -> Attachment | None:
        return attachment_of(self, RECEIPT)

    @classmethod
    def scope_q(cls, scope: UserScope, *, write: bool) -> Q:
        q = super().scope_q(scope, write=write)
        if not write:
            # A donor enterprise reads its own gifts (joint ones included).
            q |= Q(
                pk__in=DonationShare.unscoped_objects.filter(scope.enterprise_q("enterprise")).values(
                    "donation"
                )
            )
        return q


class DonationShare(TenantModel):
    """A donor of a gift and its share (元). A joint gift has several; the shares add up to the total."""

    donation = models.ForeignKey(
        Donation, verbose_name="捐赠", on_delete=models.CASCADE, related_name="shares"
    )
    organization = models.ForeignKey(
        "orgs.Organization", verbose_name="组织单位", on_delete=models.PROTECT, related_name="+"
    )
    enterprise = models.ForeignKey(
        "registry.Enterprise",
        verbose_name="捐赠企业",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="donation_shares",
    )
    person = models.ForeignKey(
        "registry.Person",
        verbose_name="捐赠人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="donation_shares",
    )
    amount = models.DecimalField("份额（元）", max_digits=16, decimal_places=2)

    scope_org = "organization"
    scope_enterprise = "enterprise"

    class Meta:
        verbose_name = "捐赠方"
        verbose_name_plural = "捐赠方"
        constraints = [
            models.CheckConstraint(
                condition=Q(enterprise__isnull=False, person__isnull=True)
                | Q(enterprise__isnull=True, person__isnull=False),
                name="donationshare_one_donor",
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="donationshare_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.donor} {self.amount} 元"

    @property
    def donor(self) -> Any:
        return self.enterprise or self.person


class DonationItem(TenantModel):
    """Goods given (捐物), valued on the donor's invoice, customs form, agreement or the market price."""

    donation = models.ForeignKey(
        Donation, verbose_name="捐赠", on_delete=models.CASCADE, related_name="items"
    )
    organization = models.ForeignKey(
        "orgs.Organization", verbose_name="组织单位", on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField("物资名称", max_length=100)
    quantity = models.DecimalField("数量", max_digits=14, decimal_places=2)
    unit = models.CharField("单位", max_length=10)
    unit_value = models.DecimalField("单价（元）", max_digits=16, decimal_places=2)
    value = models.DecimalField("折价（元）", max_digits=16, decimal_places=2)
    basis = models.CharField("估值依据", max_length=20, choices=ValuationBasis.choices)

    scope_org = "organization"

    class Meta:
        verbose_name = "捐赠物资"
        verbose_name_plural = "捐赠物资"
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0) & Q(unit_value__gt=0) & Q(value__gt=0),
                name="donationitem_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.quantity}{self.unit}"


class DonationCorrection(TenantModel):
    """A correction of a delivered gift: its new amounts, why and by whom. The gift itself is not edited."""

    donation = models.ForeignKey(
        Donation, verbose_name="捐赠", on_delete=models.PROTECT, related_name="corrections"
    )
    organization = models.ForeignKey(
        "orgs.Organization", verbose_name="组织单位", on_delete=models.PROTECT, related_name="+"
    )
    cash_before = models.DecimalField("更正前现金（元）", max_digits=16, decimal_places=2)
    in_kind_before = models.DecimalField("更正前物资（元）", max_digits=16, decimal_places=2)
    cash_after = models.DecimalField("更正后现金（元）", max_digits=16, decimal_places=2)
    in_kind_after = models.DecimalField("更正后物资（元）", max_digits=16, decimal_places=2)
    reason = models.CharField("更正原因", max_length=200)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="更正人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("更正时间", auto_now_add=True)

    scope_org = "organization"

    class Meta:
        verbose_name = "捐赠更正"
        verbose_name_plural = "捐赠更正"
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(cash_after__gte=0) & Q(in_kind_after__gte=0), name="correction_not_negative"
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="correction_has_reason"),
        ]

    def __str__(self) -> str:
        return f"更正 {self.donation_id}：{self.reason}"

    @property
    def total_after(self) -> Decimal:
        return self.cash_after + self.in_kind_after

    @property
    def total_before(self) -> Decimal:
        return self.cash_before + self.in_kind_before


class DonationEntry(TenantModel):
    """A ledger line (捐赠台账): what one donor gave to a delivered gift, or a correction's difference.

    Figures sum `amount` over entries, so a gift counts at its corrected value and each entry is a row of
    the drill-down (a correction's negative difference included)."""

    donation = models.ForeignKey(
        Donation, verbose_name="捐赠", on_delete=models.PROTECT, related_name="entries"
    )
    correction = models.ForeignKey(
        DonationCorrection,
        verbose_name="更正",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="entries",
    )
    campaign = models.ForeignKey(
        Campaign, verbose_name="捐赠活动", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("类别", max_length=30, choices=CampaignKind.choices)
    organization = models.ForeignKey(
        "orgs.Organization", verbose_name="组织单位", on_delete=models.PROTECT, related_name="+"
    )
    enterprise = models.ForeignKey(
        "registry.Enterprise",
        verbose_name="捐赠企业",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="donation_entries",
    )
    person = models.ForeignKey(
        "registry.Person",
        verbose_name="捐赠人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    donated_on = models.DateField("捐赠日期")
    cash = models.DecimalField("现金（元）", max_digits=16, decimal_places=2)
    in_kind = models.DecimalField("物资（元）", max_digits=16, decimal_places=2)
    amount = models.DecimalField("金额（元）", max_digits=16, decimal_places=2)

    scope_org = "organization"
    scope_enterprise = "enterprise"

    class Meta:
        verbose_name = "捐赠台账"
        verbose_name_plural = "捐赠台账"
        indexes = [
            models.Index(fields=["kind", "donated_on"], name="entry_kind_date_idx"),
            models.Index(fields=["campaign", "donated_on"], name="entry_campaign_date_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount=F("cash") + F("in_kind")), name="entry_amount_adds_up"),
            models.CheckConstraint(
                condition=Q(enterprise__isnull=False, person__isnull=True)
                | Q(enterprise__isnull=True, person__isnull=False),
                name="entry_one_donor",
            ),
        ]

    def __str__(self) -> str:
        who = self.enterprise or self.person
        tail = "（更正）" if self.correction_id else ""
        return f"{who} · {self.campaign} · {self.amount} 元{tail}"


class AssistancePurchase(TenantModel):
    """消费帮扶: goods bought from an assisted region."""

    organization = models.ForeignKey(
        "orgs.Organization", verbose_name="组织单位", on_delete=models.PROTECT, related_name="+"
    )
    buyer = models.CharField("采购方", max_length=100)
    buyer_enterprise = models.ForeignKey(
        "registry.Enterprise",
        verbose_name="采购企业",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    supplier = models.CharField("供货方", max_length=100)
    region = models.CharField("地区", max_length=50)
    goods = models.CharField("商品", max_length=200)
    amount = models.DecimalField("金额（元）", max_digits=16, decimal_places=2)
    purchased_on = models.DateField("采购日期")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    scope_org = "organization"

    class Meta:
        verbose_name = "消费帮扶采购"
        verbose_name_plural = "消费帮扶采购"
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="purchase_amount_positive")]

    def __str__(self) -> str:
        return f"{self.buyer} · {self.goods} · {self.amount} 元"


class AssistanceFacility(TenantModel):
    """扶贫体验馆, 消费配送中心 …: a place built for assistance."""

    organization = models.ForeignKey(
        "orgs.Organization", verbose_name="组织单位", on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField("名称", max_length=100)
    kind = models.CharField("类别", max_length=20, choices=FacilityKind.choices)
    place = models.CharField("地点", max_length=200)
    region = models.CharField("帮扶地区", max_length=50, blank=True)
    opened_on = models.DateField("启用日期")
    investment = models.DecimalField("投资（元）", null=True, blank=True, max_digits=16, decimal_places=2)
    partners = models.CharField("合作单位", max_length=200, blank=True)

    scope_org = "organization"

    class Meta:
        verbose_name = "帮扶设施"
        verbose_name_plural = "帮扶设施"
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="facility_name_once_per_org"),
            models.CheckConstraint(
                condition=Q(investment__isnull=True) | Q(investment__gte=0),
                name="facility_investment_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class VolunteerTeam(TenantModel):
    """A volunteer team (志愿服务队) of a chamber or federation."""

    organization = models.ForeignKey(
        "orgs.Organization", verbose_name="组织单位", on_delete=models.PROTECT, related_name="volunteer_teams"
    )
    name = models.CharField("名称", max_length=100)
    founded_on = models.DateField("成立日期")
    leader = models.CharField("负责人", max_length=50, blank=True)
    members = models.ManyToManyField(
        "registry.Person", verbose_name="队员", blank=True, related_name="volunteer_teams"
    )

    scope_org = "organization"

    class Meta:
        verbose_name = "志愿服务队"
        verbose_name_plural = "志愿服务队"
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="team_name_once_per_org")
        ]

    def __str__(self) -> str:
        return self.name


class VolunteerActivity(TenantModel):
    """One activity of a team: whom it reached, what it gave and what that was worth, who served how long."""

    team = models.ForeignKey(
        VolunteerTeam, verbose_name="志愿服务队", on_delete=models.PROTECT, related_name="activities"
    )
    organization = models.ForeignKey(
        "orgs.Organization", verbose_name="组织单位", on_delete=models.PROTECT, related_name="+"
    )
    held_on = models.DateField("活动日期")
    kind = models.CharField("类别", max_length=20, choices=ActivityKind.choices, default=ActivityKind.VISIT)
    title = models.CharField("主题", max_length=100)
    families_reached = models.PositiveIntegerField("走访户数", default=0)
    people_reached = models.PositiveIntegerField("服务人数", default=0)
    items = models.CharField("慰问物品", max_length=200, blank=True)
    gift_value = models.DecimalField("物品价值（元）", default=ZERO, max_digits=16, decimal_places=2)
    volunteers = models.PositiveIntegerField("参与志愿者", default=0)
    hours = models.DecimalField("服务时长（小时）", max_digits=10, decimal_places=1, default=Decimal("0.0"))
    attachments = GenericRelation("attachments.Attachment")

    scope_org = "organization"

    class Meta:
        verbose_name = "志愿服务活动"
        verbose_name_plural = "志愿服务活动"
        constraints = [
            models.CheckConstraint(
                condition=Q(gift_value__gte=0) & Q(hours__gte=0), name="activity_values_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.team} · {self.held_on:%Y-%m-%d} · {self.title}"


class DonationImport(TenantModel):
    """Which campaign an import job (捐赠名单导入) brings its gifts into."""

    job = models.OneToOneField(
        "excel.ImportJob", verbose_name="导入任务", on_delete=models.CASCADE, related_name="donation_import"
    )
    campaign = models.ForeignKey(
        Campaign, verbose_name="捐赠活动", on_delete=models.PROTECT, related_name="imports"
    )
    organization = models.ForeignKey(
        "orgs.Organization", verbose_name="组织单位", on_delete=models.PROTECT, related_name="+"
    )

    scope_org = "organization"

    class Meta:
        verbose_name = "捐赠名单导入"
        verbose_name_plural = "捐赠名单导入"

    def __str__(self) -> str:
        return f"{self.campaign} · {self.job_id}"
