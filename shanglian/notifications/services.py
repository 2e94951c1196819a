"""Writing notifications. `notify()` is the one entry point (workflow hook, scheduled jobs).

Reading a message (`mark_read`, `mark_all_read`) writes no audit row: the read flag is the recipient's own
inbox state, like a token's "last used", and `read_at` on the row already says when.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from shanglian.audit import services as audit
from shanglian.core.access import AccessDenied, require_actor
from shanglian.core.errors import ServiceError
from shanglian.notifications import selectors
from shanglian.notifications.models import Notification, NotificationPreference

__all__ = [
    "BadNotification",
    "check_link",
    "mark_all_read",
    "mark_read",
    "notify",
    "set_preferences",
]

TITLE_MAX = 200
KEY_MAX = 200
LINK_MAX = 500


class BadNotification(ServiceError, ValueError):
    """A notification that must not be written (a link off this site, an empty title, …).

    A `ServiceError` for pages and the API (a clear Chinese message), and a `ValueError` for callers that
    treat it as the programming error it usually is.
    """


def check_link(link: str) -> None:
    """Only a path on this site: "/…", never "//host", "/\\host", a scheme or control characters.

    The target page applies its own scope when opened, so a link to another tenant's object is that page's
    404; what must never happen is a bell that sends a user to another site.
    """
    if not link:
        return
    if (
        len(link) > LINK_MAX
        or not link.startswith("/")
        or any(ord(c) < 32 or c.isspace() for c in link)
        or not url_has_allowed_host_and_scheme(link, allowed_hosts=set())
    ):
        raise BadNotification("消息链接必须是本站内的地址（以单个 / 开头），不能指向其他网站。")


def _recipient_ids(recipients: Iterable[Any]) -> list[int]:
    seen: dict[int, None] = {}
    for user in recipients:
        if user is not None and user.pk is not None:
            seen[int(user.pk)] = None
    return list(seen)


@transaction.atomic
def notify(
    *,
    recipients: Iterable[Any],
    title: str,
    key: str,
    actor: Any,
    body: str = "",
    link: str = "",
) -> int:
    """Write one notification per recipient unless (recipient, key) exists; returns how many were new.

    `link` must be a local path ("/…"); the page it points to applies its own scope when opened. Recipients
    who chose e-mail get a copy after the transaction commits (a task; a failed send keeps the notification).
    """
    require_actor(actor)
    title = title.strip()
    if not title:
        raise BadNotification("消息标题不能为空。")
    if not key or len(key) > KEY_MAX:
        raise BadNotification(f"消息的幂等键不能为空，且不超过 {KEY_MAX} 个字符。")
    check_link(link)
    ids = _recipient_ids(recipients)
    if not ids:
        return 0
    existing = set(
        Notification.objects.filter(recipient_id__in=ids, key=key).values_list("recipient_id", flat=True)
    )
    new_ids = [pk for pk in ids if pk not in existing]
    if not new_ids:
        return 0
    Notification.objects.bulk_create(
        [
            Notification(recipient_id=pk, title=title[:TITLE_MAX], body=body, link=link, key=key)
            for pk in new_ids
        ],
        ignore_conflicts=True,
    )
    by_mail = list(
        NotificationPreference.objects.filter(user_id__in=new_ids, email_enabled=True).values_list(
            "user_id", flat=True
        )
    )
    if by_mail:
        from shanglian.notifications.mail import send_notification_emails

        transaction.on_commit(lambda: send_notification_emails.enqueue(key=key, recipient_ids=by_mail))
    return len(new_ids)


def _own_user(actor: Any) -> Any:
    """Inbox actions are a person's own: a system job has no inbox."""
    require_actor(actor)
    if not getattr(actor, "is_authenticated", False):
        raise AccessDenied("请先登录。")
    return actor


@transaction.atomic
def mark_read(*, notification_id: int, actor: Any) -> Notification:
    """Mark one of the actor's own notifications read (again is a no-op). Anyone else's is a 404."""
    user = _own_user(actor)
    notification = (
        Notification.objects.select_for_update().filter(pk=notification_id, recipient_id=user.pk).first()
    )
    if notification is None:
        raise Http404("消息不存在")
    if not notification.is_read:
        notification.is_read = True
        notification.read_at = timezone.now()
        notification.save(update_fields=["is_read", "read_at"])
    return notification


@transaction.atomic
def mark_all_read(*, actor: Any) -> int:
    """Mark every unread notification of the actor read; returns how many changed."""
    user = _own_user(actor)
    return Notification.objects.filter(recipient_id=user.pk, is_read=False).update(
        is_read=True, read_at=timezone.now()
    )


@transaction.atomic
def set_preferences(*, actor: Any, email_enabled: bool, email: str) -> NotificationPreference:
    """The actor's own channel choice, and the address e-mail goes to (the login's e-mail field)."""
    user = _own_user(actor)
    email = email.strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise ServiceError("邮箱地址格式不正确。")
    if email_enabled and not email:
        raise ServiceError("开启邮件通知前请先填写邮箱地址。")
    if email != user.email:
        before = audit.snapshot(user)
        user.email = email
        user.save(update_fields=["email"])
        audit.record_update(
            actor=user, obj=user, before=before, organization=user.home_org, message="修改本人邮箱"
        )
    preference = selectors.preference_of(user)
    if preference is None:
        preference = NotificationPreference.objects.create(user_id=user.pk, email_enabled=email_enabled)
        audit.record(
            actor=user,
            action=audit.AuditAction.CREATE,
            obj=preference,
            organization=user.home_org,
            changes={k: [None, v] for k, v in audit.snapshot(preference).items()},
        )
    elif preference.email_enabled != email_enabled:
        before = audit.snapshot(preference)
        preference.email_enabled = email_enabled
        preference.save(update_fields=["email_enabled", "updated_at"])
        audit.record_update(actor=user, obj=preference, before=before, organization=user.home_org)
    return preference
