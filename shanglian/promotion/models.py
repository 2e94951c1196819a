"""助推平台: visits to member enterprises (走访), the reproducible random draw, 包联 assignments, coverage
targets, and 产学研 cooperation (institutions, projects)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q

from shanglian.attachments.uses import register_use
from shanglian.core.phones import validate_phone
from shanglian.core.roles import ADMIN, ENTERPRISE, LEADER, SECRETARY, register_capabilities
from shanglian.core.scope import TenantModel

register_capabilities(
    {
        "promotion.view": {ADMIN, LEADER, SECRETARY},
        "promotion.edit": {ADMIN, SECRETARY},
        "promotion.export": {ADMIN, LEADER, SECRETARY},
        # An enterprise user sees and confirms the records of visits to its own enterprise.
        "promotion.confirm": {ENTERPRISE},
        "promotion.visit": {ADMIN, LEADER, SECRETARY, ENTERPRISE},
    }
)

VISIT_PHOTO = "promotion.visit_photo"
register_use(
    VISIT_PHOTO,
    label="走访照片",
    types={"jpg", "png", "pdf"},
    view_capability="promotion.view",
    single=False,
)

# Federations' norm: a chamber visits at least 30% of its directors and 20% of its members each year.
DEFAULT_DIRECTORS_PCT = 30
DEFAULT_MEMBERS_PCT = 20
# 理事及以上: the positions a chamber's director-coverage target counts.
DIRECTOR_POSITIONS = ("president", "executive_president", "vice_president", "director")
# A 包联 cadre keeps monthly contact with each enterprise assigned to them.
CONTACT_INTERVAL_DAYS = 30


class VisitMode(models.TextChoices):
    OFFLINE = "offline", "线下"
    ONLINE = "online", "线上"


class VisitSelection(models.TextChoices):
    FIXED = "fixed", "定点"
    RANDOM = "random", "随机"


class VisitChannel(models.TextChoices):
    ONSITE = "onsite", "实地"
    PHONE = "phone", "电话"
    VIDEO = "video", "视频"


class VisitStatus(models.TextChoices):
    PLANNED = "planned", "计划走访"
    DONE = "done", "已走访"
    CONFIRMED = "confirmed", "企业已确认"
    CANCELLED = "cancelled", "已取消"


class VisitDraw(TenantModel):
    """A random draw of enterprises to visit: the seed and the candidate list make it reproducible."""

    organization = models.ForeignKey(
        "orgs.Organization", verbose_name="走访单位", on_delete=models.PROTECT, related_name="visit_draws"
    )
    chamber = models.ForeignKey(
        "orgs.Organization",
        verbose_name="抽取范围（商会）",
        on_delete=models.PROTECT,
        related_name="visit_draws_of",
    )
    directors_only = models.BooleanField("仅理事及以上", default=False)
    exclude_visited_year = models.PositiveSmallIntegerField("排除当年已走访（年份）", null=True, blank=True)
    size = models.PositiveIntegerField("抽取数量", validators=[MinValueValidator(1), MaxValueValidator(500)])
    seed = models.BigIntegerField("随机种子")
    candidates = models.PositiveIntegerField("候选企业数")
    planned_on = models.DateField("计划走访日期")
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="抽取人", on_delete=models.PROTECT, related_name="+"
    )
    drawn_at = models.DateTimeField("抽取时间", auto_now_add=True)

    scope_org = "organization"

    class Meta:
        verbose_name = "随机抽取"
        verbose_name_plural = "随机抽取"
        constraints = [models.CheckConstraint(condition=Q(size__gte=1), name="visitdraw_size_positive")]

    def __str__(self) -> str:
        return f"{self.chamber} 随机抽取 {self.size} 家（{self.drawn_at:%Y-%m-%d}）"


class Visit(TenantModel):
    """One visit to one enterprise (a plan until it is recorded), with what was found."""

    organization = models.ForeignKey(
        "orgs.Organization", verbose_name="走访单位", on_delete=models.PROTECT, related_name="visits"
    )
    enterprise = models.ForeignKey(
        "registry.Enterprise", verbose_name="企业", on_delete=models.PROTECT, related_name="visits"
    )
    mode = models.CharField("方式", max_length=10, choices=VisitMode.choices, default=VisitMode.OFFLINE)
    selection = models.CharField(
        "选取", max_length=10, choices=VisitSelection.choices, default=VisitSelection.FIXED
    )
    channel = models.CharField(
        "渠道", max_length=10, choices=VisitChannel.choices, default=VisitChannel.ONSITE
    )
    status = models.CharField("状态", max_length=12, choices=VisitStatus.choices, default=VisitStatus.PLANNED)
    planned_on = models.DateField("计划日期")
    visited_on = models.DateField("走访日期", null=True, blank=True)
    visitors = models.CharField("走访人员", max_length=200, blank=True)
    notes = models.TextField("走访情况", blank=True)
    problems = models.TextField("发现的问题及意见建议", blank=True, help_text="每行一条")
    draw = models.ForeignKey(
        VisitDraw,
        verbose_name="随机抽取",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="visits",
    )
    confirmed_on_paper = models.BooleanField("纸质签字确认", default=False)
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)
    cancel_reason = models.CharField("取消原因", max_length=200, blank=True)
    # Empty for records loaded by the system (the seed's year, imports).
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    attachments = GenericRelation("attachments.Attachment")

    scope_org = "organization"
    scope_enterprise = "enterprise"

    class Meta:
        verbose_name = "走访"
        verbose_name_plural = "走访"
        indexes = [
            models.Index(fields=["organization", "-planned_on", "-id"], name="visit_org_planned_idx"),
            models.Index(fields=["enterprise", "visited_on"], name="visit_ent_visited_idx"),
            models.Index(fields=["visited_on", "mode"], name="visit_visited_mode_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["planned", "cancelled"]) | Q(visited_on__isnull=False),
                name="visit_recorded_has_date",
            ),
            models.UniqueConstraint(
                fields=["draw", "enterprise"], condition=Q(draw__isnull=False), name="visit_once_per_draw"
            ),
        ]

    def __str__(self) -> str:
        return f"走访 {self.enterprise}（{self.visited_on or self.planned_on}）"

    @property
    def problem_lines(self) -> list[str]:
        return [line.strip() for line in self.problems.splitlines() if line.strip()]


class CoverageTarget(TenantModel):
    """A chamber's visit-coverage target for a year (defaults when none is set: 30% / 20%)."""

    chamber = models.ForeignKey(
        "orgs.Organization", verbose_name="商会", on_delete=models.PROTECT, related_name="coverage_targets"
    )
    year = models.PositiveSmallIntegerField(
        "年度", validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    directors_pct = models.PositiveSmallIntegerField(
        "理事及以上走访比例（%）", default=DEFAULT_DIRECTORS_PCT, validators=[MaxValueValidator(100)]
    )
    members_pct = models.PositiveSmallIntegerField(
        "会员走访比例（%）", default=DEFAULT_MEMBERS_PCT, validators=[MaxValueValidator(100)]
    )

    scope_org = "chamber"

    class Meta:
        verbose_name = "走访覆盖目标"
        verbose_name_plural = "走访覆盖目标"
        constraints = [
            models.UniqueConstraint(fields=["chamber", "year"], name="coverage_target_once_per_year"),
            models.CheckConstraint(
                condition=Q(directors_pct__lte=100) & Q(members_pct__lte=100), name="coverage_target_pct"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.chamber} {self.year}年走访目标"


class CadreAssignment(TenantModel):
    """包联: a staff member responsible for one enterprise, with the date of the last contact kept here
    when a visit is recorded (so the overdue list is an indexed read, not an aggregate over visits)."""

    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name="所属单位",
        on_delete=models.PROTECT,
        related_name="cadre_assignments",
    )
    cadre = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="包联干部",
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    enterprise = models.ForeignKey(
        "registry.Enterprise", verbose_name="企业", on_delete=models.PROTECT, related_name="cadre_assignments"
    )
    since = models.DateField("包联开始")
    last_contact_on = models.DateField("最近联系", null=True, blank=True)

    scope_org = "organization"

    class Meta:
        verbose_name = "包联企业"
        verbose_name_plural = "包联企业"
        indexes = [models.Index(fields=["cadre", "last_contact_on"], name="cadre_last_contact_idx")]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "organization"], name="cadre_one_per_enterprise")
        ]

    def __str__(self) -> str:
        return f"{self.cadre} 包联 {self.enterprise}"


# ---------------------------------------------------------------- 产学研


class InstitutionKind(models.TextChoices):
    UNIVERSITY = "university", "高校"
    INSTITUTE = "institute", "科研院所"
    OTHER = "other", "其他"


class Institution(TenantModel):
    """A partner university or research institute (四川大学, 西安理工大学 …)."""

    federation = models.ForeignKey(
        "orgs.Organization", verbose_name="所属工商联", on_delete=models.PROTECT, related_name="institutions"
    )
    name = models.CharField("机构名称", max_length=100)
    kind = models.CharField(
        "类型", max_length=12, choices=InstitutionKind.choices, default=InstitutionKind.UNIVERSITY
    )
    contact = models.CharField("联系人", max_length=50, blank=True)
    phone = models.CharField("联系电话", max_length=20, blank=True, validators=[validate_phone])
    note = models.CharField("备注", max_length=200, blank=True)

    scope_org = "federation"
    secretary_can_edit = False

    @classmethod
    def scope_q(cls, scope: Any, *, write: bool) -> Q:
        q = super().scope_q(scope, write=write)
        if write:
            return q
        # A chamber's secretary reads its federation's partner institutions (to name one on a project).
        from shanglian.orgs.models import Organization

        chambers = Organization.objects.unscoped().filter(
            scope.chamber_q("pk"), path__startswith=OuterRef("federation__path")
        )
        return q | Q(Exists(chambers))

    class Meta:
        verbose_name = "合作院校"
        verbose_name_plural = "合作院校"
        constraints = [models.UniqueConstraint(fields=["federation", "name"], name="institution_unique_name")]

    def __str__(self) -> str:
        return self.name


class ProjectStatus(models.TextChoices):
    NEGOTIATING = "negotiating", "洽谈"
    SIGNED = "signed", "签约"
    IMPLEMENTING = "implementing", "实施"
    CONCLUDED = "concluded", "结题"
    DROPPED = "dropped", "终止"


class ResearchProject(TenantModel):
    """An industry–university–research project between member enterprises and an institution."""

    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name="促成单位",
        on_delete=models.PROTECT,
        related_name="research_projects",
    )
    institution = models.ForeignKey(
        Institution, verbose_name="合作院校", on_delete=models.PROTECT, related_name="projects"
    )
    enterprises: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        "registry.Enterprise", verbose_name="合作企业", related_name="research_projects"
    )
    title = models.CharField("项目名称", max_length=200)
    tech_field = models.CharField("技术领域", max_length=50, blank=True)
    amount = models.DecimalField(
        "合同金额（元）",
        max_digits=14,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(0)],
    )
    status = models.CharField(
        "状态", max_length=14, choices=ProjectStatus.choices, default=ProjectStatus.NEGOTIATING
    )
    signed_on = models.DateField("签约日期", null=True, blank=True)
    outcome = models.TextField("成果", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    scope_org = "organization"

    class Meta:
        verbose_name = "产学研项目"
        verbose_name_plural = "产学研项目"
        indexes = [models.Index(fields=["signed_on"], name="research_signed_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="research_amount_not_negative"),
            models.CheckConstraint(
                condition=Q(status__in=["negotiating", "dropped"]) | Q(signed_on__isnull=False),
                name="research_signed_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title


# ---------------------------------------------------------------- 技术需求


register_capabilities(
    {
        # An enterprise posts its own needs; a chamber's secretary posts for its members, the federation
        # for any enterprise of its registry. Matching to an institution is the federation's (promotion.edit
        # plus the federation's write right, see workflows.py).
        "promotion.need": {ADMIN, LEADER, SECRETARY, ENTERPRISE},
        "promotion.need_post": {ADMIN, SECRETARY, ENTERPRISE},
    }
)

NEED_FILE = "promotion.need_file"
register_use(
    NEED_FILE,
    label="技术需求材料",
    types={"pdf", "doc", "docx", "jpg", "png", "xlsx"},
    view_capability="promotion.need",
    single=False,
)


class NeedStatus(models.TextChoices):
    SUBMITTED = "submitted", "待对接"
    MATCHED = "matched", "已对接院校"
    PROJECT = "project", "已转为产学研项目"
    CLOSED = "closed", "已关闭"


class TechNeed(TenantModel):
    """An enterprise's technology need (技术需求) that the federation routes to a partner institution; the
    institution's reply is kept, and a need taken up becomes a 产学研 project."""

    # Who keeps it: the federation when the enterprise posts it itself, the chamber that posted it for a member.
    organization = models.ForeignKey(
        "orgs.Organization", verbose_name="受理单位", on_delete=models.PROTECT, related_name="tech_needs"
    )
    enterprise = models.ForeignKey(
        "registry.Enterprise", verbose_name="需求企业", on_delete=models.PROTECT, related_name="tech_needs"
    )
    title = models.CharField("需求名称", max_length=200)
    tech_field = models.CharField("技术领域", max_length=50, blank=True)
    description = models.TextField("需求描述")
    budget = models.DecimalField(
        "预算（元）",
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    status = models.CharField("状态", max_length=12, choices=NeedStatus.choices, default=NeedStatus.SUBMITTED)
    posted_on = models.DateField("提出日期")
    institution = models.ForeignKey(
        Institution,
        verbose_name="对接院校",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tech_needs",
    )
    matched_on = models.DateField("对接日期", null=True, blank=True)
    reply = models.TextField("院校答复", blank=True)
    project = models.OneToOneField(
        ResearchProject,
        verbose_name="产学研项目",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tech_need",
    )
    converted_on = models.DateField("立项日期", null=True, blank=True)
    close_reason = models.CharField("关闭原因", max_length=200, blank=True)
    # Empty for records loaded by the system (the demo, the seed's year).
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="提出人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    attachments = GenericRelation("attachments.Attachment")

    scope_org = "organization"
    scope_enterprise = "enterprise"
    # The posting enterprise adds its own files; routing and closing are the staff's (workflows.py).
    enterprise_can_edit = True

    class Meta:
        verbose_name = "技术需求"
        verbose_name_plural = "技术需求"
        indexes = [
            models.Index(fields=["organization", "status", "-posted_on"], name="techneed_org_status_idx"),
            models.Index(fields=["posted_on"], name="techneed_posted_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(budget__isnull=True) | Q(budget__gte=0), name="techneed_budget_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["submitted", "closed"])
                | Q(institution__isnull=False, matched_on__isnull=False),
                name="techneed_matched_has_institution",
            ),
            models.CheckConstraint(
                condition=~Q(status="project") | Q(project__isnull=False, converted_on__isnull=False),
                name="techneed_project_has_project",
            ),
        ]

    def __str__(self) -> str:
        return self.title
