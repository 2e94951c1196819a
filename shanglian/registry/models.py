import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from shanglian.core.crypto import BlindIndexField, EncryptedCharField
from shanglian.core.roles import ADMIN, ENTERPRISE, LEADER, SECRETARY, register_capabilities
from shanglian.core.scope import TenantModel
from shanglian.registry import search
from shanglian.registry.codes import credit_code_validator, id_number_validator, pinyin_of

register_capabilities(
    {
        "person.view": {ADMIN, LEADER, SECRETARY, ENTERPRISE},
        "person.edit": {ADMIN, SECRETARY, ENTERPRISE},
        "person.view_id_number": {ADMIN},
        "membership.view": {ADMIN, LEADER, SECRETARY},
        "membership.apply": {ENTERPRISE},
        "membership.decide": {ADMIN, SECRETARY},
        "talent.view": {ADMIN, LEADER, SECRETARY},
        "talent.manage": {ADMIN},
        "classification.manage": {ADMIN},
        "registry.export": {ADMIN, LEADER, SECRETARY},
        "portal.view": {ENTERPRISE},
    }
)


def federation_in(paths) -> Q:
    """Rows whose `federation` lies in one of the org subtrees, as a list of federation ids.

    Same rows as core.scope.path_q("federation", …). A join (or semi-join) to the org table makes
    PostgreSQL misestimate the subtree as one row and repeat a search scan once per organisation;
    the handful of federation ids, read first, keeps the plan simple at a million enterprises.
    """
    if not paths:
        return Q(pk__in=[])
    from shanglian.orgs.models import Organization, OrgKind

    under = Q()
    for p in paths:
        under |= Q(path__startswith=p)
    ids = list(Organization.objects.filter(under, kind=OrgKind.FEDERATION).values_list("pk", flat=True))
    return Q(federation_id__in=ids)


class Position(models.TextChoices):
    PRESIDENT = "president", "会长"
    EXECUTIVE_PRESIDENT = "executive_president", "执行会长"
    VICE_PRESIDENT = "vice_president", "副会长"
    DIRECTOR = "director", "理事"
    MEMBER = "member", "会员单位"


class EnterpriseScale(models.TextChoices):
    LARGE = "large", "大型"
    MEDIUM = "medium", "中型"
    SMALL = "small", "小型"
    MICRO = "micro", "微型"


class Gender(models.TextChoices):
    MALE = "male", "男"
    FEMALE = "female", "女"


class PoliticalStatus(models.TextChoices):
    CPC = "cpc", "中共党员"
    CPC_PROBATIONARY = "cpc_probationary", "中共预备党员"
    DEMOCRATIC_PARTY = "democratic_party", "民主党派"
    CYL = "cyl", "共青团员"
    NONPARTISAN = "nonpartisan", "无党派人士"
    MASSES = "masses", "群众"


class Education(models.TextChoices):
    DOCTORATE = "doctorate", "博士研究生"
    MASTER = "master", "硕士研究生"
    BACHELOR = "bachelor", "大学本科"
    COLLEGE = "college", "大学专科"
    HIGH_SCHOOL = "high_school", "高中及以下"


class RoleTitle(models.TextChoices):
    LEGAL_REPRESENTATIVE = "legal_representative", "法定代表人"
    CHAIRMAN = "chairman", "董事长"
    GENERAL_MANAGER = "general_manager", "总经理"
    SHAREHOLDER = "shareholder", "股东"
    OTHER = "other", "其他"


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", "待审核"
    APPROVED = "approved", "已通过"
    REJECTED = "rejected", "已驳回"


class TalentPool(models.TextChoices):
    EXCELLENT = "excellent", "优秀企业家库"
    KEY_INDUSTRY = "key_industry", "重点行业企业家库"
    YOUTH = "youth", "青年企业家库"


class ContributionTier(models.TextChoices):
    HIGH = "high", "突出贡献企业"
    MEDIUM = "medium", "较大贡献企业"
    GENERAL = "general", "一般企业"


class Industry(models.Model):
    """GB/T 4754-2017 国民经济行业分类: 门类 (code "C") and 大类 (code "C34"). A shared code table."""

    code = models.CharField("代码", max_length=8, unique=True)
    name = models.CharField("名称", max_length=100)
    parent = models.ForeignKey(
        "self", verbose_name="门类", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta:
        verbose_name = "国民经济行业"
        verbose_name_plural = "国民经济行业"
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.name}"


class Tag(models.Model):
    """A configurable enterprise tag (高新技术企业, 专精特新, 规上企业, 党建红盟企业 …)."""

    code = models.CharField("代码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=50)

    class Meta:
        verbose_name = "企业标签"
        verbose_name_plural = "企业标签"
        ordering = ["id"]

    def __str__(self):
        return self.name


class Enterprise(TenantModel):
    """A private enterprise in the federation's registry (会员企业)."""

    federation = models.ForeignKey(
        "orgs.Organization",
        verbose_name="所属工商联",
        on_delete=models.PROTECT,
        related_name="enterprises",
        db_index=False,  # ent_fed_pinyin_idx leads with it; a second index would only slow imports
    )
    name = models.CharField("企业名称", max_length=200)
    # Searched through registry.search (PostgreSQL) or LIKE (SQLite), sorted through ent_fed_pinyin_idx:
    # a btree of their own would only slow every write.
    name_pinyin = models.CharField("名称拼音", max_length=800, blank=True, editable=False)
    name_initials = models.CharField("拼音首字母", max_length=200, blank=True, editable=False)
    credit_code = models.CharField(
        "统一社会信用代码", max_length=18, unique=True, validators=[credit_code_validator]
    )
    legal_representative = models.CharField("法定代表人", max_length=50, blank=True)
    registered_address = models.CharField("注册地址", max_length=200, blank=True)
    street = models.CharField("所属街道", max_length=50, blank=True)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    industry = models.ForeignKey(
        Industry,
        verbose_name="所属行业",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enterprises",
        db_index=False,  # see Meta.indexes; the industry filter goes through registry.search's facets
    )
    scale = models.CharField("企业规模", max_length=10, choices=EnterpriseScale.choices, blank=True)
    founded_on = models.DateField("成立日期", null=True, blank=True)
    employees = models.PositiveIntegerField("员工数", null=True, blank=True)
    tags = models.ManyToManyField(Tag, verbose_name="标签", blank=True, related_name="enterprises")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    scope_org = "federation"
    enterprise_can_edit = True

    class Meta:
        verbose_name = "企业"
        verbose_name_plural = "企业"
        indexes = [
            # The only btree besides the keys: every index costs each imported row (BENCHMARKS.md). Filters
            # (street, industry, scale, tags) find few rows through registry.search's facet tokens; when they
            # match many, walking this in name order meets a match within a few rows.
            models.Index(fields=["federation", "name_pinyin", "id"], name="ent_fed_pinyin_idx"),
        ]

    def __str__(self):
        return self.name

    def fill_pinyin(self) -> None:
        """Compute the search columns from the name; call it before bulk_create (save() calls it)."""
        self.name_pinyin, self.name_initials = pinyin_of(self.name)

    def save(self, *args, **kwargs):
        self.fill_pinyin()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "name_pinyin", "name_initials"}
        super().save(*args, **kwargs)
        search.reindex([self.pk])

    @classmethod
    def scope_q(cls, scope, *, write: bool) -> Q:
        q = federation_in(scope.admin_paths if write else scope.read_paths)
        if scope.chamber_ids:
            q |= Q(
                pk__in=Membership.unscoped_objects.filter(chamber__in=scope.chamber_ids).values(
                    "enterprise_id"
                )
            )
        if scope.enterprise_ids:
            q |= Q(pk__in=scope.enterprise_ids)
        return q


class EnterpriseSearch(models.Model):
    """An enterprise's search grams (PostgreSQL; see registry.search). Derived data, never shown or queried
    on its own: selectors use it only as a subquery under a scoped Enterprise queryset."""

    enterprise = models.OneToOneField(
        Enterprise, primary_key=True, on_delete=models.CASCADE, related_name="search_entry"
    )
    grams = models.TextField("检索词元", blank=True)
    indexed_at = models.DateTimeField("索引时间", null=True)

    class Meta:
        verbose_name = "企业检索索引"
        verbose_name_plural = "企业检索索引"

    def __str__(self):
        return f"检索索引 #{self.enterprise_id}"


class _ThroughEnterprise(TenantModel):
    """Rows that belong to an enterprise and follow its scope exactly (figures, roles)."""

    class Meta:
        abstract = True

    @classmethod
    def scope_q(cls, scope, *, write: bool) -> Q:
        return Q(enterprise__in=Enterprise.unscoped_objects.filter(Enterprise.scope_q(scope, write=write)))


class EnterpriseYearFigure(_ThroughEnterprise):
    """One year's figures of an enterprise (营业收入 / 纳税额 / 研发投入, 元). History rows."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name="企业", on_delete=models.CASCADE, related_name="year_figures"
    )
    year = models.PositiveSmallIntegerField(
        "年度", validators=[MinValueValidator(1949), MaxValueValidator(2100)]
    )
    revenue = models.DecimalField("营业收入（元）", max_digits=16, decimal_places=2, null=True, blank=True)
    tax = models.DecimalField("纳税额（元）", max_digits=16, decimal_places=2, null=True, blank=True)
    rd_spend = models.DecimalField("研发投入（元）", max_digits=16, decimal_places=2, null=True, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "企业年度数据"
        verbose_name_plural = "企业年度数据"
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "year"], name="year_figure_one_per_year"),
        ]
        indexes = [models.Index(fields=["year", "tax"], name="year_figure_year_tax_idx")]

    def __str__(self):
        return f"{self.enterprise} {self.year} 年"


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


class MembershipApplication(TenantModel):
    """An enterprise's application to join a chamber (入会申请); approval creates the Membership."""

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
        ]

    def __str__(self):
        return f"{self.enterprise} 申请加入 {self.chamber}"


class Person(TenantModel):
    """An entrepreneur or other person in the registry (企业家)."""

    federation = models.ForeignKey(
        "orgs.Organization", verbose_name="所属工商联", on_delete=models.PROTECT, related_name="people"
    )
    name = models.CharField("姓名", max_length=50)
    gender = models.CharField("性别", max_length=10, choices=Gender.choices, blank=True)
    birth_date = models.DateField("出生日期", null=True, blank=True, db_index=True)
    political_status = models.CharField(
        "政治面貌", max_length=20, choices=PoliticalStatus.choices, blank=True
    )
    education = models.CharField("学历", max_length=20, choices=Education.choices, blank=True)
    # Encrypted at rest; equality (uniqueness, import upsert, lookups) goes through the keyed blind index.
    id_number = EncryptedCharField(
        "身份证号", plain_max_length=18, blank=True, validators=[id_number_validator]
    )
    id_number_hash = BlindIndexField("身份证号索引", source="id_number", db_index=True)
    phone = models.CharField("手机", max_length=20, blank=True)
    is_npc_deputy = models.BooleanField("人大代表", default=False)
    is_cppcc_member = models.BooleanField("政协委员", default=False)
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name="所在企业",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    scope_org = "federation"
    scope_enterprise = "enterprise"
    enterprise_can_edit = True

    class Meta:
        verbose_name = "企业家"
        verbose_name_plural = "企业家"
        constraints = [
            models.UniqueConstraint(
                fields=["federation", "id_number_hash"],
                condition=~Q(id_number_hash=""),
                name="person_id_number_once_per_federation",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "id_number" in update_fields:
            kwargs["update_fields"] = {*update_fields, "id_number_hash"}
        super().save(*args, **kwargs)

    @classmethod
    def id_number_q(cls, number: str) -> Q:
        """Filter for the person(s) with this 身份证号 (the column itself is encrypted)."""
        from shanglian.core.crypto import blind_index

        return Q(id_number_hash=blind_index(number))

    def age_on(self, on: datetime.date) -> int | None:
        if not self.birth_date:
            return None
        b = self.birth_date
        return on.year - b.year - ((on.month, on.day) < (b.month, b.day))

    @property
    def age(self) -> int | None:
        return self.age_on(datetime.date.today())

    @classmethod
    def scope_q(cls, scope, *, write: bool) -> Q:
        q = federation_in(scope.admin_paths if write else scope.read_paths)
        if scope.chamber_ids:
            members = Membership.unscoped_objects.filter(chamber__in=scope.chamber_ids).values(
                "enterprise_id"
            )
            q |= Q(enterprise__in=members)
        if scope.enterprise_ids:
            q |= Q(enterprise__in=scope.enterprise_ids)
        return q


class PersonRole(_ThroughEnterprise):
    """A person's role in an enterprise (法定代表人 / 董事长 / 总经理 / 股东 …)."""

    person = models.ForeignKey(Person, verbose_name="企业家", on_delete=models.CASCADE, related_name="roles")
    enterprise = models.ForeignKey(
        Enterprise, verbose_name="企业", on_delete=models.CASCADE, related_name="person_roles"
    )
    title = models.CharField("职务", max_length=30, choices=RoleTitle.choices)

    class Meta:
        verbose_name = "企业职务"
        verbose_name_plural = "企业职务"
        constraints = [
            models.UniqueConstraint(fields=["person", "enterprise", "title"], name="person_role_unique"),
        ]

    def __str__(self):
        return f"{self.person} {self.enterprise} {self.get_title_display()}"


class ClassificationRule(TenantModel):
    """The federation's rules of 数据分类 (one per federation), edited by a federation admin."""

    federation = models.OneToOneField(
        "orgs.Organization",
        verbose_name="工商联",
        on_delete=models.CASCADE,
        related_name="classification_rule",
    )
    figure_year = models.PositiveSmallIntegerField(
        "依据年度", null=True, blank=True, help_text="按哪一年度的纳税额分级；留空为参考日期的上一年度"
    )
    high_tax_min = models.DecimalField(
        "突出贡献：纳税额不低于（元）", max_digits=16, decimal_places=2, default=10_000_000
    )
    high_employees_min = models.PositiveIntegerField("突出贡献：员工数不少于", default=500)
    medium_tax_min = models.DecimalField(
        "较大贡献：纳税额不低于（元）", max_digits=16, decimal_places=2, default=1_000_000
    )
    medium_employees_min = models.PositiveIntegerField("较大贡献：员工数不少于", default=100)
    excellent_min_tier = models.CharField(
        "优秀企业家库：企业贡献等级至少",
        max_length=10,
        choices=[
            (ContributionTier.HIGH, ContributionTier.HIGH.label),
            (ContributionTier.MEDIUM, ContributionTier.MEDIUM.label),
        ],
        default=ContributionTier.HIGH,
    )
    excellent_include_deputies = models.BooleanField("人大代表、政协委员自动入选优秀企业家库", default=True)
    key_industries = models.ManyToManyField(
        Industry, verbose_name="重点行业", blank=True, related_name="+", help_text="可选门类或大类"
    )
    youth_age_limit = models.PositiveSmallIntegerField(
        "青年企业家年龄上限（周岁，含）",
        default=45,
        validators=[MinValueValidator(18), MaxValueValidator(80)],
    )
    reference_date = models.DateField("年龄计算参考日期", null=True, blank=True, help_text="留空为当天")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    scope_org = "federation"
    secretary_can_edit = False

    class Meta:
        verbose_name = "数据分类规则"
        verbose_name_plural = "数据分类规则"
        constraints = [
            models.CheckConstraint(
                condition=Q(high_tax_min__gte=models.F("medium_tax_min"))
                & Q(high_employees_min__gte=models.F("medium_employees_min")),
                name="rule_high_above_medium",
            ),
        ]

    def __str__(self):
        return f"{self.federation} 数据分类规则"


class OverrideAction(models.TextChoices):
    INCLUDE = "include", "人工纳入"
    EXCLUDE = "exclude", "人工排除"


class TalentPoolOverride(TenantModel):
    """A manual include/exclude of a person in one of the three databases, with its reason."""

    federation = models.ForeignKey(
        "orgs.Organization", verbose_name="工商联", on_delete=models.CASCADE, related_name="+"
    )
    person = models.ForeignKey(
        Person, verbose_name="企业家", on_delete=models.CASCADE, related_name="pool_overrides"
    )
    pool = models.CharField("人才库", max_length=20, choices=TalentPool.choices)
    action = models.CharField("操作", max_length=10, choices=OverrideAction.choices)
    reason = models.CharField("理由", max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("时间", auto_now_add=True)

    scope_org = "federation"
    secretary_can_edit = False

    class Meta:
        verbose_name = "人才库人工调整"
        verbose_name_plural = "人才库人工调整"
        constraints = [
            models.UniqueConstraint(fields=["person", "pool"], name="override_one_per_pool"),
        ]

    def __str__(self):
        return f"{self.person} {self.get_pool_display()} {self.get_action_display()}"
