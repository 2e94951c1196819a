"""Classification rules and the manual overrides of the talent pools (三库)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from shanglian.core.scope import TenantModel
from shanglian.registry.models.choices import ContributionTier, OverrideAction, TalentPool
from shanglian.registry.models.enterprises import Industry
from shanglian.registry.models.people import Person


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
