"""Guidance services, one module per area, re-exported here."""

from shanglian.guidance.services.assistance import record_activity, save_facility, save_purchase, save_team
from shanglian.guidance.services.campaigns import save_campaign
from shanglian.guidance.services.donations import (
    DonorInput,
    ItemInput,
    correct_donation,
    deliver_donation,
    record_donation,
    record_receipt,
    update_pledge,
)

__all__ = [
    "DonorInput",
    "ItemInput",
    "correct_donation",
    "deliver_donation",
    "record_activity",
    "record_donation",
    "record_receipt",
    "save_campaign",
    "save_facility",
    "save_purchase",
    "save_team",
    "update_pledge",
]
