"""五项机制: rules library, major-matter filing, collective sign-off, innovation suggestions."""

from shanglian.mechanisms.models.rules import RULE_FILE, RuleCategory, RuleDocument, RuleVersion

__all__ = ["RULE_FILE", "RuleCategory", "RuleDocument", "RuleVersion"]
