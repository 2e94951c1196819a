"""Writes of the mechanisms app, one module per area (names re-exported here)."""

from shanglian.mechanisms.services.consultations import (
    advance_consultation,
    answer_opinion,
    close_expired_consultations,
    comment,
    create_consultation,
    log_district_meeting,
)
from shanglian.mechanisms.services.filings import (
    ensure_default_filing_types,
    lateness,
    save_filing_type,
    step_filing,
    submit_filing,
)
from shanglian.mechanisms.services.rules import add_rule_version, create_rule, repeal_rule, update_rule
from shanglian.mechanisms.services.signoff import (
    Tally,
    appoint_vice_chair,
    check_satisfiable,
    close_expired_rounds,
    close_round_if_due,
    open_round,
    open_vice_chair_login,
    outcome,
    send_round_reminders,
    sign,
    verify_chain,
)
from shanglian.mechanisms.services.suggestions import (
    answer_suggestion,
    recognise,
    record_progress,
    submit_suggestion,
)

__all__ = [
    "advance_consultation",
    "answer_opinion",
    "comment",
    "create_consultation",
    "log_district_meeting",
    "answer_suggestion",
    "recognise",
    "record_progress",
    "submit_suggestion",
    "Tally",
    "appoint_vice_chair",
    "check_satisfiable",
    "close_expired_consultations",
    "close_expired_rounds",
    "close_round_if_due",
    "open_round",
    "open_vice_chair_login",
    "outcome",
    "send_round_reminders",
    "sign",
    "verify_chain",
    "add_rule_version",
    "create_rule",
    "ensure_default_filing_types",
    "lateness",
    "repeal_rule",
    "save_filing_type",
    "step_filing",
    "submit_filing",
    "update_rule",
]
