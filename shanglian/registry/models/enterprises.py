"""Enterprises (会员企业), their code tables (industry, tags), search entries and year figures."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from shanglian.core.phones import validate_phone
from shanglian.core.scope import TenantModel
from shanglian.registry import search
from shanglian.registry.codes import credit_code_validator, pinyin_of
from shanglian.registry.models.choices import EnterpriseScale


def federation_in(paths, memo=None) -> Q:
    """Rows whose `federation` lies in one of the org subtrees, as a list of federation ids.

    Same rows as core.scope.path_q("federation", …). A join (or semi-join) to the org table makes
    PostgreSQL misestimate the subtree as one row and repeat a search scan once per organisation;
    the handful of federation ids, read first, keeps the plan simple at a million enterprises.
    """
    if not paths:
        return Q(pk__in=[])
    from shanglian.orgs.models import Organization, OrgKind

    key = ("registry.federation_in", tuple(paths))
    ids = memo.get(key) if memo is not None else None
    if ids is None:
        from shanglian.metrics.caching import remember

        under = Q()
        for p in paths:
            under |= Q(path__startswith=p)

        def read() -> list[int]:
            return list(
                Organization.objects.unscoped()
                .filter(under, kind=OrgKind.FEDERATION)
                .values_list("pk", flat=True)
            )

        # Every scoped enterprise/person read asks this; federations change once in years: kept across
        # requests until the org table is written (the metrics' table tokens).
        ids = remember(
            "registry.federation_in", "|".join(sorted(paths)), frozenset({"orgs_organization"}), read
        )
        if memo is not None:  # the scope's memo: read and write checks of one request ask once
            memo[key] = ids
    return Q(federation_id__in=ids)


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
    phone = models.CharField("联系电话", max_length=20, blank=True, validators=[validate_phone])
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
        # The reverse relation names the model, so this module need not import memberships (which imports it).
        Membership = cls._meta.get_field("memberships").related_model

        q = federation_in(scope.tree_paths(write=write), scope.memo)
        if scope.has_chambers:
            q |= Q(
                pk__in=Membership.unscoped_objects.filter(scope.chamber_q("chamber")).values("enterprise_id")
            )
        return q | scope.enterprise_q("pk")


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


class PendingSearchEntry(models.Model):
    """An enterprise whose search entry is still to be written (PostgreSQL; see registry.search): a big
    import queues its new enterprises here instead of indexing ~80 n-grams each inside its transaction,
    the search reads them by their rows' own columns until `search.index_pending` (a task right after the
    import, and every minute) has moved them into the n-gram index."""

    enterprise = models.OneToOneField(
        Enterprise, primary_key=True, on_delete=models.CASCADE, related_name="pending_search_entry"
    )

    class Meta:
        verbose_name = "待建检索索引的企业"
        verbose_name_plural = "待建检索索引的企业"

    def __str__(self):
        return f"待建检索索引 #{self.enterprise_id}"


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


class EnterpriseTally(models.Model):
    """Enterprises counted ahead per federation, all of them and those carrying a tracked tag (kept on
    write by registry.enterprise_tally): what the figures 分类梳理企业 and 党建红盟企业 read at a million
    enterprises instead of counting them. Not tenant data of its own (no page lists it): the figures'
    drill rows stay the enterprises."""

    federation = models.ForeignKey(
        "orgs.Organization", verbose_name="工商联", on_delete=models.CASCADE, related_name="+"
    )
    # "" = every enterprise of the registry; else those tagged so (registry.enterprise_tally.TRACKED_TAGS).
    tag = models.CharField("标签", max_length=50, blank=True)
    count = models.IntegerField("企业数")

    class Meta:
        verbose_name = "企业数汇总"
        verbose_name_plural = "企业数汇总"
        constraints = [
            models.UniqueConstraint(fields=["federation", "tag"], name="enterprise_tally_one_per_tag"),
        ]

    def __str__(self):
        return f"{self.federation_id} {self.tag} {self.count}"
