"""五项机制: rules library, major-matter filing, collective sign-off, innovation suggestions."""

from shanglian.mechanisms.models.consultations import (
    DEFAULT_COMMENT_DAYS,
    Answer,
    Article,
    Consultation,
    DistrictMeeting,
    Opinion,
    Phase,
)
from shanglian.mechanisms.models.filings import (
    FILING_FILE,
    OPEN_FILING_STATES,
    Filing,
    FilingMode,
    FilingStatus,
    FilingType,
)
from shanglian.mechanisms.models.rules import RULE_FILE, RuleCategory, RuleDocument, RuleVersion
from shanglian.mechanisms.models.signoff import (
    GENESIS,
    ROUND_FILE,
    Decision,
    RoundStatus,
    Signature,
    SignOffRound,
    SignOffRule,
    ViceChair,
    chain_hash,
)
from shanglian.mechanisms.models.suggestions import (
    STAFF_CHANNELS,
    Channel,
    Suggestion,
    SuggestionCategory,
    SuggestionStatus,
    SuggestionUpdate,
)

__all__ = [
    "DEFAULT_COMMENT_DAYS",
    "Answer",
    "Article",
    "Consultation",
    "DistrictMeeting",
    "Opinion",
    "Phase",
    "STAFF_CHANNELS",
    "Channel",
    "Suggestion",
    "SuggestionCategory",
    "SuggestionStatus",
    "SuggestionUpdate",
    "GENESIS",
    "ROUND_FILE",
    "Decision",
    "RoundStatus",
    "SignOffRound",
    "SignOffRule",
    "Signature",
    "ViceChair",
    "chain_hash",
    "FILING_FILE",
    "OPEN_FILING_STATES",
    "RULE_FILE",
    "Filing",
    "FilingMode",
    "FilingStatus",
    "FilingType",
    "RuleCategory",
    "RuleDocument",
    "RuleVersion",
]
