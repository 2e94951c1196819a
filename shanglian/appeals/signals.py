"""A new federation starts with the default category tree, so no page has to write it on first use."""

from __future__ import annotations

from typing import Any

from shanglian.orgs.models import Organization, OrgKind


def seed_categories_of_new_federation(
    sender: type[Organization],
    instance: Organization,
    created: bool = False,
    raw: bool = False,
    **kwargs: Any,
) -> None:
    if not created or raw or instance.kind != OrgKind.FEDERATION:
        return
    from shanglian.appeals.services import ensure_default_categories
    from shanglian.core.access import SYSTEM

    ensure_default_categories(actor=SYSTEM, federation=instance)
