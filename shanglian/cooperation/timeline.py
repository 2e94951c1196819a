"""一企一档 entries of 合作签约: deals the enterprise is a party to (either side), with the amount.

Registered as rows (core/timeline.py): read in one UNION query with the other row providers.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Case, CharField, F, Q, QuerySet, When
from django.urls import reverse

from shanglian.cooperation.models import Deal, DealType
from shanglian.core.roles import has_capability
from shanglian.core.timeline import Entry, Row, register_rows

_TYPES = dict(DealType.choices)


def _entry(row: Row) -> Entry:
    pk, day, title, amount, other, deal_type = row
    detail = f"{_TYPES.get(deal_type, deal_type)} · 对方：{other} · 金额 {amount:,.2f} 元"
    url = reverse("cooperation:deal_detail", args=[pk])
    return Entry(day, "合作", f"合作签约：{title}", url, detail, "purple")


@register_rows(_entry)
def deals(enterprise: Any, user: Any) -> QuerySet[Deal] | None:
    if not has_capability(user, "cooperation.view"):
        return None
    rows: QuerySet[Deal] = (
        Deal.objects.visible_to(user)
        .filter(Q(party_a=enterprise) | Q(party_b=enterprise))
        .annotate(
            tl_pk=F("pk"),
            tl_day=F("signed_on"),
            tl_title=F("title"),
            tl_amount=F("amount"),
            # The other side as typed on the contract: it may be a firm outside the registry.
            tl_note=Case(
                When(party_a=enterprise, then=F("party_b_name")),
                default=F("party_a_name"),
                output_field=CharField(),
            ),
            tl_state=F("deal_type"),
        )
    )
    return rows
