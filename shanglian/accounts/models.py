import hashlib
import secrets

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q

from shanglian.core.phones import validate_phone
from shanglian.core.roles import Role
from shanglian.core.scope import ScopedQuerySet


class UserQuerySet(ScopedQuerySet):
    def _check_scoped(self):
        # Django's own auth (login, session lookup) reads users before any scope exists; the user
        # pages still go through visible_to()/get_object_for_user() and the access-matrix test.
        return None


class ShanglianUserManager(UserManager.from_queryset(UserQuerySet)):
    pass


class User(AbstractUser):
    """A login. Its organisation (`home_org`) decides who administers it; roles decide what it sees."""

    name = models.CharField("姓名", max_length=50, blank=True)
    phone = models.CharField("手机号", max_length=20, blank=True, validators=[validate_phone])
    home_org = models.ForeignKey(
        "orgs.Organization",
        verbose_name="所属组织",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )

    # Django's auth machinery (login, password reset) must look users up before any scope exists.
    objects = ShanglianUserManager()

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self):
        return self.name or self.username

    @classmethod
    def scope_q(cls, scope, *, write: bool) -> Q:
        q = scope.tree_q("home_org", write=write)
        if scope.has_chambers:
            # A secretary manages the enterprise users of their own chamber, never staff logins.
            q |= scope.chamber_q("home_org") & ~Q(
                role_assignments__role__in=[
                    Role.FEDERATION_ADMIN,
                    Role.FEDERATION_LEADER,
                    Role.CHAMBER_SECRETARY,
                ]
            )
        return q


class RoleAssignment(models.Model):
    """One role of a user, bound to an organisation (or, for 企业用户, to an enterprise)."""

    user = models.ForeignKey(
        User, verbose_name="用户", on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField("角色", max_length=30, choices=Role.choices)
    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name="组织",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    enterprise = models.ForeignKey(
        "registry.Enterprise",
        verbose_name="企业",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    # The registry keeps the 法定代表人's name only; whose login speaks for the enterprise where a survey asks
    # for the legal representative's approval is said here, by the secretary or admin who opened it.
    is_legal_representative = models.BooleanField("法定代表人", default=False)
    created_at = models.DateTimeField("授予时间", auto_now_add=True)

    class Meta:
        verbose_name = "角色授权"
        verbose_name_plural = "角色授权"
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(role=Role.ENTERPRISE_USER) & Q(enterprise__isnull=False) & Q(organization__isnull=True)
                )
                | (
                    ~Q(role=Role.ENTERPRISE_USER) & Q(enterprise__isnull=True) & Q(organization__isnull=False)
                ),
                name="role_bound_to_org_or_enterprise",
            ),
            models.UniqueConstraint(fields=["user", "role", "organization"], name="role_unique_per_org"),
            models.UniqueConstraint(fields=["user", "role", "enterprise"], name="role_unique_per_enterprise"),
            models.CheckConstraint(
                condition=Q(is_legal_representative=False) | Q(role=Role.ENTERPRISE_USER),
                name="legal_representative_is_enterprise_user",
            ),
            # An enterprise has one legal representative.
            models.UniqueConstraint(
                fields=["enterprise"],
                condition=Q(is_legal_representative=True),
                name="one_legal_representative_per_enterprise",
            ),
        ]

    def __str__(self):
        where = self.enterprise or self.organization
        return f"{self.get_role_display()} @ {where}"


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """Bearer token for the WeChat mini-program client; only its hash is stored."""

    user = models.ForeignKey(User, verbose_name="用户", on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField("名称", max_length=50, default="小程序")
    token_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField("前缀", max_length=8)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True)
    revoked = models.BooleanField("已吊销", default=False)

    class Meta:
        verbose_name = "API 令牌"
        verbose_name_plural = "API 令牌"

    def __str__(self):
        return f"{self.name}（{self.prefix}…）"

    @staticmethod
    def new_raw() -> str:
        return "sl_" + secrets.token_urlsafe(32)
