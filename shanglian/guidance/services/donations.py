"""Donations (捐赠): record a gift or a pledge, edit a pledge, deliver, record the receipt, correct.

A delivered gift is never edited: `correct_donation` records the new amounts with a reason and writes
the difference into the ledger (services.ledger), so history stays and every total takes the new value.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction

from shanglian.attachments import services as attachments
from shanglian.attachments.uses import get_use
from shanglian.attachments.validation import check_upload
from shanglian.audit import services as audit
from shanglian.core.access import AccessDenied, has_capability, is_system, own_enterprise_ids, require_actor
from shanglian.core.errors import ServiceError
from shanglian.core.saving import save_or_refuse
from shanglian.guidance.models import (
    RECEIPT,
    ZERO,
    Campaign,
    Channel,
    Donation,
    DonationCorrection,
    DonationItem,
    DonationShare,
    DonationStatus,
    ValuationBasis,
)
from shanglian.guidance.services.common import check_amount, check_org_writer
from shanglian.guidance.services.ledger import current_amounts, write_correction
from shanglian.metrics import caching
from shanglian.registry.models import Enterprise, Person
from shanglian.workflow import services as workflow

EDIT_DELIVERED = "已交付的捐赠不能直接修改，请登记更正（原记录保留，合计按更正后的金额计算）。"


@dataclass(frozen=True)
class ItemInput:
    name: str
    quantity: Decimal
    unit: str
    unit_value: Decimal
    basis: str


@dataclass(frozen=True)
class DonorInput:
    enterprise: Enterprise | None = None
    person: Person | None = None
    amount: Decimal | None = None  # the donor's share (元); may be left out for a gift of one donor

    @property
    def label(self) -> str:
        return str(self.enterprise or self.person)


def _check_rights(actor: Any, campaign: Campaign, *, delivered: bool) -> bool:
    """Staff write for their organisations; a donor enterprise pledges for itself. True for staff."""
    require_actor(actor)
    if is_system(actor) or has_capability(actor, "guidance.edit"):
        check_org_writer(actor, campaign.organization)
        return True
    if not has_capability(actor, "guidance.own"):
        raise AccessDenied("您的角色不能登记捐赠。")
    if not Campaign.objects.visible_to(actor).filter(pk=campaign.pk).exists():
        raise AccessDenied("该捐赠活动不在您的数据范围内。")
    if delivered:
        raise AccessDenied("企业只能登记认捐，交付由工商联或商会确认。")
    return False


def _check_donor(actor: Any, campaign: Campaign, donor: DonorInput, *, staff: bool) -> None:
    if (donor.enterprise is None) == (donor.person is None):
        raise ServiceError("每个捐赠方应为一家企业或一位个人。")
    obj: Any = donor.enterprise or donor.person
    if not campaign.organization.path.startswith(obj.federation.path):
        raise ServiceError(f"捐赠方“{donor.label}”不属于本活动所在的工商联。")
    if is_system(actor):
        return
    if not staff and (donor.enterprise is None or donor.enterprise.pk not in own_enterprise_ids(actor)):
        raise ServiceError("企业用户只能以本企业名义认捐。")
    if not type(obj).objects.visible_to(actor).filter(pk=obj.pk).exists():
        raise ServiceError(f"捐赠方“{donor.label}”不在您的数据范围内。")


def _items(items: Sequence[ItemInput]) -> list[DonationItem]:
    rows = []
    for it in items:
        name = (it.name or "").strip()
        if not name:
            raise ServiceError("请填写物资名称。")
        if it.basis not in ValuationBasis.values:
            raise ServiceError(f"物资“{name}”缺少估值依据（发票、报关单、协议或市场价）。")
        quantity = check_amount(it.quantity, f"物资“{name}”的数量")
        unit_value = check_amount(it.unit_value, f"物资“{name}”的单价")
        if not (it.unit or "").strip():
            raise ServiceError(f"请填写物资“{name}”的单位。")
        value = (quantity * unit_value).quantize(Decimal("0.01"))
        rows.append(
            DonationItem(
                name=name,
                quantity=quantity,
                unit=it.unit.strip(),
                unit_value=unit_value,
                value=value,
                basis=it.basis,
            )
        )
    return rows


def _shares(donors: Sequence[DonorInput], total: Decimal) -> list[DonationShare]:
    if not donors:
        raise ServiceError("请选择捐赠方。")
    keys = [(d.enterprise.pk if d.enterprise else None, d.person.pk if d.person else None) for d in donors]
    if len(set(keys)) != len(keys):
        raise ServiceError("同一捐赠方不能重复列出。")
    if len(donors) == 1 and donors[0].amount is None:
        return [DonationShare(enterprise=donors[0].enterprise, person=donors[0].person, amount=total)]
    shares = []
    for d in donors:
        if d.amount is None:
            raise ServiceError(f"联合捐赠请填写“{d.label}”的份额。")
        shares.append(
            DonationShare(
                enterprise=d.enterprise, person=d.person, amount=check_amount(d.amount, f"“{d.label}”的份额")
            )
        )
    given = sum((s.amount for s in shares), ZERO)
    if given != total:
        raise ServiceError(f"联合捐赠各方份额合计 {given} 元，与捐赠总额 {total} 元不一致。")
    return shares


def _fill(
    donation: Donation,
    *,
    actor: Any,
    staff: bool,
    donated_on: date,
    donors: Sequence[DonorInput],
    cash_amount: Decimal | None,
    items: Sequence[ItemInput],
    recipient: str,
    channel: str,
    note: str,
) -> tuple[list[DonationShare], list[DonationItem]]:
    """Validate everything and set the gift's fields; returns its shares and items, unsaved."""
    campaign = donation.campaign
    if donated_on is None:
        raise ServiceError("请填写捐赠日期。")
    if donated_on < campaign.start_on:
        raise ServiceError("捐赠日期不能早于活动开始日期。")
    if channel not in Channel.values:
        raise ServiceError("请选择捐赠渠道。")
    cash = check_amount(cash_amount, "现金金额", allow_zero=True)
    item_rows = _items(items)
    in_kind = sum((i.value for i in item_rows), ZERO)
    if cash + in_kind <= 0:
        raise ServiceError("捐赠金额必须大于零：请填写现金金额或捐赠物资。")
    for d in donors:
        _check_donor(actor, campaign, d, staff=staff)
    shares = _shares(donors, cash + in_kind)
    donation.organization_id = campaign.organization_id
    donation.donated_on, donation.cash_amount, donation.in_kind_amount = donated_on, cash, in_kind
    donation.recipient, donation.channel, donation.note = (
        (recipient or "").strip(),
        channel,
        (note or "").strip(),
    )
    return shares, item_rows


def _save_parts(donation: Donation, shares: list[DonationShare], items: list[DonationItem]) -> None:
    for share in shares:
        share.donation, share.organization_id = donation, donation.organization_id
    for item in items:
        item.donation, item.organization_id = donation, donation.organization_id
    DonationShare.unscoped_objects.bulk_create(shares)
    DonationItem.unscoped_objects.bulk_create(items)
    caching.changed(DonationShare, DonationItem)


@transaction.atomic
def record_donation(
    *,
    actor: Any,
    campaign: Campaign,
    donated_on: date,
    donors: Sequence[DonorInput],
    cash_amount: Decimal | None = None,
    items: Sequence[ItemInput] = (),
    recipient: str = "",
    channel: str = Channel.CHARITY,
    note: str = "",
    delivered_on: date | None = None,
) -> Donation:
    """A gift to `campaign`: a pledge (认捐), or delivered at once when `delivered_on` is given."""
    staff = _check_rights(actor, campaign, delivered=delivered_on is not None)
    donation = Donation(campaign=campaign)
    shares, item_rows = _fill(
        donation,
        actor=actor,
        staff=staff,
        donated_on=donated_on,
        donors=donors,
        cash_amount=cash_amount,
        items=items,
        recipient=recipient,
        channel=channel,
        note=note,
    )
    save_or_refuse(donation, integrity_message="捐赠保存失败，请检查金额。")
    _save_parts(donation, shares, item_rows)
    audit.record_create(actor=actor, obj=donation, organization=campaign.organization)
    if delivered_on is not None:
        workflow.apply(donation, "deliver", actor=actor, delivered_on=delivered_on)
        donation.refresh_from_db()
    return donation


@transaction.atomic
def update_pledge(
    *,
    actor: Any,
    donation: Donation,
    donated_on: date,
    donors: Sequence[DonorInput],
    cash_amount: Decimal | None = None,
    items: Sequence[ItemInput] = (),
    recipient: str = "",
    channel: str = Channel.CHARITY,
    note: str = "",
) -> Donation:
    """Edit a pledge. A delivered gift is refused: it is corrected, never edited."""
    donation = Donation.unscoped_objects.select_for_update().get(pk=donation.pk)
    staff = _check_rights(actor, donation.campaign, delivered=False)
    if donation.status != DonationStatus.PLEDGED:
        raise ServiceError(EDIT_DELIVERED)
    before = audit.snapshot(donation)
    shares, item_rows = _fill(
        donation,
        actor=actor,
        staff=staff,
        donated_on=donated_on,
        donors=donors,
        cash_amount=cash_amount,
        items=items,
        recipient=recipient,
        channel=channel,
        note=note,
    )
    save_or_refuse(donation, integrity_message="捐赠保存失败，请检查金额。")
    donation.shares.all().delete()
    donation.items.all().delete()
    _save_parts(donation, shares, item_rows)
    audit.record_update(actor=actor, obj=donation, before=before, organization=donation.organization)
    return donation


@transaction.atomic
def deliver_donation(*, actor: Any, donation: Donation, delivered_on: date) -> Donation:
    step = workflow.apply(donation, "deliver", actor=actor, delivered_on=delivered_on)
    result: Donation = step.obj
    return result


@transaction.atomic
def record_receipt(
    *, actor: Any, donation: Donation, number: str, issuer: str, receipt_date: date, upload: Any = None
) -> Donation:
    """The charity's receipt (公益事业捐赠票据) of a delivered gift, with its scan if given."""
    checked = check_upload(upload, get_use(RECEIPT)) if upload is not None else None
    step = workflow.apply(donation, "receipt", actor=actor, number=number, issuer=issuer, date=receipt_date)
    if upload is not None:
        attachments.attach(owner=step.obj, use=RECEIPT, upload=upload, actor=actor, checked=checked)
    result: Donation = step.obj
    return result


@transaction.atomic
def correct_donation(
    *,
    actor: Any,
    donation: Donation,
    cash_amount: Decimal | None,
    in_kind_amount: Decimal | None,
    reason: str,
) -> DonationCorrection:
    """Correct a delivered gift's amounts: a correction row (reason, actor) and the ledger's differences."""
    donation = (
        Donation.unscoped_objects.select_for_update()
        .select_related("campaign", "organization")
        .get(pk=donation.pk)
    )
    check_org_writer(actor, donation.organization)
    if donation.status == DonationStatus.PLEDGED:
        raise ServiceError("认捐尚未交付，请直接修改认捐，无需登记更正。")
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError("请填写更正原因。")
    cash = check_amount(cash_amount, "更正后现金金额", allow_zero=True)
    in_kind = check_amount(in_kind_amount, "更正后物资折价", allow_zero=True)
    cash_before, kind_before = current_amounts(donation)
    if (cash, in_kind) == (cash_before, kind_before):
        raise ServiceError("更正后的金额与当前金额相同，无需更正。")
    correction = DonationCorrection(
        donation=donation,
        organization_id=donation.organization_id,
        cash_before=cash_before,
        in_kind_before=kind_before,
        cash_after=cash,
        in_kind_after=in_kind,
        reason=reason[:200],
        actor=None if is_system(actor) else actor,
    )
    save_or_refuse(correction, integrity_message="更正保存失败。")
    write_correction(correction)
    audit.record_create(
        actor=actor,
        obj=correction,
        organization=donation.organization,
        message=f"更正捐赠：{cash_before + kind_before} 元 → {cash + in_kind} 元；原因：{reason}",
    )
    return correction
