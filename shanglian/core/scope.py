"""Data scope: the one place that decides which tenant rows a user may see or change.

Every tenant-owned model inherits `TenantModel` and says how it hangs off the org tree
(`scope_org`, `scope_enterprise`, `scope_department`) or overrides `scope_q()`. Views read tenant data
only through `Model.objects.visible_to(user)` / `.editable_by(user)` or `get_object_for_user()`.

Roles combine with OR (as RuoYi's data scopes do):
- 工商联管理员 / 工商联领导: everything under their federation's subtree (领导 read-only);
- 商会秘书处: rows of their own chamber;
- 企业用户: rows of their own enterprise;
- 部门联络员: rows assigned to their department.

Unscoped use of `Model.objects` inside a request raises `UnscopedQueryError` when SCOPE_STRICT is on
(tests and DEBUG), the way django-scopes makes pretix fail loudly. Deliberate cross-tenant reads in
services (uniqueness checks, aggregates for a federation) call `.unscoped()` so they stand out in review.
Related managers (`chamber.memberships.all()`) start from an object already scoped and are allowed.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal, Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.http import Http404

from shanglian.core.roles import Role, assignments_of, has_capability

_strict = contextvars.ContextVar("shanglian_scope_strict", default=False)


class UnscopedQueryError(RuntimeError):
    pass


@dataclass(frozen=True)
class UserScope:
    superuser: bool = False
    read_paths: tuple[str, ...] = ()  # org subtrees readable (admins and leaders)
    admin_paths: tuple[str, ...] = ()  # org subtrees writable (admins)
    chamber_ids: frozenset[int] = field(default_factory=frozenset)
    enterprise_ids: frozenset[int] = field(default_factory=frozenset)
    department_ids: frozenset[int] = field(default_factory=frozenset)
    # A role acting only where it is named (企业家副主席: the rounds they sign): the user's id, else None.
    participant_id: int | None = None
    # Answers derived from the scope within one request (e.g. registry's federation ids of its subtrees),
    # kept with it: the scope lives on the user object, i.e. one request.
    memo: dict[Any, Any] = field(default_factory=dict, compare=False, hash=False, repr=False)

    @property
    def empty(self) -> bool:
        return not (
            self.superuser
            or self.read_paths
            or self.chamber_ids
            or self.enterprise_ids
            or self.department_ids
            or self.participant_id is not None
        )

    # The building blocks of a model's `scope_q`: models say which lookup leads to the org tree, the
    # chamber, the enterprise, the department; only this class knows how a scope turns into a filter.
    # Each matches nothing when the user holds no such role (Django drops it from an OR).

    def tree_paths(self, *, write: bool) -> tuple[str, ...]:
        """Paths of the subtrees the user reads (admins/leaders) or, for `write`, administers."""
        return self.admin_paths if write else self.read_paths

    def tree_q(self, lookup: str, *, write: bool) -> Q:
        """Rows under the federations the user reads (admins/leaders) or, for `write`, administers."""
        return path_q(lookup, self.tree_paths(write=write))

    def chamber_q(self, lookup: str) -> Q:
        """Rows of the chambers the user keeps as secretary (`lookup` names the chamber or its id)."""
        return Q(**{f"{lookup}__in": self.chamber_ids}) if self.chamber_ids else Q(pk__in=[])

    def enterprise_q(self, lookup: str) -> Q:
        """Rows of the enterprises the user acts for."""
        return Q(**{f"{lookup}__in": self.enterprise_ids}) if self.enterprise_ids else Q(pk__in=[])

    def department_q(self, lookup: str) -> Q:
        """Rows assigned to the user's departments."""
        return Q(**{f"{lookup}__in": self.department_ids}) if self.department_ids else Q(pk__in=[])

    def participant_q(self, lookup: str) -> Q:
        """Rows naming the user as a participant (`lookup` leads to a user id)."""
        return Q(**{lookup: self.participant_id}) if self.participant_id else Q(pk__in=[])

    @property
    def has_chambers(self) -> bool:
        """Whether the user keeps any chamber as secretary (to skip a subquery that would match nothing)."""
        return bool(self.chamber_ids)


EMPTY_SCOPE = UserScope()


def scope_for(user: Any) -> UserScope:
    """The user's scope, computed once per user object (i.e. once per request)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return EMPTY_SCOPE
    cached: UserScope | None = getattr(user, "_shanglian_scope", None)
    if cached is not None:
        return cached
    if user.is_superuser:
        scope = UserScope(superuser=True)
    else:
        read, admin, chambers, enterprises, departments = set(), set(), set(), set(), set()
        participant = None
        for a in assignments_of(user):
            role, org_id, enterprise_id = a.role, a.organization_id, a.enterprise_id
            org_path = a.organization.path if org_id else None
            if role in (Role.FEDERATION_ADMIN, Role.FEDERATION_LEADER) and org_path:
                read.add(org_path)
                if role == Role.FEDERATION_ADMIN:
                    admin.add(org_path)
            elif role == Role.CHAMBER_SECRETARY and org_id:
                chambers.add(org_id)
            elif role == Role.ENTERPRISE_USER and enterprise_id:
                enterprises.add(enterprise_id)
            elif role == Role.DEPARTMENT_LIAISON and org_id:
                departments.add(org_id)
            elif role == Role.VICE_CHAIR:
                participant = user.pk
        scope = UserScope(
            participant_id=participant,
            read_paths=_outermost(read),
            admin_paths=_outermost(admin),
            chamber_ids=frozenset(chambers),
            enterprise_ids=frozenset(enterprises),
            department_ids=frozenset(departments),
        )
    user._shanglian_scope = scope
    return scope


def reads_subtree(user: Any, path: str) -> bool:
    """Whether the user reads every row under the org at `path` (a superuser, or an admin or leader of it
    or of an org above): a filter to that subtree then needs no scope condition besides."""
    scope = scope_for(user)
    return scope.superuser or any(path.startswith(p) for p in scope.read_paths)


def _outermost(paths: set[str]) -> tuple[str, ...]:
    """Drop paths nested in another one: a subtree already covers its descendants."""
    kept: list[str] = []
    for p in sorted(paths, key=len):
        if not any(p.startswith(k) for k in kept):
            kept.append(p)
    return tuple(kept)


def path_q(lookup: str, paths: Iterable[str]) -> Q:
    """Rows whose org (`lookup`; "" for an Organization itself) lies under one of `paths`."""
    field = f"{lookup}__path__startswith" if lookup else "path__startswith"
    q = Q(pk__in=[])
    for p in paths:
        q |= Q(**{field: p})
    return q


class ScopedQuerySet(models.QuerySet[Any]):
    _scoped = False

    # Django's queryset cloning hooks (not in the type stubs): the scoped flag survives every clone.
    def _clone(self) -> Self:
        clone: Self = super()._clone()  # type: ignore[misc]
        clone._scoped = self._scoped
        return clone

    def _mark(self) -> Self:
        clone: Self = self._chain()  # type: ignore[attr-defined]
        clone._scoped = True
        return clone

    def unscoped(self) -> Self:
        """Deliberately read across tenants (services only: uniqueness, federation-wide figures)."""
        return self._mark()

    def visible_to(self, user: Any) -> Self:
        return self._for(user, write=False)

    def editable_by(self, user: Any) -> Self:
        return self._for(user, write=True)

    def _for(self, user: Any, *, write: bool) -> Self:
        scope = scope_for(user)
        qs = self._mark()
        if scope.superuser:
            return qs
        if scope.empty:
            return qs.none()
        return qs.filter(self.model.scope_q(scope, write=write))

    def _check_scoped(self) -> None:
        hints: dict[str, Any] = self._hints  # type: ignore[attr-defined]
        # An empty queryset (`.none()`, a form field's placeholder) reads nothing.
        if self._scoped or "instance" in hints or not _strict.get() or self.query.is_empty():
            return
        raise UnscopedQueryError(
            f"{self.model.__name__}.objects 在请求中未经数据范围过滤：请使用 visible_to(user) / "
            "editable_by(user) / get_object_for_user()，或在服务层显式调用 unscoped()。"
        )

    def _fetch_all(self) -> None:
        if self._result_cache is None:
            self._check_scoped()
        super()._fetch_all()

    def count(self) -> int:
        if self._result_cache is None:
            self._check_scoped()
        return super().count()

    def exists(self) -> bool:
        if self._result_cache is None:
            self._check_scoped()
        return super().exists()

    def aggregate(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        self._check_scoped()
        return super().aggregate(*args, **kwargs)

    def iterator(self, *args: Any, **kwargs: Any) -> Any:
        self._check_scoped()
        return super().iterator(*args, **kwargs)

    def update(self, **kwargs: Any) -> int:
        self._check_scoped()
        return super().update(**kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        self._check_scoped()
        return super().delete()


ScopedManager = models.Manager.from_queryset(ScopedQuerySet)


class TenantModel(models.Model):
    """Base of every tenant-owned model.

    Declare `scope_org` (lookup to the owning Organization: federation or chamber),
    optionally `scope_enterprise` and `scope_department`; or override `scope_q`.
    """

    # Declared first so Django's own machinery (unique checks, related managers) uses a plain manager;
    # `objects` is what views must go through.
    unscoped_objects = models.Manager()
    objects = ScopedManager()

    scope_org: str | None = None
    scope_enterprise: str | None = None
    scope_department: str | None = None
    secretary_can_edit = True
    enterprise_can_edit = False
    department_can_edit = False

    class Meta:
        abstract = True

    @classmethod
    def scope_q(cls, scope: UserScope, *, write: bool) -> Q:
        q = Q(pk__in=[])
        if cls.scope_org:
            q |= scope.tree_q(cls.scope_org, write=write)
            if cls.secretary_can_edit or not write:
                q |= scope.chamber_q(cls.scope_org)
        if cls.scope_enterprise and (cls.enterprise_can_edit or not write):
            q |= scope.enterprise_q(cls.scope_enterprise)
        if cls.scope_department and (cls.department_can_edit or not write):
            q |= scope.department_q(cls.scope_department)
        return q


def get_object_for_user(
    model: Any,
    user: Any,
    pk: Any,
    *,
    capability: str | None = None,
    write: bool = False,
    queryset: ScopedQuerySet | None = None,
    with_write_flag: bool = False,
) -> Any:
    """The one way a view fetches a tenant object by id: outside scope -> 404, missing right -> 403.

    `capability` is checked first so a user without the right learns nothing about ids. `with_write_flag`
    reads whether the user may change the object in the same query (an `EXISTS` over `editable_by`), so a
    page that shows edit buttons asks `access.can_write` without a query of its own.
    """
    from django.core.exceptions import PermissionDenied

    if capability and not has_capability(user, capability):
        raise PermissionDenied
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404("对象不存在")
    base = queryset if queryset is not None else model.objects.all()
    found = base.visible_to(user).filter(pk=pk)
    if with_write_flag:
        from django.db.models import Exists, OuterRef

        editable = model.objects.all().editable_by(user).filter(pk=OuterRef("pk"))
        found = found.annotate(_shanglian_writable=Exists(editable))
    obj = found.first()
    if obj is None:
        raise Http404("对象不存在或不在您的数据范围内")
    if with_write_flag:
        obj._shanglian_write_flag = (user.pk, bool(obj._shanglian_writable))
    if write and not base.editable_by(user).filter(pk=pk).exists():
        raise PermissionDenied
    return obj


class strict_scope:
    """Context manager turning the unscoped-query guard on (used by the request middleware)."""

    def __enter__(self) -> None:
        self._token = _strict.set(bool(getattr(settings, "SCOPE_STRICT", False)))

    def __exit__(self, *exc: object) -> Literal[False]:
        _strict.reset(self._token)
        return False


class relaxed_scope:
    """Turn the guard off for a block that deliberately works across tenants (e.g. a login signal)."""

    def __enter__(self) -> None:
        self._token = _strict.set(False)

    def __exit__(self, *exc: object) -> Literal[False]:
        _strict.reset(self._token)
        return False
