"""Logins, failed logins and logouts go to the audit log with the client IP."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from shanglian.audit.models import AuditAction
from shanglian.audit.services import record


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    record(actor=user, action=AuditAction.LOGIN, obj=user, organization=user.home_org, message="登录成功")


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        record(
            actor=user, action=AuditAction.LOGOUT, obj=user, organization=user.home_org, message="退出登录"
        )


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    username = (credentials or {}).get("username", "")[:150]
    record(
        actor=None,
        action=AuditAction.LOGIN_FAILED,
        object_type="accounts.user",
        object_repr=username,
        message=f"登录失败：{username}",
    )
