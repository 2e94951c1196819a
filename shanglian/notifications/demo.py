"""Demo: a few messages in every demo login's bell, so the top bar shows what it is for."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from shanglian.core.access import SYSTEM
from shanglian.notifications.models import Notification
from shanglian.notifications.services import notify


def load(ctx: Any) -> None:
    users = list(ctx.users.values())
    notify(
        recipients=users,
        title="系统将于周六 22:00 至 24:00 维护",
        body="维护期间暂停访问，请提前保存工作。",
        key="demo:maintenance",
        actor=SYSTEM,
    )
    # The older message has been read already, so the list shows both states.
    Notification.objects.filter(key="demo:maintenance").update(is_read=True, read_at=timezone.now())
    notify(
        recipients=users,
        title="欢迎使用商联",
        body="站内消息会显示在右上角的铃铛中；在“消息设置”里可以选择同时接收邮件。",
        link=reverse("notifications:settings"),
        key="demo:welcome",
        actor=SYSTEM,
    )
