"""合作签约 · 招商洽谈 · 对外联络 · 友好商会 (服务平台).

Counting rules (local 招商 practice): a deal counts once, in the period it was signed; an amendment
(补充协议, 增资) changes the deal's amount by its increment and never adds a deal, so "促成合作近2亿元" is
a sum over distinct deals that re-entering or amending cannot inflate. A project counts once, at its
first signing.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q

from shanglian.attachments.models import Attachment, attachment_of
from shanglian.attachments.uses import register_use
from shanglian.core.phones import validate_phone
from shanglian.core.roles import ADMIN, ENTERPRISE, LEADER, SECRETARY, register_capabilities
from shanglian.core.scope import TenantModel, UserScope

register_capabilities(
    {
        "cooperation.view": {ADMIN, LEADER, SECRETARY},
        "cooperation.edit": {ADMIN, SECRETARY},
        "cooperation.export": {ADMIN, LEADER},
    }
)

CONTRACT = "cooperation.contract"
register_use(
    CONTRACT, label="合同文件", types={"pdf", "doc", "docx", "jpg", "png"}, view_capability="cooperation.view"
)


class DealType(models.TextChoices):
    TRADE = "trade", "产品购销"
    INVESTMENT = "investment", "项目投资"
    TECHNOLOGY = "technology", "技术合作"
    FINANCING = "financing", "融资合作"
    SERVICE = "service", "服务外包"
    OTHER = "other", "其他"


class Deal(TenantModel):
    organizer = models.ForeignKey(
        "orgs.Organization", verbose_name="促成单位", on_delete=models.PROTECT, related_name="deals"
    )
    title = models.CharField("合作事项", max_length=200)
    deal_type = models.CharField("合作类型", max_length=20, choices=DealType.choices)
    party_a = models.ForeignKey(
        "registry.Enterprise",
        verbose_name="甲方（会员企业）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    party_a_name = models.CharField("甲方", max_length=200)
    party_b = models.ForeignKey(
        "registry.Enterprise",
        verbose_name="乙方（会员企业）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    party_b_name = models.CharField("乙方", max_length=200)
    # The current amount: the signed amount plus every amendment's increment (元).
    amount = models.DecimalField("合作金额（元）", max_digits=16, decimal_places=2)
    signed_amount = models.DecimalField("签约金额（元）", max_digits=16, decimal_places=2)
    signed_on = models.DateField("签约日期")
    contract_no = models.CharField("合同编号", max_length=50, blank=True)
    source_event = models.ForeignKey(
        "events.Event",
        verbose_name="来源活动",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deals",
    )
    note = models.TextField("备注", blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    attachments = GenericRelation("attachments.Attachment")

    scope_org = "organizer"

    class Meta:
        verbose_name = "合作签约"
        verbose_name_plural = "合作签约"
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="cooperation_deal_amount_not_negative"),
            models.CheckConstraint(
                condition=Q(signed_amount__gte=0), name="cooperation_deal_signed_amount_not_negative"
            ),
            # One contract is one deal: registering it again is refused, not added to the sum.
            models.UniqueConstraint(
                fields=["organizer", "contract_no"],
                condition=~Q(contract_no=""),
                name="cooperation_deal_contract_once",
            ),
            models.UniqueConstraint(
                fields=["organizer", "party_a_name", "party_b_name", "title", "signed_on"],
                name="cooperation_deal_same_deal_once",
            ),
        ]
        indexes = [models.Index(fields=["signed_on"])]

    def __str__(self) -> str:
        return self.title

    @property
    def contract(self) -> Attachment | None:
        return attachment_of(self, CONTRACT)


class DealAmendment(TenantModel):
    """补充协议 / 增资: the increment alone; the deal's amount is moved by it, never counted twice."""

    deal = models.ForeignKey(Deal, verbose_name="合作", on_delete=models.CASCADE, related_name="amendments")
    increment = models.DecimalField("增减金额（元）", max_digits=16, decimal_places=2)
    amount_before = models.DecimalField("变更前金额（元）", max_digits=16, decimal_places=2)
    amended_on = models.DateField("变更日期")
    reason = models.CharField("变更说明", max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    scope_org = "deal__organizer"

    class Meta:
        verbose_name = "合作变更"
        verbose_name_plural = "合作变更"

    def __str__(self) -> str:
        return f"{self.deal}：{self.increment}"


class Stage(models.TextChoices):
    PROMOTING = "promoting", "推介"
    NEGOTIATING = "negotiating", "在谈"
    SIGNED = "signed", "签约"
    PREPARING = "preparing", "拟开工"
    FUNDED = "funded", "到资"
    PRODUCING = "producing", "竣工投产"
    DROPPED = "dropped", "终止"


STAGE_ORDER = [
    Stage.PROMOTING,
    Stage.NEGOTIATING,
    Stage.SIGNED,
    Stage.PREPARING,
    Stage.FUNDED,
    Stage.PRODUCING,
]


class InvestmentProject(TenantModel):
    organizer = models.ForeignKey(
        "orgs.Organization",
        verbose_name="招商单位",
        on_delete=models.PROTECT,
        related_name="investment_projects",
    )
    name = models.CharField("项目名称", max_length=200)
    investor = models.CharField("投资方", max_length=200)
    industry = models.CharField("所属行业", max_length=100, blank=True)
    planned_investment = models.DecimalField("计划投资（元）", max_digits=16, decimal_places=2, default=0)
    stage = models.CharField("阶段", max_length=20, choices=Stage.choices, default=Stage.PROMOTING)
    # Counted once, at the event where it was first signed (a later re-signing changes neither).
    signed_on = models.DateField("首次签约日期", null=True, blank=True)
    signed_at_event = models.ForeignKey(
        "events.Event",
        verbose_name="签约活动",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    funded_amount = models.DecimalField("到位资金（元）", max_digits=16, decimal_places=2, default=0)
    note = models.TextField("备注", blank=True)
    drop_reason = models.CharField("终止原因", max_length=200, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    scope_org = "organizer"

    class Meta:
        verbose_name = "招商项目"
        verbose_name_plural = "招商项目"
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_investment__gte=0) & Q(funded_amount__gte=0),
                name="cooperation_project_amounts_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(stage__in=["promoting", "negotiating", "dropped"]) | Q(signed_on__isnull=False),
                name="cooperation_project_signed_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Talk(TenantModel):
    """一次招商洽谈 held on a project (counted: 举办各类招商洽谈 N 次)."""

    project = models.ForeignKey(
        InvestmentProject, verbose_name="招商项目", on_delete=models.CASCADE, related_name="talks"
    )
    held_on = models.DateField("洽谈日期")
    stage = models.CharField("洽谈时阶段", max_length=20, choices=Stage.choices)
    place = models.CharField("地点", max_length=200, blank=True)
    participants = models.CharField("参加人员", max_length=300, blank=True)
    summary = models.TextField("洽谈内容", blank=True)
    event = models.ForeignKey(
        "events.Event",
        verbose_name="所在活动",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    scope_org = "project__organizer"

    class Meta:
        verbose_name = "招商洽谈"
        verbose_name_plural = "招商洽谈"
        indexes = [models.Index(fields=["held_on"])]

    def __str__(self) -> str:
        return f"{self.project}（{self.held_on}）"


class LiaisonLevel(models.TextChoices):
    NATIONAL = "national", "国家级"
    PROVINCIAL = "provincial", "省级"
    CITY = "city", "市级"


class LiaisonKind(models.TextChoices):
    CHAMBER = "chamber", "商会"
    ASSOCIATION = "association", "协会"
    TOP500 = "top500", "500强企业"
    OTHER = "other", "其他"


class Liaison(TenantModel):
    """对外联络: one contact with an outside chamber, association or large enterprise."""

    organizer = models.ForeignKey(
        "orgs.Organization", verbose_name="联络单位", on_delete=models.PROTECT, related_name="liaisons"
    )
    organisation = models.CharField("联络对象", max_length=200)
    level = models.CharField("级别", max_length=20, choices=LiaisonLevel.choices)
    kind = models.CharField("类型", max_length=20, choices=LiaisonKind.choices)
    contacted_on = models.DateField("联络日期")
    purpose = models.CharField("目的", max_length=200)
    outcome = models.TextField("成果", blank=True)
    follow_up = models.CharField("后续跟进", max_length=200, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    scope_org = "organizer"

    class Meta:
        verbose_name = "对外联络"
        verbose_name_plural = "对外联络"
        indexes = [models.Index(fields=["contacted_on"])]

    def __str__(self) -> str:
        return self.organisation


class FriendlyChamber(TenantModel):
    """友好商会 agreement (partner, date, term, content)."""

    organizer = models.ForeignKey(
        "orgs.Organization",
        verbose_name="签约单位",
        on_delete=models.PROTECT,
        related_name="friendly_chambers",
    )
    partner = models.CharField("友好商会", max_length=200)
    signed_on = models.DateField("签约日期")
    term_years = models.PositiveSmallIntegerField("期限（年）", default=3)
    content = models.TextField("协议内容", blank=True)
    activities = models.TextField("签约以来的交流活动", blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    scope_org = "organizer"

    class Meta:
        verbose_name = "友好商会"
        verbose_name_plural = "友好商会"
        constraints = [
            models.UniqueConstraint(
                fields=["organizer", "partner"], name="cooperation_friendly_chamber_once"
            ),
            models.CheckConstraint(
                condition=Q(term_years__gte=1) & Q(term_years__lte=50), name="cooperation_friendly_term_range"
            ),
        ]

    def __str__(self) -> str:
        return self.partner


# ---------------------------------------------------------------- 供需对接 (supply and demand)

register_capabilities(
    {
        "supply.view": {ADMIN, LEADER, SECRETARY, ENTERPRISE},
        "supply.post": {ADMIN, SECRETARY, ENTERPRISE},
        "supply.review": {ADMIN, SECRETARY},  # publish or reject, broker meetings, record agreements
    }
)


class Side(models.TextChoices):
    SUPPLY = "supply", "供给"
    DEMAND = "demand", "需求"


class PostingCategory(models.TextChoices):
    PRODUCTS = "products", "产品"
    SERVICES = "services", "服务"
    FINANCING = "financing", "融资"
    TALENT = "talent", "人才"
    LAND = "land", "土地厂房"
    PARTNERS = "partners", "合作伙伴"


class PostingStatus(models.TextChoices):
    PENDING = "pending", "待审核"
    PUBLISHED = "published", "已发布"
    REJECTED = "rejected", "未通过"
    CLOSED = "closed", "已关闭"


class Posting(TenantModel):
    """A member's supply or demand; staff review it before it is published; past `valid_until` it hides."""

    federation = models.ForeignKey(
        "orgs.Organization", verbose_name="工商联", on_delete=models.PROTECT, related_name="postings"
    )
    enterprise = models.ForeignKey(
        "registry.Enterprise", verbose_name="发布企业", on_delete=models.CASCADE, related_name="postings"
    )
    side = models.CharField("供/需", max_length=10, choices=Side.choices)
    category = models.CharField("类别", max_length=20, choices=PostingCategory.choices)
    title = models.CharField("标题", max_length=100)
    description = models.TextField("详细说明", max_length=2000)
    industry = models.ForeignKey(
        "registry.Industry",
        verbose_name="行业",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    region = models.CharField("区域（街道）", max_length=50, blank=True)
    valid_until = models.DateField("有效期至")
    contact_name = models.CharField("联系人", max_length=50)
    contact_phone = models.CharField("联系电话", max_length=20, validators=[validate_phone])
    status = models.CharField(
        "状态", max_length=12, choices=PostingStatus.choices, default=PostingStatus.PENDING
    )
    review_note = models.CharField("审核意见", max_length=200, blank=True)
    created_at = models.DateTimeField("发布时间", auto_now_add=True)
    # The text's keywords as words (cooperation/keywords.py), kept on save; matching ranks on it with
    # pg_trgm under a GIN trigram index (migration 0002, PostgreSQL only). Bulk writers must set it.
    match_text = models.TextField("匹配关键词", blank=True, default="", editable=False)

    scope_org = "federation"
    scope_enterprise = "enterprise"
    enterprise_can_edit = True

    class Meta:
        verbose_name = "供需信息"
        verbose_name_plural = "供需信息"
        indexes = [models.Index(fields=["federation", "status", "side", "valid_until"])]

    def __str__(self) -> str:
        return f"[{self.get_side_display()}] {self.title}"

    @classmethod
    def scope_q(cls, scope: UserScope, *, write: bool) -> Q:
        from shanglian.registry.models import Enterprise, Membership

        q = scope.tree_q("federation", write=write) | scope.enterprise_q("enterprise")
        if scope.has_chambers:
            # A secretary keeps (reviews) the postings of its chamber's members.
            members = Membership.unscoped_objects.filter(scope.chamber_q("chamber_id"), left_on__isnull=True)
            q |= Q(enterprise_id__in=members.values("enterprise_id"))
        if not write:
            # Published postings are a market: every member enterprise of the federation reads them.
            feds = Enterprise.unscoped_objects.filter(scope.enterprise_q("pk")).values("federation_id")
            q |= Q(status=PostingStatus.PUBLISHED, federation_id__in=feds)
        return q

    @property
    def text(self) -> str:
        return f"{self.title} {self.description}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        from shanglian.cooperation.keywords import match_text

        self.match_text = match_text(self.text)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and ({"title", "description"} & set(update_fields)):
            kwargs["update_fields"] = {*update_fields, "match_text"}
        super().save(*args, **kwargs)


class Interest(TenantModel):
    """An enterprise's 意向 in a posting (either side may express it)."""

    posting = models.ForeignKey(
        Posting, verbose_name="供需信息", on_delete=models.CASCADE, related_name="interests"
    )
    enterprise = models.ForeignKey(
        "registry.Enterprise", verbose_name="意向企业", on_delete=models.CASCADE, related_name="+"
    )
    note = models.CharField("留言", max_length=200, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)

    @classmethod
    def scope_q(cls, scope: UserScope, *, write: bool) -> Q:
        q = scope.tree_q("posting__federation", write=write) | scope.enterprise_q("enterprise")
        if not write:
            q |= scope.enterprise_q("posting__enterprise")  # the poster reads who is interested
        return q

    class Meta:
        verbose_name = "对接意向"
        verbose_name_plural = "对接意向"
        constraints = [
            models.UniqueConstraint(fields=["posting", "enterprise"], name="cooperation_interest_once")
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} → {self.posting}"


class MatchStatus(models.TextChoices):
    PROPOSED = "proposed", "待约见"
    MEETING = "meeting", "已安排对接会"
    AGREED = "agreed", "达成合作"
    FAILED = "failed", "未达成"


class Match(TenantModel):
    """Staff broker a meeting between a posting's enterprise and a counterpart; an agreement becomes a Deal."""

    posting = models.ForeignKey(
        Posting, verbose_name="供需信息", on_delete=models.CASCADE, related_name="matches"
    )
    counterpart = models.ForeignKey(
        "registry.Enterprise", verbose_name="对接企业", on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField("匹配理由", max_length=300, blank=True)
    status = models.CharField(
        "状态", max_length=12, choices=MatchStatus.choices, default=MatchStatus.PROPOSED
    )
    meeting_at = models.DateTimeField("对接时间", null=True, blank=True)
    meeting_place = models.CharField("对接地点", max_length=200, blank=True)
    result_note = models.CharField("结果说明", max_length=200, blank=True)
    deal = models.OneToOneField(
        Deal, verbose_name="合作签约", null=True, blank=True, on_delete=models.SET_NULL, related_name="match"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    @classmethod
    def scope_q(cls, scope: UserScope, *, write: bool) -> Q:
        q = scope.tree_q("posting__federation", write=write)
        if not write:
            q |= scope.enterprise_q("posting__enterprise") | scope.enterprise_q("counterpart")
        return q

    class Meta:
        verbose_name = "供需对接"
        verbose_name_plural = "供需对接"
        constraints = [
            models.UniqueConstraint(fields=["posting", "counterpart"], name="cooperation_match_once")
        ]

    def __str__(self) -> str:
        return f"{self.posting.title} ↔ {self.counterpart}"
