"""消费帮扶 purchases, assistance facilities, volunteer teams and their activities."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction

from shanglian.attachments import services as attachments
from shanglian.attachments.uses import get_use
from shanglian.attachments.validation import check_upload
from shanglian.audit.services import snapshot
from shanglian.core.errors import ServiceError
from shanglian.core.saving import save_audited
from shanglian.guidance.models import (
    ACTIVITY_PHOTO,
    ActivityKind,
    AssistanceFacility,
    AssistancePurchase,
    FacilityKind,
    VolunteerActivity,
    VolunteerTeam,
)
from shanglian.guidance.services.common import check_amount, check_org_writer
from shanglian.orgs.models import Organization


def _required(value: str, label: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ServiceError(f"请填写{label}。")
    return value


@transaction.atomic
def save_purchase(
    *,
    actor: Any,
    organization: Organization,
    buyer: str,
    supplier: str,
    region: str,
    goods: str,
    amount: Decimal,
    purchased_on: date,
    buyer_enterprise: Any = None,
    purchase: AssistancePurchase | None = None,
) -> AssistancePurchase:
    check_org_writer(actor, organization)
    if purchase is not None:
        check_org_writer(actor, purchase.organization)
    before = None if purchase is None else snapshot(purchase)
    obj = purchase or AssistancePurchase()
    obj.organization = organization
    obj.buyer, obj.supplier = _required(buyer, "采购方"), _required(supplier, "供货方")
    obj.region, obj.goods = _required(region, "地区"), _required(goods, "商品")
    obj.amount, obj.purchased_on, obj.buyer_enterprise = (
        check_amount(amount, "采购金额"),
        purchased_on,
        buyer_enterprise,
    )
    return save_audited(
        obj, actor=actor, before=before, organization=organization, integrity_message="采购记录保存失败。"
    )


@transaction.atomic
def save_facility(
    *,
    actor: Any,
    organization: Organization,
    name: str,
    kind: str,
    place: str,
    opened_on: date,
    region: str = "",
    investment: Decimal | None = None,
    partners: str = "",
    facility: AssistanceFacility | None = None,
) -> AssistanceFacility:
    check_org_writer(actor, organization)
    if facility is not None:
        check_org_writer(actor, facility.organization)
    if kind not in FacilityKind.values:
        raise ServiceError("请选择设施类别。")
    before = None if facility is None else snapshot(facility)
    obj = facility or AssistanceFacility()
    obj.organization, obj.name, obj.kind = organization, _required(name, "名称"), kind
    obj.place, obj.region, obj.opened_on, obj.partners = (
        _required(place, "地点"),
        region.strip(),
        opened_on,
        partners,
    )
    obj.investment = None if investment is None else check_amount(investment, "投资", allow_zero=True)
    return save_audited(
        obj, actor=actor, before=before, organization=organization, integrity_message="该组织已有同名设施。"
    )


@transaction.atomic
def save_team(
    *,
    actor: Any,
    organization: Organization,
    name: str,
    founded_on: date,
    leader: str = "",
    team: VolunteerTeam | None = None,
) -> VolunteerTeam:
    check_org_writer(actor, organization)
    if team is not None:
        check_org_writer(actor, team.organization)
    before = None if team is None else snapshot(team)
    obj = team or VolunteerTeam()
    obj.organization, obj.name, obj.founded_on, obj.leader = (
        organization,
        _required(name, "名称"),
        founded_on,
        leader,
    )
    return save_audited(
        obj,
        actor=actor,
        before=before,
        organization=organization,
        integrity_message="该组织已有同名志愿服务队。",
    )


@transaction.atomic
def record_activity(
    *,
    actor: Any,
    team: VolunteerTeam,
    held_on: date,
    title: str,
    kind: str = ActivityKind.VISIT,
    families_reached: int = 0,
    people_reached: int = 0,
    items: str = "",
    gift_value: Decimal | None = None,
    volunteers: int = 0,
    hours: Decimal | None = None,
    photo: Any = None,
) -> VolunteerActivity:
    check_org_writer(actor, team.organization)
    if kind not in ActivityKind.values:
        raise ServiceError("请选择活动类别。")
    if held_on < team.founded_on:
        raise ServiceError("活动日期不能早于服务队成立日期。")
    if min(families_reached, people_reached, volunteers) < 0:
        raise ServiceError("人数不能为负数。")
    checked = check_upload(photo, get_use(ACTIVITY_PHOTO)) if photo is not None else None
    obj = VolunteerActivity(
        team=team,
        organization=team.organization,
        held_on=held_on,
        kind=kind,
        title=_required(title, "活动主题"),
        families_reached=families_reached,
        people_reached=people_reached,
        items=items.strip(),
        gift_value=check_amount(gift_value, "物品价值", allow_zero=True),
        volunteers=volunteers,
        hours=Decimal(0) if hours is None else check_amount(hours, "服务时长", allow_zero=True),
    )
    save_audited(
        obj, actor=actor, before=None, organization=team.organization, integrity_message="活动保存失败。"
    )
    if photo is not None:
        attachments.attach(owner=obj, use=ACTIVITY_PHOTO, upload=photo, actor=actor, checked=checked)
    return obj
