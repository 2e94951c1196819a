"""Chamber registration services: 民政登记 details and the chamber's charters."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from shanglian.attachments import services as attachments
from shanglian.attachments.uses import get_use
from shanglian.audit import services as audit
from shanglian.chambers.models import CHARTER, ChamberProfile, CharterVersion, RegistrationStatus
from shanglian.chambers.services.common import (
    check_can_edit,
    check_chamber,
    ensure_profile,
    local_today,
)
from shanglian.core.access import is_admin_of
from shanglian.core.errors import ServiceError
from shanglian.orgs.models import Organization


def clean_chamber_credit_code(value: str) -> str:
    """A social organisation's 统一社会信用代码: valid per GB 32100 (python-stdnum) and starting with 5."""
    from shanglian.registry.codes import validate_credit_code

    value = (value or "").strip().upper()
    if not value:
        return ""
    try:
        value = validate_credit_code(value)
    except ValueError as exc:
        raise ServiceError(str(exc))
    if not value.startswith("5"):
        raise ServiceError("商会属于社会组织，其统一社会信用代码应以 5 开头（民政部门登记）。")
    return value


DEREGISTER_BY_TRANSITION = (
    "注销属于商会生命周期变更，不能直接修改登记状态：请在商会页面“申请变更状态”为“清理（注销）”，"
    "经工商联审批后由工商联登记注销。"
)


def check_deregistration(actor, chamber: Organization, profile: ChamberProfile, status: str) -> None:
    """Entering or leaving 注销 is the lifecycle's (a transition request the federation approves): a chamber's
    own staff may not do it on the registration form; the federation records it after approving."""
    touches = RegistrationStatus.DEREGISTERED in (status, profile.registration_status)
    if status != profile.registration_status and touches and not is_admin_of(actor, chamber):
        raise ServiceError(DEREGISTER_BY_TRANSITION)


@transaction.atomic
def update_registration(
    *,
    actor,
    chamber: Organization,
    registration_status: str,
    registration_number: str = "",
    registered_on: date | None = None,
    deregistered_on: date | None = None,
    credit_code: str = "",
    supervisor: str = "",
    address: str = "",
) -> ChamberProfile:
    check_chamber(chamber)
    check_can_edit(actor, chamber)
    if registration_status not in RegistrationStatus.values:
        raise ServiceError("民政登记状态无效。")
    registration_number = (registration_number or "").strip()
    if registration_status in (RegistrationStatus.REGISTERED, RegistrationStatus.DEREGISTERED) and (
        not registration_number or registered_on is None
    ):
        raise ServiceError("已登记（或已注销）的商会须填写登记证号和登记日期。")
    if registration_status == RegistrationStatus.DEREGISTERED and deregistered_on is None:
        raise ServiceError("已注销的商会须填写注销日期。")
    if registered_on and deregistered_on and deregistered_on < registered_on:
        raise ServiceError("注销日期不能早于登记日期。")
    today = local_today()
    if (registered_on and registered_on > today) or (deregistered_on and deregistered_on > today):
        raise ServiceError("登记或注销日期不能晚于今天。")
    credit_code = clean_chamber_credit_code(credit_code)
    profile = ensure_profile(chamber)
    check_deregistration(actor, chamber, profile, registration_status)
    if (
        credit_code
        and ChamberProfile.unscoped_objects.filter(credit_code=credit_code).exclude(pk=profile.pk).exists()
    ):
        raise ServiceError("该统一社会信用代码已被其他商会使用。")
    before = audit.snapshot(profile)
    profile.registration_status = registration_status
    profile.registration_number = registration_number
    profile.registered_on = registered_on
    profile.deregistered_on = (
        deregistered_on if registration_status == RegistrationStatus.DEREGISTERED else None
    )
    profile.credit_code = credit_code
    profile.supervisor = (supervisor or "").strip()
    profile.address = (address or "").strip()
    profile.save()
    audit.record_update(actor=actor, obj=profile, before=before, organization=chamber, message="更新登记信息")
    return profile


@transaction.atomic
def upload_charter(
    *, actor, chamber: Organization, title: str, file, effective_on: date, note: str = ""
) -> CharterVersion:
    check_chamber(chamber)
    check_can_edit(actor, chamber)
    title = (title or "").strip()
    if not title:
        raise ServiceError("请填写章程标题。")
    if effective_on is None:
        raise ServiceError("请填写章程生效日期。")
    checked = attachments.check_upload(file, get_use(CHARTER))
    version = CharterVersion(
        chamber=chamber,
        title=title,
        effective_on=effective_on,
        note=(note or "").strip(),
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    version.save()
    audit.record_create(actor=actor, obj=version, organization=chamber, message="上传章程")
    attachments.attach(owner=version, use=CHARTER, upload=file, actor=actor, checked=checked)
    return version
