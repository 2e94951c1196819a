"""Writes of the appeals app. `submit_appeal` is the entry other apps call (visits, surveys, events)."""

from shanglian.appeals.services.categories import (
    delete_category,
    ensure_default_categories,
    save_category,
)
from shanglian.appeals.services.chasing import chase_appeals
from shanglian.appeals.services.intake import find_duplicate, submit_appeal
from shanglian.appeals.services.steps import (
    accept_appeal,
    approve_extension,
    close_appeal,
    comment_appeal,
    conclude_appeal,
    decline_appeal,
    dispatch_appeal,
    forward_appeal,
    rate_appeal,
    record_progress,
    reject_extension,
    reply_appeal,
    request_extension,
    send_back_appeal,
    sign_appeal,
    supplement_appeal,
    take_appeal,
    transfer_appeal,
)

__all__ = [
    "accept_appeal",
    "approve_extension",
    "chase_appeals",
    "close_appeal",
    "comment_appeal",
    "conclude_appeal",
    "decline_appeal",
    "delete_category",
    "dispatch_appeal",
    "ensure_default_categories",
    "find_duplicate",
    "forward_appeal",
    "rate_appeal",
    "record_progress",
    "reject_extension",
    "reply_appeal",
    "request_extension",
    "save_category",
    "send_back_appeal",
    "sign_appeal",
    "submit_appeal",
    "supplement_appeal",
    "take_appeal",
    "transfer_appeal",
]
