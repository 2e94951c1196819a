from django.db import models
from django.db.models import Q

from shanglian.core.scope import TenantModel, path_q


class Position(models.TextChoices):
    PRESIDENT = "president", "会长"
    EXECUTIVE_PRESIDENT = "executive_president", "执行会长"
    VICE_PRESIDENT = "vice_president", "副会长"
    DIRECTOR = "director", "理事"
    MEMBER = "member", "会员单位"


class Enterprise(TenantModel):
    """A private enterprise in the federation's registry (会员企业)."""

    federation = models.ForeignKey(
        "orgs.Organization", verbose_name="所属工商联", on_delete=models.PROTECT, related_name="enterprises"
    )
    name = models.CharField("企业名称", max_length=200)
    credit_code = models.CharField("统一社会信用代码", max_length=18, unique=True)
    legal_representative = models.CharField("法定代表人", max_length=50, blank=True)
    street = models.CharField("所属街道", max_length=50, blank=True)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    scope_org = "federation"
    enterprise_can_edit = True

    class Meta:
        verbose_name = "企业"
        verbose_name_plural = "企业"

    def __str__(self):
        return self.name

    @classmethod
    def scope_q(cls, scope, *, write: bool) -> Q:
        q = path_q("federation", scope.admin_paths if write else scope.read_paths)
        if scope.chamber_ids:
            q |= Q(
                pk__in=Membership.unscoped_objects.filter(chamber__in=scope.chamber_ids).values(
                    "enterprise_id"
                )
            )
        if scope.enterprise_ids:
            q |= Q(pk__in=scope.enterprise_ids)
        return q


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


class Person(TenantModel):
    """An entrepreneur or other person in the registry (企业家). Issue 4 fills out the fields."""

    federation = models.ForeignKey(
        "orgs.Organization", verbose_name="所属工商联", on_delete=models.PROTECT, related_name="people"
    )
    name = models.CharField("姓名", max_length=50)
    phone = models.CharField("手机", max_length=20, blank=True)
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

    def __str__(self):
        return self.name

    @classmethod
    def scope_q(cls, scope, *, write: bool) -> Q:
        q = path_q("federation", scope.admin_paths if write else scope.read_paths)
        if scope.chamber_ids:
            members = Membership.unscoped_objects.filter(chamber__in=scope.chamber_ids).values(
                "enterprise_id"
            )
            q |= Q(enterprise__in=members)
        if scope.enterprise_ids:
            q |= Q(enterprise__in=scope.enterprise_ids)
        return q
