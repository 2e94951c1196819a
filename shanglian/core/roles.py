"""Roles and what each may do. The one table of rights in the project.

A right missing here is a 403; an object outside the user's data scope (scope.py) is a 404.
"""

from typing import Any

from django.db import models


class Role(models.TextChoices):
    FEDERATION_ADMIN = "federation_admin", "工商联管理员"
    FEDERATION_LEADER = "federation_leader", "工商联领导"
    CHAMBER_SECRETARY = "chamber_secretary", "商会秘书处"
    ENTERPRISE_USER = "enterprise_user", "企业用户"
    DEPARTMENT_LIAISON = "department_liaison", "部门联络员"
    # An entrepreneur vice-chair of the federation (mechanisms.ViceChair binds the login to the registry
    # person): reads and signs only the sign-off rounds and consultations they are invited to.
    VICE_CHAIR = "vice_chair", "企业家副主席"


ADMIN: str = Role.FEDERATION_ADMIN
LEADER: str = Role.FEDERATION_LEADER
SECRETARY: str = Role.CHAMBER_SECRETARY
ENTERPRISE: str = Role.ENTERPRISE_USER
LIAISON: str = Role.DEPARTMENT_LIAISON
VICE_CHAIR: str = Role.VICE_CHAIR
STAFF = {ADMIN, LEADER, SECRETARY}
EVERYONE = {ADMIN, LEADER, SECRETARY, ENTERPRISE, LIAISON}

# capability -> roles that hold it. Apps add their own with register_capabilities() in their models.py.
CAPABILITIES: dict[str, set[str]] = {  # role values (a Role is a str)
    "home.view": EVERYONE | {VICE_CHAIR},
    "org.view": STAFF,
    "org.manage": {ADMIN},
    "user.view": {ADMIN, SECRETARY},
    "user.manage": {ADMIN, SECRETARY},
    "user.assign_staff_roles": {ADMIN},
    "audit.view": {ADMIN},
    "enterprise.view": {ADMIN, LEADER, SECRETARY, ENTERPRISE},
    # The registry list with its filters: staff. An enterprise user reads its own on 我的企业 (portal).
    "enterprise.list": {ADMIN, LEADER, SECRETARY},
    "enterprise.edit": {ADMIN, SECRETARY, ENTERPRISE},
    "enterprise.create": {ADMIN, SECRETARY},
    "api.token": EVERYONE | {VICE_CHAIR},
}


def register_capabilities(mapping: dict[str, set[str]]) -> None:
    for name, roles in mapping.items():
        if name in CAPABILITIES and CAPABILITIES[name] != set(roles):
            raise ValueError(f"capability {name} is defined twice with different roles")
        CAPABILITIES[name] = set(roles)


def assignments_of(user: Any) -> list[Any]:
    """The user's role assignments with their organisation and enterprise, read once per user object (one
    query per request): rights (`roles_of`), data scope (`scope.scope_for`) and the page header's role
    list all come from this one read."""
    cached: list[Any] | None = getattr(user, "_shanglian_assignments", None)
    if cached is None:
        cached = list(
            user.role_assignments.select_related("organization", "enterprise").only(
                "role",
                "user_id",
                "organization_id",
                "enterprise_id",
                "organization__path",
                "organization__name",
                "enterprise__name",
            )
        )
        user._shanglian_assignments = cached
    return cached


def roles_of(user: Any) -> set[str]:
    if not user.is_authenticated or not user.is_active:
        return set()
    cached: set[str] | None = getattr(user, "_shanglian_roles", None)
    if cached is None:
        cached = {a.role for a in assignments_of(user)}
        user._shanglian_roles = cached
    return cached


def has_capability(user: Any, capability: str) -> bool:
    if capability not in CAPABILITIES:
        raise KeyError(f"unknown capability {capability}")
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return bool(roles_of(user) & CAPABILITIES[capability])
