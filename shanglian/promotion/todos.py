"""Home to-dos: a cadre's 包联 enterprises without contact for a month; visits awaiting the enterprise's
confirmation; new technology needs awaiting a match (federation staff). One indexed query each."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from shanglian.core.access import own_enterprise_ids
from shanglian.core.roles import has_capability
from shanglian.core.todos import Todo, register
from shanglian.promotion import selectors
from shanglian.promotion.models import Visit, VisitStatus

LIMIT = 10


@register
def promotion_todos(user: Any) -> list[Todo]:
    todos: list[Todo] = []
    today = timezone.localdate()
    if has_capability(user, "promotion.edit"):
        for a in selectors.overdue_assignments(user, today=today)[:LIMIT]:
            since = f"最近联系 {a.last_contact_on:%Y-%m-%d}" if a.last_contact_on else "尚未联系"
            url = reverse("promotion:visit_create") + f"?enterprise={a.enterprise_id}"
            todos.append(
                Todo(
                    "包联联系",
                    f"{a.enterprise.name}：{since}，已超过一个月",
                    url,
                    a.last_contact_on,
                    "warning",
                    due_label="最近联系",
                    list_url=reverse("promotion:assignment_list"),
                )
            )
    if has_capability(user, "promotion.confirm"):
        pending = (
            Visit.objects.visible_to(user)
            .filter(status=VisitStatus.DONE, enterprise_id__in=own_enterprise_ids(user))
            .order_by("visited_on", "pk")[:LIMIT]
        )
        for v in pending:
            url = reverse("promotion:visit_detail", args=[v.pk])
            todos.append(
                Todo(
                    "走访确认",
                    f"{v.visited_on:%Y-%m-%d} 的走访记录待您确认",
                    url,
                    v.visited_on,
                    "info",
                    due_label="走访",
                    list_url=reverse("promotion:my_visits"),
                )
            )
    if has_capability(user, "promotion.edit"):
        for n in selectors.needs_to_match(user)[:LIMIT]:
            url = reverse("promotion:need_detail", args=[n.pk])
            todos.append(
                Todo(
                    "技术需求",
                    f"{n.enterprise.name}：{n.title}，待对接院校",
                    url,
                    n.posted_on,
                    "info",
                )
            )
    return todos
