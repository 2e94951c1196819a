"""The donation ledger: entries per donor on delivery, difference entries on a correction.

A gift's value is split among its donors in proportion to their shares, cash and goods alike; the last
donor takes the rounding remainder so each split adds up to the cent.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Sum

from shanglian.guidance.models import ZERO, Donation, DonationCorrection, DonationEntry, DonationShare
from shanglian.metrics import caching

CENT = Decimal("0.01")


def split(amount: Decimal, weights: list[Decimal]) -> list[Decimal]:
    """`amount` split in proportion to `weights` (exact to the cent, the remainder on the last part)."""
    whole = sum(weights, ZERO)
    parts: list[Decimal] = []
    for w in weights[:-1]:
        parts.append((amount * w / whole).quantize(CENT, rounding=ROUND_HALF_UP) if whole else ZERO)
    parts.append(amount - sum(parts, ZERO))
    return parts


def _shares(donation: Donation) -> list[DonationShare]:
    return list(DonationShare.unscoped_objects.filter(donation=donation).order_by("pk"))


def targets(
    donation: Donation, cash: Decimal, in_kind: Decimal
) -> dict[tuple[Any, Any], tuple[Decimal, Decimal]]:
    """(enterprise id, person id) -> (cash, in kind) each donor's part of a gift of these amounts."""
    shares = _shares(donation)
    weights = [s.amount for s in shares]
    cash_parts, kind_parts = split(cash, weights), split(in_kind, weights)
    return {
        (s.enterprise_id, s.person_id): (c, k) for s, c, k in zip(shares, cash_parts, kind_parts, strict=True)
    }


def _entry(
    donation: Donation, key: tuple[Any, Any], cash: Decimal, in_kind: Decimal, **extra: Any
) -> DonationEntry:
    return DonationEntry(
        donation=donation,
        campaign_id=donation.campaign_id,
        kind=donation.campaign.kind,
        organization_id=donation.organization_id,
        enterprise_id=key[0],
        person_id=key[1],
        donated_on=donation.donated_on,
        cash=cash,
        in_kind=in_kind,
        amount=cash + in_kind,
        **extra,
    )


def write_delivery(donation: Donation) -> None:
    """The entries of a gift just delivered: one per donor, adding up to the gift."""
    parts = targets(donation, donation.cash_amount, donation.in_kind_amount)
    DonationEntry.unscoped_objects.bulk_create([_entry(donation, key, c, k) for key, (c, k) in parts.items()])
    caching.changed(DonationEntry)  # bulk_create sends no signals: the figures over the ledger must move


def write_correction(correction: DonationCorrection) -> None:
    """Per donor, the difference between its part of the corrected gift and what its entries hold now."""
    donation = correction.donation
    held = {
        (row["enterprise_id"], row["person_id"]): (row["c"], row["k"])
        for row in DonationEntry.unscoped_objects.filter(donation=donation)
        .values("enterprise_id", "person_id")
        .annotate(c=Sum("cash"), k=Sum("in_kind"))
    }
    rows = []
    for key, (c, k) in targets(donation, correction.cash_after, correction.in_kind_after).items():
        old_c, old_k = held.get(key, (ZERO, ZERO))
        if c != old_c or k != old_k:
            rows.append(_entry(donation, key, c - old_c, k - old_k, correction=correction))
    DonationEntry.unscoped_objects.bulk_create(rows)
    caching.changed(DonationEntry)


def current_amounts(donation: Donation) -> tuple[Decimal, Decimal]:
    """(cash, in kind) of a gift as it stands: the last correction's, else as recorded."""
    last = (
        DonationCorrection.unscoped_objects.filter(donation=donation).order_by("-created_at", "-pk").first()
    )
    return amounts_after(donation, last)


def amounts_after(donation: Donation, last: DonationCorrection | None) -> tuple[Decimal, Decimal]:
    """(cash, in kind) of a gift after its correction `last` (none: as recorded)."""
    if last is None:
        return donation.cash_amount, donation.in_kind_amount
    return last.cash_after, last.in_kind_after


def last_of(corrections: list[DonationCorrection]) -> DonationCorrection | None:
    """The correction that stands, among a gift's corrections already read (as `current_amounts` orders)."""
    return max(corrections, key=lambda c: (c.created_at, c.pk), default=None)
