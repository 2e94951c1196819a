"""Who is an enterprise's legal representative (法定代表人) among its users, for surveys that ask for their
approval (ACFIC's 万家民营企业评营商环境)."""

from __future__ import annotations

from typing import Any

from shanglian.core.access import enterprise_users, own_enterprise_ids


def is_legal_representative(user: Any, enterprise: Any) -> bool:
    """The enterprise's legal representative's own account: one of its 企业用户 whose name is the registry's
    法定代表人 (the registry keeps the person's name, not a login)."""
    name = (enterprise.legal_representative or "").strip()
    return bool(name) and enterprise.pk in own_enterprise_ids(user) and (user.name or "").strip() == name


def legal_representatives(enterprise: Any) -> list[Any]:
    name = (enterprise.legal_representative or "").strip()
    return [u for u in enterprise_users([enterprise.pk]) if name and (u.name or "").strip() == name]
