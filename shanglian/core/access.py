"""Rights: the one module that answers "may this user do that here?".

`scope.py` decides which rows a user sees; this module answers every other rights question on top of
it — whether a user administers an org, may write an object, which federation is "theirs", whether a
role holds a capability. Apps ask these functions; none reads `UserScope` fields itself.

A rights failure is always `AccessDenied` (a `PermissionDenied`): pages turn it into 403, the API into
its JSON error. A service called without an actor is a programming error; jobs that act for nobody
(scheduler, demo loader) pass `actor=SYSTEM` explicitly.
"""

from __future__ import annotations

from typing import Any, Final

from django.core.exceptions import PermissionDenied

from shanglian.core import roles
from shanglian.core.scope import scope_for

__all__ = [
    "SYSTEM",
    "AccessDenied",
    "SystemActor",
    "can_write",
    "federation_of",
    "has_capability",
    "holders_of",
    "legal_representatives_of",
    "administers_any",
    "administered_orgs",
    "is_admin_of",
    "is_legal_representative_of",
    "is_secretary_of",
    "is_superuser",
    "is_system",
    "own_chamber_ids",
    "own_enterprise_ids",
    "require_actor",
    "require_admin_of",
    "require_capability",
    "require_write",
    "with_write_flag",
    "writable_orgs",
]


class AccessDenied(PermissionDenied):
    """A missing right. The message (Chinese) is shown as is where a page or the API shows one."""

    def __init__(self, message: str = "您的角色没有执行此操作的权限。") -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class SystemActor:
    """The actor of work nobody asked for in a request: scheduled jobs, the demo loader, migrations."""

    is_authenticated = False
    is_active = True
    is_superuser = False
    pk = None
    id = None
    username = "system"

    def __repr__(self) -> str:
        return "SYSTEM"

    def __str__(self) -> str:
        return "系统"

    def __bool__(self) -> bool:
        return True


SYSTEM: Final = SystemActor()


def is_system(actor: Any) -> bool:
    return actor is SYSTEM


def require_actor(actor: Any) -> None:
    """`actor=None` is a bug in the caller, never a silent pass."""
    if actor is None:
        raise TypeError("service called without an actor: pass the user, or actor=SYSTEM for a system job")


def has_capability(user: Any, capability: str) -> bool:
    """`roles.has_capability`, with SYSTEM holding every capability (it acts for the platform itself)."""
    require_actor(user)
    if is_system(user):
        roles.CAPABILITIES[capability]  # an unknown capability is a bug even for SYSTEM
        return True
    return roles.has_capability(user, capability)


def require_capability(user: Any, capability: str, message: str | None = None) -> None:
    if not has_capability(user, capability):
        raise AccessDenied(message or "您的角色没有执行此操作的权限。")


def is_superuser(user: Any) -> bool:
    """An active, logged-in superuser (an inactive one has no rights at all)."""
    require_actor(user)
    return not is_system(user) and scope_for(user).superuser


def is_admin_of(user: Any, org: Any) -> bool:
    """Does the user administer `org` (an Organization): a federation admin of an ancestor, or superuser."""
    require_actor(user)
    if is_system(user):
        return True
    scope = scope_for(user)
    return scope.superuser or any(org.path.startswith(p) for p in scope.admin_paths)


def require_admin_of(user: Any, org: Any, message: str = "只有本工商联的管理员可以执行此操作。") -> None:
    if not is_admin_of(user, org):
        raise AccessDenied(message)


def administers_any(user: Any) -> bool:
    """Is the user a federation admin somewhere (or superuser): the staff side of forms and imports."""
    require_actor(user)
    if is_system(user):
        return True
    scope = scope_for(user)
    return scope.superuser or bool(scope.admin_paths)


def is_secretary_of(user: Any, chamber: Any) -> bool:
    """Is the user the secretary (商会秘书处) of this very chamber."""
    require_actor(user)
    return not is_system(user) and chamber is not None and chamber.pk in scope_for(user).chamber_ids


def own_chamber_ids(user: Any) -> frozenset[int]:
    """The chambers the user keeps as their secretary (not those they administer from a federation)."""
    require_actor(user)
    return frozenset() if is_system(user) else scope_for(user).chamber_ids


def own_department_ids(user: Any) -> frozenset[int]:
    """The government departments the user acts for as their liaison (部门联络员)."""
    require_actor(user)
    return frozenset() if is_system(user) else scope_for(user).department_ids


def is_liaison_of(user: Any, department: Any) -> bool:
    """Is the user a liaison of this very department."""
    return department is not None and department.pk in own_department_ids(user)


def own_enterprise_ids(user: Any) -> frozenset[int]:
    """The enterprises the user acts for as an enterprise user."""
    require_actor(user)
    return frozenset() if is_system(user) else scope_for(user).enterprise_ids


def writes_only_as_enterprise(user: Any, enterprise: Any) -> bool:
    """Does the user change this enterprise only as its own enterprise user (no federation admin, chamber
    secretary or superuser right besides)? Such a user may not change what identifies the enterprise or
    the figures its grades are computed from: the federation or chamber keeps those."""
    require_actor(user)
    if is_system(user) or enterprise is None:
        return False
    scope = scope_for(user)
    if enterprise.pk not in scope.enterprise_ids:
        return False
    return not (scope.superuser or scope.admin_paths or scope.chamber_ids)


def is_legal_representative_of(user: Any, enterprise: Any) -> bool:
    """Is the user's login the enterprise's legal representative (法定代表人): an enterprise user of it whose
    role assignment says so (set by the secretary or admin who opened it, never guessed from names)."""
    require_actor(user)
    if is_system(user) or enterprise is None or enterprise.pk not in own_enterprise_ids(user):
        return False
    return bool(legal_representatives_of(enterprise).filter(pk=user.pk).exists())


def legal_representatives_of(enterprise: Any) -> Any:
    """The active login(s) flagged as the enterprise's legal representative: whom an approval request goes to."""
    from shanglian.core.roles import Role

    return enterprise_users([enterprise.pk]).filter(
        role_assignments__role=Role.ENTERPRISE_USER,
        role_assignments__enterprise_id=enterprise.pk,
        role_assignments__is_legal_representative=True,
    )


def can_write(user: Any, obj: Any) -> bool:
    """May the user change `obj`: an Organization (its admin, or a chamber's own secretary) or a tenant row."""
    require_actor(user)
    if is_system(user):
        return True
    from shanglian.orgs.models import Organization

    if isinstance(obj, Organization):
        return is_admin_of(user, obj) or is_secretary_of(user, obj)
    known = obj.__dict__.get("_shanglian_write_flag")
    if known is not None and known[0] == user.pk:  # read with the object (get_object_for_user)
        return bool(known[1])
    model = type(obj)
    return bool(model.objects.editable_by(user).filter(pk=obj.pk).exists())


def require_write(user: Any, obj: Any, message: str = "您无权修改该对象。") -> None:
    if not can_write(user, obj):
        raise AccessDenied(message)


def writable_orgs(user: Any) -> Any:
    """Organizations the user may write (`can_write` as a queryset): admins their subtrees, secretaries
    their own chambers."""
    require_actor(user)
    from django.db.models import Q

    from shanglian.orgs.models import Organization

    orgs = Organization.objects.unscoped()
    if is_system(user):
        return orgs
    scope = scope_for(user)
    if scope.superuser:
        return orgs
    q = Q(pk__in=scope.chamber_ids)
    for p in scope.admin_paths:
        q |= Q(path__startswith=p)
    return orgs.filter(q)


def administered_orgs(user: Any) -> Any:
    """The organizations at the top of each subtree the user administers (a federation admin's own
    federation; every root for a superuser)."""
    require_actor(user)
    from shanglian.orgs.models import Organization

    orgs = Organization.objects.unscoped()
    if is_system(user) or scope_for(user).superuser:
        return orgs
    return orgs.filter(path__in=scope_for(user).admin_paths)


def federation_of(user: Any) -> Any:
    """The one federation a user works in: their own (admin/leader), their chamber's, their enterprise's.

    A superuser works in the deepest federation that has chambers (the district rather than the city), so
    every page agrees on one answer for them too. None for a user with no federation (a liaison only).
    """

    require_actor(user)
    if is_system(user):
        return None
    # Asked several times a page (filters, forms, figures): computed once per user object, as scope_for is.
    if hasattr(user, "_shanglian_federation"):
        return user._shanglian_federation
    federation = _federation_of(user)
    user._shanglian_federation = federation
    return federation


def _federation_of(user: Any) -> Any:
    from django.db.models.functions import Left, Length

    from shanglian.orgs.models import Organization, OrgKind

    scope = scope_for(user)
    orgs = Organization.objects.unscoped()
    if scope.superuser:
        return orgs.filter(kind=OrgKind.FEDERATION, numchild__gt=0).order_by("-depth", "path").first()
    if scope.read_paths:
        home = getattr(user, "home_org", None)
        if home is not None and home.kind == OrgKind.FEDERATION and home.path.startswith(scope.read_paths):
            return home
        return orgs.filter(path=scope.read_paths[0]).first()
    if scope.chamber_ids:
        # The chamber's parent in one query: its path less one step.
        parent_path = (
            orgs.filter(pk=min(scope.chamber_ids))
            .annotate(parent_path=Left("path", Length("path") - Organization.steplen))
            .values("parent_path")
        )
        return orgs.filter(path=parent_path[:1]).first()
    if scope.enterprise_ids:
        from django.apps import apps

        enterprise = (
            apps.get_model("registry", "Enterprise")
            .unscoped_objects.filter(pk=min(scope.enterprise_ids))
            .select_related("federation")
            .first()
        )
        return enterprise.federation if enterprise is not None else None
    return None


def holders_of(capability: str, org: Any) -> Any:
    """Active users whose role holds `capability` over `org` (an Organization): admins and leaders of
    it or an ancestor, its own secretaries. Who a reminder goes to; superusers are nobody's staff.
    """
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    from shanglian.core.roles import CAPABILITIES, Role

    roles = CAPABILITIES[capability]
    paths = [org.path[: i * org.steplen] for i in range(1, org.depth + 1)]
    upward = {Role.FEDERATION_ADMIN, Role.FEDERATION_LEADER} & roles
    q = Q(role_assignments__role__in=upward, role_assignments__organization__path__in=paths)
    if Role.CHAMBER_SECRETARY in roles:
        q |= Q(role_assignments__role=Role.CHAMBER_SECRETARY, role_assignments__organization=org)
    users = get_user_model()._default_manager
    return users.filter(q, is_active=True).distinct().order_by("pk")


def enterprise_users(enterprises: Any) -> Any:
    """Active users who act for any of `enterprises` (ids, or a subquery of ids) as 企业用户: whom an app tells
    about the enterprise's own records (an appeal's reply, a survey, a registration)."""
    from django.contrib.auth import get_user_model

    from shanglian.core.roles import Role

    users = get_user_model()._default_manager
    return (
        users.filter(
            is_active=True,
            role_assignments__role=Role.ENTERPRISE_USER,
            role_assignments__enterprise_id__in=enterprises,
        )
        .distinct()
        .order_by("pk")
    )


def department_liaisons(department: Any) -> Any:
    """Active liaisons (部门联络员) of one government department."""
    from django.contrib.auth import get_user_model

    from shanglian.core.roles import Role

    users = get_user_model()._default_manager
    return users.filter(
        is_active=True,
        role_assignments__role=Role.DEPARTMENT_LIAISON,
        role_assignments__organization=department,
    ).distinct()


def with_write_flag(queryset: Any, user: Any, *, capability: str | None = None) -> Any:
    """`queryset` with a boolean `user_may_write` per row (the capability, if given, and `can_write`):
    lists show an edit link only where the user may follow it, in one subquery rather than a
    `can_write` query per row."""
    from django.db.models import BooleanField, Exists, OuterRef, Value

    require_actor(user)
    if capability is not None and not has_capability(user, capability):
        return queryset.annotate(user_may_write=Value(False, output_field=BooleanField()))
    writable = queryset.model.objects.editable_by(user).filter(pk=OuterRef("pk"))
    return queryset.annotate(user_may_write=Exists(writable))
