"""The donation's status: 认捐 → 已交付 → 已开票, through the workflow kit.

Delivery writes the ledger entries (the gift starts to count); the receipt (公益事业捐赠票据) is issued by
the charity only once the goods have arrived, so it can only be recorded on a delivered gift.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from shanglian.core.access import can_write, is_system
from shanglian.core.errors import ServiceError
from shanglian.guidance.models import Donation, DonationStatus
from shanglian.guidance.services.ledger import write_delivery
from shanglian.workflow.kit import Step, Transition, Workflow, register

EDITORS = "只有组织单位的管理员或秘书处可以处理该捐赠。"


def _may_handle(actor: Any, obj: Any) -> bool:
    # A detail page reads the gift with `viewer_may_write` for its user (one query for its buttons);
    # `apply` re-reads the row without it, so the transition itself always asks the database.
    known = getattr(obj, "viewer_may_write", None)
    if known is not None:
        return bool(known)
    return is_system(actor) or can_write(actor, obj)


def _check_delivery(step: Step) -> None:
    day = step.params.get("delivered_on")
    if day is None:
        raise ServiceError("请填写交付日期。")
    if day < step.obj.donated_on:
        raise ServiceError("交付日期不能早于捐赠日期。")


def _deliver(step: Step) -> None:
    step.obj.delivered_on = step.params["delivered_on"]
    write_delivery(step.obj)


def _check_receipt(step: Step) -> None:
    p = step.params
    if not str(p.get("number") or "").strip():
        raise ServiceError("请填写票据号码。")
    if not str(p.get("issuer") or "").strip():
        raise ServiceError("请填写开票单位。")
    day = p.get("date")
    if day is None:
        raise ServiceError("请填写开票日期。")
    if day < step.obj.delivered_on:
        raise ServiceError("开票日期不能早于交付日期（票据在物资到达后开具）。")


def _receipt(step: Step) -> None:
    d, p = step.obj, step.params
    d.receipt_number = str(p["number"]).strip()
    d.receipt_issuer = str(p["issuer"]).strip()
    d.receipt_date = p["date"]


DONATION = register(
    Workflow(
        model=Donation,
        transitions=(
            Transition(
                name="deliver",
                label="确认交付",
                sources=frozenset({DonationStatus.PLEDGED}),
                target=DonationStatus.DELIVERED,
                capability="guidance.edit",
                allowed=_may_handle,
                denied_message=EDITORS,
                wrong_state_message="该捐赠已交付，不能重复确认。",
                checks=(_check_delivery,),
                effects=(_deliver,),
            ),
            Transition(
                name="receipt",
                label="登记票据",
                sources=frozenset({DonationStatus.DELIVERED}),
                target=DonationStatus.RECEIPTED,
                capability="guidance.edit",
                allowed=_may_handle,
                denied_message=EDITORS,
                wrong_state_message="捐赠票据只能在交付之后、且尚未登记票据时登记（票据在物资到达后开具）。",
                checks=(_check_receipt,),
                effects=(_receipt,),
            ),
        ),
        organization=lambda d: d.organization,
        link=lambda d: reverse("guidance:donation_detail", kwargs={"donation_id": d.pk}),
        describe=lambda d: f"{d.campaign.name} 的捐赠",
        select_related=("campaign",),
    )
)
