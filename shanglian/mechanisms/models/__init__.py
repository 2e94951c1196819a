"""五项机制: rules library, major-matter filing, collective sign-off, innovation suggestions."""

from shanglian.mechanisms.models.filings import (
    FILING_FILE,
    OPEN_FILING_STATES,
    Filing,
    FilingMode,
    FilingStatus,
    FilingType,
)
from shanglian.mechanisms.models.rules import RULE_FILE, RuleCategory, RuleDocument, RuleVersion

__all__ = [
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
