"""What the registry's services share: edit rights and the fields of the audit rows."""

from __future__ import annotations

import datetime

from shanglian.audit import services as audit
from shanglian.core.errors import ServiceError
from shanglian.core.masking import mask_id_number
from shanglian.orgs import streets
from shanglian.registry.codes import validate_credit_code
from shanglian.registry.models import (
    Enterprise,
)

ENTERPRISE_FIELDS = (
    "name",
    "credit_code",
    "legal_representative",
    "registered_address",
    "street",
    "phone",
    "industry",
    "scale",
    "founded_on",
    "employees",
)
PERSON_FIELDS = (
    "name",
    "gender",
    "birth_date",
    "political_status",
    "education",
    "id_number",
    "phone",
    "is_npc_deputy",
    "is_cppcc_member",
    "enterprise",
)


# ---------------------------------------------------------------- helpers


def _private_changes(before: dict, obj) -> dict:
    """Field diff for the audit log with the ID number masked: the log must not hold it in clear."""
    changes = audit.diff(before, audit.snapshot(obj))
    if "id_number" in changes:
        changes["id_number"] = [mask_id_number(v) for v in changes["id_number"]]
    return changes


def _clean_credit_code(value: str) -> str:
    try:
        return validate_credit_code((value or "").strip().upper())
    except ValueError as exc:
        raise ServiceError(str(exc))


def _clean_enterprise(data: dict, *, instance: Enterprise | None) -> dict:
    data = {k: v for k, v in data.items() if k in ENTERPRISE_FIELDS}
    if "name" in data:
        data["name"] = (data["name"] or "").strip()
        if not data["name"]:
            raise ServiceError("请填写企业名称。")
    if "credit_code" in data:
        data["credit_code"] = _clean_credit_code(data["credit_code"])
        taken = Enterprise.objects.unscoped().filter(credit_code=data["credit_code"])
        if instance is not None:
            taken = taken.exclude(pk=instance.pk)
        if taken.exists():
            raise ServiceError(f"统一社会信用代码 {data['credit_code']} 已被其他企业登记。")
    if "street" in data:
        street = streets.canonical(data["street"])
        # a street outside the table is kept only where it was already stored (older records)
        kept = instance is not None and street == streets.canonical(instance.street)
        if street and street not in streets.STREETS and not kept:
            raise ServiceError(
                f"所属街道“{data['street']}”不在街道代码表中，应为：{'、'.join(streets.LABELS)}。"
            )
        data["street"] = street
    if data.get("employees") is not None and data["employees"] < 0:
        raise ServiceError("员工数不能为负数。")
    if data.get("founded_on") and data["founded_on"] > datetime.date.today():
        raise ServiceError("成立日期不能晚于今天。")
    return data


def _set_tags(enterprise, tags) -> tuple[list, list]:
    before = sorted(enterprise.tags.values_list("code", flat=True))
    enterprise.tags.set(tags)
    after = sorted(t.code for t in tags)
    return before, after
