"""Who may do what in the mechanisms app (one table, read by core.roles)."""

from shanglian.core.roles import ADMIN, ENTERPRISE, LEADER, SECRETARY, VICE_CHAIR, register_capabilities

register_capabilities(
    {
        "mechanisms.rules_view": {ADMIN, LEADER},
        "mechanisms.rules_edit": {ADMIN},
        "mechanisms.filing_view": {ADMIN, LEADER, SECRETARY},
        "mechanisms.filing_submit": {ADMIN, SECRETARY},
        "mechanisms.filing_review": {ADMIN},
        "mechanisms.filing_configure": {ADMIN},
        "mechanisms.round_view": {ADMIN, LEADER, VICE_CHAIR},
        "mechanisms.round_open": {ADMIN},
        "mechanisms.round_sign": {VICE_CHAIR},
        "mechanisms.vice_chair_manage": {ADMIN},
        "mechanisms.consultation_view": {ADMIN, LEADER, ENTERPRISE, VICE_CHAIR},
        "mechanisms.consultation_comment": {ENTERPRISE, VICE_CHAIR},
        "mechanisms.consultation_manage": {ADMIN},
        "mechanisms.meeting_view": {ADMIN, LEADER},
        "mechanisms.meeting_edit": {ADMIN},
        "mechanisms.suggestion_view": {ADMIN, LEADER, ENTERPRISE},
        "mechanisms.suggestion_submit": {ADMIN, ENTERPRISE},
        "mechanisms.suggestion_handle": {ADMIN},
        "mechanisms.suggestion_notes": {ADMIN, LEADER},  # private staff notes
    }
)
