"""Writes of the mechanisms app, one module per area (names re-exported here)."""

from shanglian.mechanisms.services.rules import add_rule_version, create_rule, repeal_rule, update_rule

__all__ = ["add_rule_version", "create_rule", "repeal_rule", "update_rule"]
