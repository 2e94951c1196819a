"""Home to-dos of the mechanisms app (each scoped to the user)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone

from shanglian.core.roles import has_capability
from shanglian.core.todos import Todo, register
from shanglian.mechanisms.models import (
    OPEN_FILING_STATES,
    Filing,
    FilingMode,
    FilingStatus,
    RoundStatus,
    SignOffRound,
)


def _url(filing: Filing) -> str:
    return reverse("mechanisms:filing_detail", args=[filing.pk])


@register
def filing_todos(user: Any) -> list[Todo]:
    if not has_capability(user, "mechanisms.filing_view"):
        return []
    today = timezone.localdate()
    todos = []
    visible = Filing.objects.visible_to(user).select_related("chamber")
    if has_capability(user, "mechanisms.filing_review"):
        for f in visible.filter(
            status__in=[FilingStatus.SUBMITTED, FilingStatus.ACCEPTED, FilingStatus.APPROVED]
        )[:20]:
            overdue = f.due_on is not None and f.due_on < today
            todos.append(
                Todo(
                    "重大事项报备待办理",
                    f"{f.chamber.name}：{f.title}（{f.get_status_display()}）",
                    _url(f),
                    f.due_on,
                    "danger" if overdue else "warning",
                    list_url=reverse("mechanisms:filing_list"),
                )
            )
    if has_capability(user, "mechanisms.filing_submit"):
        for f in visible.filter(status=FilingStatus.INFO_REQUESTED)[:20]:
            todos.append(Todo("报备需补充材料", f"{f.chamber.name}：{f.title}", _url(f), f.due_on, "warning"))
    # A prior-approval matter whose event date has come without approval: the leaders must see it.
    unapproved = visible.filter(
        mode=FilingMode.PRIOR_APPROVAL, status__in=OPEN_FILING_STATES, event_date__lte=today
    ).order_by("event_date", "pk")
    for f in unapproved[:20]:
        todos.append(
            Todo(
                "事前报批事项未获批准",
                f"{f.chamber.name}：{f.title}（尚未批准）",
                _url(f),
                f.event_date,
                "danger",
                due_label="事项日期",
                list_url=reverse("mechanisms:filing_list"),
            )
        )
    return todos


@register
def round_todos(user: Any) -> list[Todo]:
    """A vice-chair's rounds still to sign (their own, through the participant scope)."""
    if not has_capability(user, "mechanisms.round_sign"):
        return []
    pending = (
        SignOffRound.objects.visible_to(user)
        .filter(status=RoundStatus.OPEN, signers__user_id=user.pk)
        .exclude(signatures__signer__user_id=user.pk)
        .order_by("deadline", "pk")
    )
    now = timezone.now()
    return [
        Todo(
            "待签字事项",
            f"{r.title}（截止 {timezone.localtime(r.deadline):%H:%M}）",
            reverse("mechanisms:round_detail", args=[r.pk]),
            r.deadline,
            "danger" if r.deadline - now < timedelta(days=1) else "warning",
        )
        for r in pending[:20]
    ]
