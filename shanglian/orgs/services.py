from collections.abc import Callable
from typing import Any

from django.db import transaction

from shanglian.audit import services as audit
from shanglian.core.access import AccessDenied, is_superuser, is_system, require_admin_of
from shanglian.core.errors import ServiceError
from shanglian.orgs import streets
from shanglian.orgs.models import ChamberKind, Organization, OrgKind

# What a new federation needs from the apps above (appeals: its default category tree), each registered in
# the app's ready(): called by create_organization, in its transaction, with its actor. A federation made any
# other way (factories, bulk generators) gets none of it unless its maker asks for it.
FEDERATION_SETUP: list[Callable[..., Any]] = []


def register_federation_setup(setup: Callable[..., Any]) -> None:
    """`setup(actor=..., federation=...)` runs for every federation created through create_organization."""
    if setup not in FEDERATION_SETUP:
        FEDERATION_SETUP.append(setup)


def _check_admin_of(actor, org: Organization):
    require_admin_of(actor, org, "只能管理本工商联管辖范围内的组织。")


def _clean(kind, chamber_kind, name):
    name = (name or "").strip()
    if not name:
        raise ServiceError("请填写组织名称。")
    if kind not in OrgKind.values:
        raise ServiceError("组织类型无效。")
    if kind == OrgKind.CHAMBER and chamber_kind not in ChamberKind.values:
        raise ServiceError("商会必须选择商会类型（街道商会 / 行业商会 / 异地商会 / 其他）。")
    if kind != OrgKind.CHAMBER:
        chamber_kind = ""
    return name, chamber_kind


@transaction.atomic
def create_organization(
    *,
    actor,
    parent: Organization | None,
    name: str,
    kind: str,
    chamber_kind: str = "",
    street: str = "",
    short_name: str = "",
) -> Organization:
    name, chamber_kind = _clean(kind, chamber_kind, name)
    if parent is None:
        if not (is_system(actor) or is_superuser(actor)):
            raise AccessDenied("只有系统管理员可以创建顶级组织。")
        org = Organization.objects.create_root(
            name=name,
            kind=kind,
            chamber_kind=chamber_kind,
            street=streets.canonical(street),
            short_name=short_name,
        )
    else:
        _check_admin_of(actor, parent)
        if parent.kind != OrgKind.FEDERATION:
            raise ServiceError("下级组织只能建在工商联（总商会）之下。")
        org = Organization.objects.create_child(
            parent,
            name=name,
            kind=kind,
            chamber_kind=chamber_kind,
            street=streets.canonical(street),
            short_name=short_name,
        )
    audit.record_create(actor=actor, obj=org, organization=org)
    if org.kind == OrgKind.FEDERATION:
        for setup in FEDERATION_SETUP:
            setup(actor=actor, federation=org)
    return org


@transaction.atomic
def update_organization(
    *, actor, org: Organization, name: str, short_name: str, street: str, chamber_kind: str, is_active: bool
) -> Organization:
    _check_admin_of(actor, org)
    name, chamber_kind = _clean(org.kind, chamber_kind, name)
    before = audit.snapshot(org)
    org.name, org.short_name, org.street, org.chamber_kind, org.is_active = (
        name,
        short_name,
        streets.canonical(street),
        chamber_kind,
        is_active,
    )
    org.save()
    audit.record_update(actor=actor, obj=org, before=before, organization=org)
    return org
