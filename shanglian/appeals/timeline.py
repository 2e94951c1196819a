"""一企一档 entries of 诉求: the enterprise's appeals, with their state.

Registered as rows (core/timeline.py): read in one UNION query with the other row providers, which keeps
the timeline within its 10 queries as platforms add theirs.
"""

from __future__ import annotations

from typing import Any

from django.db.models import CharField, DecimalField, F, QuerySet, Value
from django.urls import reverse

from shanglian.appeals.models import Appeal
from shanglian.core.roles import has_capability
from shanglian.core.timeline import Entry, Row, register_rows

_STATES = dict(Appeal._meta.get_field("state").flatchoices)


def _entry(row: Row) -> Entry:
    pk, day, title, _amount, _note, state = row
    url = reverse("appeals:appeal_detail", args=[pk])
    return Entry(day, "诉求", f"诉求：{title}", url, str(_STATES.get(state, state)), "orange")


@register_rows(_entry)
def appeals(enterprise: Any, user: Any) -> QuerySet[Appeal] | None:
    if not has_capability(user, "appeals.view"):
        return None
    rows: QuerySet[Appeal] = (
        Appeal.objects.visible_to(user)
        .filter(enterprise=enterprise)
        .annotate(
            tl_pk=F("pk"),
            tl_day=F("submitted_on"),
            tl_title=F("title"),
            tl_amount=Value(None, output_field=DecimalField(max_digits=16, decimal_places=2)),
            tl_note=Value("", output_field=CharField()),
            tl_state=F("state"),
        )
    )
    return rows
