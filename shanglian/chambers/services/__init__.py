"""Writes of the chambers app, one module per area; every public function is re-exported here."""

# Every function takes keyword-only `actor=`, runs in one transaction, raises `ServiceError("中文")` for a
# broken rule before writing anything, and writes one audit row per state change.

from shanglian.chambers.services.common import ensure_profile
from shanglian.chambers.services.lifecycle import (
    ALLOWED,
    DEFAULT_CASE_DAYS,
    STATE_LABELS,
    approve_request,
    check_transition,
    current_state,
    flag_irregular,
    found_chamber,
    reject_request,
    request_transition,
    start_founding,
    transition_chamber,
    transition_kind,
)
from shanglian.chambers.services.ratings import (
    apply_rating,
    decide_rating,
    indicators_for,
    save_indicator,
    score_rating,
)
from shanglian.chambers.services.rectification import close_case, policy_for, update_case, update_policy
from shanglian.chambers.services.registration import (
    clean_chamber_credit_code,
    update_registration,
    upload_charter,
)

__all__ = [
    "ALLOWED",
    "DEFAULT_CASE_DAYS",
    "STATE_LABELS",
    "apply_rating",
    "approve_request",
    "check_transition",
    "clean_chamber_credit_code",
    "close_case",
    "current_state",
    "decide_rating",
    "ensure_profile",
    "flag_irregular",
    "found_chamber",
    "indicators_for",
    "policy_for",
    "reject_request",
    "request_transition",
    "save_indicator",
    "score_rating",
    "start_founding",
    "transition_chamber",
    "transition_kind",
    "update_case",
    "update_policy",
    "update_registration",
    "upload_charter",
]
