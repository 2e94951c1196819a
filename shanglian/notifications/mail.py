"""The e-mail copy of a notification, for users who chose it. Sent by the task worker after commit.

A send that fails is logged and leaves `emailed_at` empty: the notification itself is already committed
and stays in the bell, and a later run of the same task sends only what has not gone out yet.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from shanglian.notifications.models import Notification

logger = logging.getLogger("shanglian.notifications")

SUBJECT_PREFIX = "【商联】"


def _absolute(path: str) -> str:
    return str(settings.SITE_URL).rstrip("/") + path


def build_message(notification: Notification) -> EmailMessage:
    user = notification.recipient
    lines = [f"{user.name or user.username}，您好：", "", notification.title]
    if notification.body:
        lines += ["", notification.body]
    if notification.link:
        # Through the list's "open" view, so following the mail also marks the message read.
        lines += ["", "查看详情：" + _absolute(reverse("notifications:open", args=[notification.pk]))]
    lines += [
        "",
        "——",
        "商联 · 区工商联（总商会）商会工作平台。此邮件由系统自动发送，请勿回复。",
        "不想再收到邮件，可在“消息设置”中关闭：" + _absolute(reverse("notifications:settings")),
    ]
    return EmailMessage(
        subject=SUBJECT_PREFIX + notification.title,
        body="\n".join(lines),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
    )


@task()
def send_notification_emails(key: str, recipient_ids: list[int]) -> int:
    """E-mail the notifications `key` of these recipients who still want e-mail; returns how many went out."""
    pending = list(
        Notification.objects.filter(
            key=key,
            recipient_id__in=recipient_ids,
            emailed_at__isnull=True,
            recipient__is_active=True,
            recipient__notification_preference__email_enabled=True,
        )
        .exclude(recipient__email="")
        .values_list("pk", flat=True)
    )
    if not pending:
        return 0
    sent = 0
    connection = get_connection()
    try:
        for pk in pending:
            try:
                with transaction.atomic():
                    # Two runs of the job at once: the second skips the row the first is sending.
                    notification = (
                        Notification.objects.select_for_update(skip_locked=True, of=("self",))
                        .select_related("recipient")
                        .filter(pk=pk, emailed_at__isnull=True)
                        .first()
                    )
                    if notification is None:
                        continue
                    connection.send_messages([build_message(notification)])
                    notification.emailed_at = timezone.now()
                    notification.save(update_fields=["emailed_at"])
                    sent += 1
            except Exception:
                logger.exception("notification %s: e-mail not sent", pk)
    finally:
        try:
            connection.close()
        except Exception:
            logger.exception("closing the mail connection failed")
    return sent
