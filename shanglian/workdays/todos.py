"""Home to-do for calendar admins: a year's holiday schedule that should be entered and is not."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from shanglian.core.roles import has_capability
from shanglian.core.todos import Todo, register
from shanglian.workdays.selectors import missing_schedules


@register
def workday_todos(user: Any) -> list[Todo]:
    if not has_capability(user, "workdays.manage"):
        return []
    today = timezone.localdate()
    return [
        Todo("工作日历", m.text, f"{reverse('workdays:day_list')}?year={m.year}", None, m.level)
        for m in missing_schedules(today)
    ]
