from django.conf import settings
from django.db import models

from shanglian.core.scope import ScopedQuerySet, TenantModel


class AuditAction(models.TextChoices):
    CREATE = "create", "新增"
    UPDATE = "update", "修改"
    DELETE = "delete", "删除"
    TRANSITION = "transition", "状态变更"
    LOGIN = "login", "登录"
    LOGIN_FAILED = "login_failed", "登录失败"
    LOGOUT = "logout", "退出"
    DENIED = "denied", "越权拒绝"
    EXPORT = "export", "导出"
    IMPORT = "import", "导入"


class AuditEntryQuerySet(ScopedQuerySet):
    def update(self, **kwargs):
        raise PermissionError("审计日志只可追加，不可修改")

    def delete(self):
        raise PermissionError("审计日志只可追加，不可删除")


class AuditEntry(TenantModel):
    """Append-only log of every state change, login and permission denial (等保 二级 安全审计)."""

    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField("操作人名称", max_length=150, blank=True)
    ip = models.GenericIPAddressField("IP", null=True, blank=True)
    action = models.CharField("动作", max_length=20, choices=AuditAction.choices, db_index=True)
    object_type = models.CharField("对象类型", max_length=100, blank=True, db_index=True)
    object_id = models.CharField("对象ID", max_length=64, blank=True)
    object_repr = models.CharField("对象", max_length=200, blank=True)
    changes = models.JSONField("字段变更", default=dict, blank=True)
    message = models.CharField("说明", max_length=500, blank=True)
    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name="所属组织",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    scope_org = "organization"
    secretary_can_edit = False

    unscoped_objects = models.Manager.from_queryset(AuditEntryQuerySet)()
    objects = models.Manager.from_queryset(AuditEntryQuerySet)()

    class Meta:
        verbose_name = "审计日志"
        verbose_name_plural = "审计日志"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.get_action_display()} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("审计日志只可追加，不可修改")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("审计日志只可追加，不可删除")
