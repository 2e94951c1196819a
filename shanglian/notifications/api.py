"""站内消息 for the mini-program (and the browser session): only ever the caller's own messages."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from shanglian.core.validation import Id
from shanglian.notifications import selectors, services
from shanglian.notifications.models import Notification

router = Router(tags=["站内消息"])


class NotificationOut(Schema):
    id: int
    title: str
    body: str
    link: str
    is_read: bool
    created_at: datetime
    read_at: datetime | None


class NotificationPageOut(Schema):
    items: list[NotificationOut]
    # Pass as `before` for the next (older) page; null on the last page.
    next_before: int | None


class ListParams(Schema):
    unread: bool = Field(False, description="只看未读")
    before: int | None = Field(None, ge=1, le=2**63 - 1, description="上一页返回的 next_before")
    limit: int = Field(selectors.PER_PAGE, ge=1, le=100)


class UnreadOut(Schema):
    unread: int


class MarkedOut(Schema):
    marked: int


@router.get("/", response=NotificationPageOut, summary="我的站内消息（最新在前，按 next_before 翻页）")
def list_notifications(request: HttpRequest, params: Query[ListParams]) -> dict[str, object]:
    page = selectors.page_of(
        request.user, unread_only=params.unread, before=params.before, per_page=params.limit
    )
    return {"items": page.items, "next_before": page.before}


@router.get("/unread-count", response=UnreadOut, summary="未读消息数")
def unread_count(request: HttpRequest) -> dict[str, int]:
    return {"unread": selectors.unread_count(request.user)}


@router.post("/read-all", response=MarkedOut, summary="全部标为已读")
def mark_all_read(request: HttpRequest) -> dict[str, int]:
    return {"marked": services.mark_all_read(actor=request.user)}


@router.post("/{notification_id}/read", response=NotificationOut, summary="标为已读")
def mark_read(request: HttpRequest, notification_id: Id) -> Notification:
    return services.mark_read(notification_id=notification_id, actor=request.user)
