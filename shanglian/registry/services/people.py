"""Writes of people (企业家) and their roles in enterprises."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from shanglian.audit import services as audit
from shanglian.core.access import AccessDenied, administers_any, can_write, require_admin_of, require_write
from shanglian.core.errors import ServiceError
from shanglian.core.masking import mask_id_number
from shanglian.orgs.models import Organization
from shanglian.registry.codes import validate_id_number
from shanglian.registry.models import (
    Enterprise,
    Person,
    PersonRole,
    RoleTitle,
)
from shanglian.registry.services._common import (
    PERSON_FIELDS,
    _private_changes,
)


def _clean_person(actor, data: dict, *, instance: Person | None) -> dict:
    data = {k: v for k, v in data.items() if k in PERSON_FIELDS}
    if "name" in data:
        data["name"] = (data["name"] or "").strip()
        if not data["name"]:
            raise ServiceError("请填写姓名。")
    if data.get("id_number"):
        try:
            data["id_number"] = validate_id_number(data["id_number"].strip().upper())
        except ValueError as exc:
            raise ServiceError(str(exc))
    elif "id_number" in data and instance is not None:
        data.pop("id_number")  # left empty on edit: keep the number on file
    birth = data.get("birth_date")
    if birth and birth > timezone.localdate():
        raise ServiceError("出生日期不能晚于今天。")
    enterprise = data.get("enterprise", instance.enterprise if instance else None)
    changes_enterprise = "enterprise" in data and enterprise is not None
    if changes_enterprise and not can_write(actor, enterprise):
        raise AccessDenied("只能关联到您有权维护的企业。")
    if enterprise is None and not administers_any(actor):
        raise ServiceError("请选择企业家所在企业。")
    return data


def _refuse_duplicate_id_number(person: Person) -> None:
    """One person per 身份证号 in a federation (the DB constraint, as a Chinese message). Looked up by the
    blind index: the column itself is encrypted."""
    if not person.id_number:
        return
    taken = Person.unscoped_objects.filter(
        Person.id_number_q(person.id_number), federation=person.federation_id
    )
    if person.pk is not None:
        taken = taken.exclude(pk=person.pk)
    if taken.exists():
        raise ServiceError("该身份证号已登记为本工商联的其他企业家，请勿重复登记。")


@transaction.atomic
def create_person(*, actor, data: dict, federation: Organization | None = None) -> Person:
    data = _clean_person(actor, data, instance=None)
    enterprise = data.get("enterprise")
    federation = enterprise.federation if enterprise is not None else federation
    if federation is None:
        raise ServiceError("请选择所属工商联。")
    if enterprise is None:
        require_admin_of(actor, federation, "只有本工商联的管理员可以登记不属于企业的企业家。")
    person = Person(federation=federation, **data)
    _refuse_duplicate_id_number(person)
    person.save()
    changes = {k: [None, v] for k, v in audit.snapshot(person).items()}
    changes["id_number"] = [None, mask_id_number(person.id_number)]
    audit.record(
        actor=actor, action=audit.AuditAction.CREATE, obj=person, organization=federation, changes=changes
    )
    return person


@transaction.atomic
def update_person(*, actor, person: Person, data: dict) -> Person:
    require_write(actor, person)
    data = _clean_person(actor, data, instance=person)
    before = audit.snapshot(person)
    for key, value in data.items():
        setattr(person, key, value)
    if person.enterprise is not None:
        person.federation = person.enterprise.federation
    _refuse_duplicate_id_number(person)
    person.save()
    changes = _private_changes(before, person)
    changes.pop("updated_at", None)
    if changes:
        audit.record(
            actor=actor,
            action=audit.AuditAction.UPDATE,
            obj=person,
            organization=person.federation,
            changes=changes,
        )
    return person


@transaction.atomic
def add_person_role(*, actor, person: Person, enterprise: Enterprise, title: str) -> PersonRole:
    require_write(actor, person)
    if title not in RoleTitle.values:
        raise ServiceError("职务无效。")
    require_write(actor, enterprise, "只能添加您有权维护的企业中的职务。")
    if enterprise.federation_id != person.federation_id:
        raise ServiceError("企业与企业家不属于同一工商联。")
    if PersonRole.unscoped_objects.filter(person=person, enterprise=enterprise, title=title).exists():
        raise ServiceError("该职务已登记。")
    role = PersonRole.unscoped_objects.create(person=person, enterprise=enterprise, title=title)
    audit.record_create(actor=actor, obj=role, organization=person.federation)
    return role


@transaction.atomic
def remove_person_role(*, actor, role: PersonRole) -> None:
    require_write(actor, role.person)
    audit.record_delete(actor=actor, obj=role, organization=role.person.federation)
    role.delete()
