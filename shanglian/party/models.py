"""党建: a chamber's party organisation (双建双揭), its members, model sites and brands."""

from django.db import models
from django.db.models import F, Q

from shanglian.core.roles import ADMIN, LEADER, SECRETARY, register_capabilities
from shanglian.core.scope import TenantModel

register_capabilities(
    {
        "party.view": {ADMIN, LEADER, SECRETARY},
        "party.edit": {ADMIN, SECRETARY},
        "party.figures": {ADMIN, LEADER},
        "party.showcase_edit": {ADMIN},
    }
)


class PartyOrgKind(models.TextChoices):
    BRANCH = "branch", "党支部"
    JOINT_BRANCH = "joint_branch", "联合党支部"
    COMMITTEE = "committee", "党委"


class PartyOrganization(TenantModel):
    """The party organisation of a chamber; founded and unveiled with the chamber (双建双揭)."""

    chamber = models.ForeignKey(
        "orgs.Organization", verbose_name="商会", on_delete=models.PROTECT, related_name="party_organizations"
    )
    name = models.CharField("名称", max_length=100)
    kind = models.CharField("类型", max_length=20, choices=PartyOrgKind.choices)
    founded_on = models.DateField("成立日期")
    unveiled_on = models.DateField("揭牌日期", null=True, blank=True)
    secretary = models.ForeignKey(
        "registry.Person",
        verbose_name="书记",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="party_secretary_of",
    )
    member_count = models.PositiveIntegerField("党员人数", default=0, help_text="含未在系统登记的党员")
    dissolved_on = models.DateField("撤销日期", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    scope_org = "chamber"

    class Meta:
        verbose_name = "商会党组织"
        verbose_name_plural = "商会党组织"
        ordering = ["chamber__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["chamber"], condition=Q(dissolved_on__isnull=True), name="party_org_one_per_chamber"
            ),
            models.CheckConstraint(
                condition=Q(unveiled_on__isnull=True) | Q(unveiled_on__gte=F("founded_on")),
                name="party_org_unveiled_after_founded",
            ),
            models.CheckConstraint(
                condition=Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=F("founded_on")),
                name="party_org_dissolved_after_founded",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def dual_unveiling(self) -> bool | None:
        """双建双揭: was the party organisation unveiled on the chamber's own unveiling day?"""
        if not self.unveiled_on or not self.chamber.unveiled_on:
            return None
        return self.unveiled_on == self.chamber.unveiled_on


class PartyRole(models.TextChoices):
    SECRETARY = "secretary", "书记"
    DEPUTY_SECRETARY = "deputy_secretary", "副书记"
    COMMITTEE_MEMBER = "committee_member", "委员"
    MEMBER = "member", "党员"


class PartyMember(TenantModel):
    """A registered person belonging to a chamber's party organisation."""

    party_org = models.ForeignKey(
        PartyOrganization, verbose_name="党组织", on_delete=models.CASCADE, related_name="members"
    )
    person = models.ForeignKey(
        "registry.Person", verbose_name="人员", on_delete=models.PROTECT, related_name="party_memberships"
    )
    role = models.CharField("党内职务", max_length=20, choices=PartyRole.choices, default=PartyRole.MEMBER)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    scope_org = "party_org__chamber"

    class Meta:
        verbose_name = "党组织成员"
        verbose_name_plural = "党组织成员"
        constraints = [
            models.UniqueConstraint(fields=["party_org", "person"], name="party_member_once"),
        ]

    def __str__(self):
        return f"{self.person} · {self.get_role_display()}"


class ShowcaseLevel(models.TextChoices):
    DISTRICT = "district", "区级"
    CITY = "city", "市级"
    PROVINCE = "province", "省级"
    NATIONAL = "national", "国家级"


class Tier(models.TextChoices):
    """The seed's three tiers of model-site building: federation, chamber, member enterprise."""

    FEDERATION = "federation", "工商联（总商会）"
    CHAMBER = "chamber", "所属商会"
    ENTERPRISE = "enterprise", "会员企业"


class Showcase(TenantModel):
    """Common shape of model sites and brands: owned by the federation, placed at a chamber or enterprise.

    The federation designates them (secretaries and enterprises read their own, never edit).
    """

    federation = models.ForeignKey(
        "orgs.Organization", verbose_name="所属工商联", on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField("名称", max_length=100)
    level = models.CharField(
        "级别", max_length=20, choices=ShowcaseLevel.choices, default=ShowcaseLevel.DISTRICT
    )
    year = models.PositiveSmallIntegerField("命名年度")
    chamber = models.ForeignKey(
        "orgs.Organization",
        verbose_name="商会",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    enterprise = models.ForeignKey(
        "registry.Enterprise",
        verbose_name="企业",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    description = models.TextField("简介", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    secretary_can_edit = False

    class Meta:
        abstract = True
        ordering = ["-year", "name"]

    def __str__(self):
        return self.name

    @property
    def tier(self) -> str:
        if self.enterprise_id:
            return Tier.ENTERPRISE
        return Tier.CHAMBER if self.chamber_id else Tier.FEDERATION

    @property
    def tier_label(self) -> str:
        return Tier(self.tier).label

    @property
    def place(self):
        return self.enterprise or self.chamber or self.federation

    @classmethod
    def scope_q(cls, scope, *, write: bool) -> Q:
        q = scope.tree_q("federation", write=write)
        if not write:
            q |= scope.chamber_q("chamber") | scope.enterprise_q("enterprise")
        return q


class PartyModelSite(Showcase):
    """党建示范点."""

    class Meta(Showcase.Meta):
        verbose_name = "党建示范点"
        verbose_name_plural = "党建示范点"
        constraints = [
            models.CheckConstraint(
                condition=Q(chamber__isnull=True) | Q(enterprise__isnull=True), name="model_site_one_place"
            ),
        ]


class PartyBrand(Showcase):
    """党建品牌."""

    class Meta(Showcase.Meta):
        verbose_name = "党建品牌"
        verbose_name_plural = "党建品牌"
        constraints = [
            models.CheckConstraint(
                condition=Q(chamber__isnull=True) | Q(enterprise__isnull=True), name="brand_one_place"
            ),
        ]
