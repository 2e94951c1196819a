"""Writes of the registry. Every state change leaves exactly one audit row. One module per area; the
functions are re-exported here, so callers write `services.create_enterprise(...)`."""

from shanglian.registry.services._common import ENTERPRISE_FIELDS, PERSON_FIELDS
from shanglian.registry.services.enterprises import (
    create_enterprise,
    delete_year_figure,
    set_year_figure,
    update_enterprise,
)
from shanglian.registry.services.memberships import (
    chambers_open_to,
    decide_application,
    end_membership,
    set_dues,
    submit_application,
)
from shanglian.registry.services.people import (
    add_person_role,
    create_person,
    remove_person_role,
    update_person,
)
from shanglian.registry.services.pools import (
    record_export,
    save_classification_rule,
    set_pool_override,
)

__all__ = [
    "ENTERPRISE_FIELDS",
    "PERSON_FIELDS",
    "create_enterprise",
    "update_enterprise",
    "set_year_figure",
    "delete_year_figure",
    "create_person",
    "update_person",
    "add_person_role",
    "remove_person_role",
    "chambers_open_to",
    "submit_application",
    "decide_application",
    "end_membership",
    "set_dues",
    "save_classification_rule",
    "set_pool_override",
    "record_export",
]
