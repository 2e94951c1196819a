"""Reading workflow deadlines: the due/overdue filter every list with a stored due date offers."""

from __future__ import annotations

from datetime import date
from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.utils import timezone

from shanglian.workdays.services import add_working_days
from shanglian.workflow.kit import workflow_for

M = TypeVar("M", bound=Model)

DUE_FILTERS = {"due": "即将到期", "overdue": "已逾期"}


def filter_due(qs: QuerySet[M], which: str, *, today: date | None = None) -> QuerySet[M]:
    """`which`: "overdue" (due date passed), "due" (due by the next working day), else unchanged.

    Only objects still in a state with a deadline count; the due date column is indexed.
    """
    if which not in DUE_FILTERS:
        return qs
    wf = workflow_for(qs.model)
    if not wf.due_field:
        return qs
    today = today or timezone.localdate()
    lookups: dict[str, Any] = {f"{wf.field}__in": wf.due_states()}
    if which == "overdue":
        lookups[f"{wf.due_field}__lt"] = today
    else:
        lookups[f"{wf.due_field}__gte"] = today
        lookups[f"{wf.due_field}__lte"] = add_working_days(today, 1)
    return qs.filter(**lookups)


def is_overdue(obj: Any, *, today: date | None = None) -> bool:
    wf = workflow_for(obj)
    if not wf.due_field or getattr(obj, wf.field) not in wf.due_states():
        return False
    due = getattr(obj, wf.due_field)
    return due is not None and due < (today or timezone.localdate())
