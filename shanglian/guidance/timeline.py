"""一企一档 entries of 捐赠: gifts the enterprise gave (its own share of joint ones), with the campaign.

Registered as rows (core/timeline.py): read in one UNION query with the other row providers.
"""

from __future__ import annotations

from typing import Any

from django.db.models import CharField, F, QuerySet, Value
from django.urls import reverse

from shanglian.core.roles import has_capability
from shanglian.core.timeline import Entry, Row, register_rows
from shanglian.guidance.models import DonationShare, DonationStatus

_STATUS = dict(DonationStatus.choices)


def _entry(row: Row) -> Entry:
    pk, day, campaign, amount, staff, status = row
    detail = f"{campaign} · {amount:,.2f} 元 · {_STATUS.get(status, status)}"
    # The donor's own account has no staff detail page: its link goes to 我的捐赠.
    url = reverse("guidance:donation_detail", args=[pk]) if staff else reverse("guidance:my_giving")
    return Entry(day, "捐赠", f"捐赠：{campaign}", url, detail, "red")


@register_rows(_entry)
def donations(enterprise: Any, user: Any) -> QuerySet[DonationShare] | None:
    staff = has_capability(user, "guidance.view")
    if not (staff or has_capability(user, "guidance.own")):
        return None
    # Read through the share: it names the donor, and a joint gift counts only this enterprise's part.
    rows: QuerySet[DonationShare] = (
        DonationShare.objects.visible_to(user)
        .filter(enterprise=enterprise)
        .annotate(
            tl_pk=F("donation_id"),
            tl_day=F("donation__donated_on"),
            tl_title=F("donation__campaign__name"),
            tl_amount=F("amount"),
            tl_note=Value("staff" if staff else "", output_field=CharField()),
            tl_state=F("donation__status"),
        )
    )
    return rows
