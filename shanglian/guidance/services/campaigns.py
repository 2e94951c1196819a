"""Campaigns (捐赠活动): create and edit."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction

from shanglian.audit.services import snapshot
from shanglian.core.errors import ServiceError
from shanglian.core.saving import save_audited
from shanglian.guidance.models import Campaign, CampaignKind
from shanglian.guidance.services.common import check_amount, check_org_writer
from shanglian.orgs.models import Organization


@transaction.atomic
def save_campaign(
    *,
    actor: Any,
    organization: Organization,
    name: str,
    kind: str,
    start_on: date,
    end_on: date | None = None,
    regions: str = "",
    recipients: str = "",
    goal_amount: Decimal | None = None,
    description: str = "",
    campaign: Campaign | None = None,
) -> Campaign:
    """Create a campaign, or edit `campaign`."""
    check_org_writer(actor, organization)
    if campaign is not None:
        check_org_writer(actor, campaign.organization)
    name = (name or "").strip()
    if not name:
        raise ServiceError("请填写活动名称。")
    if kind not in CampaignKind.values:
        raise ServiceError("请选择活动类别。")
    if end_on is not None and end_on < start_on:
        raise ServiceError("结束日期不能早于开始日期。")
    goal = check_amount(goal_amount, "目标金额") if goal_amount is not None else None
    before = None if campaign is None else snapshot(campaign)
    obj = campaign or Campaign()
    obj.organization = organization
    obj.name, obj.kind, obj.start_on, obj.end_on = name, kind, start_on, end_on
    obj.regions, obj.recipients, obj.goal_amount, obj.description = (
        regions.strip(),
        recipients.strip(),
        goal,
        description,
    )
    return save_audited(
        obj,
        actor=actor,
        before=before,
        organization=organization,
        integrity_message="该组织已有同名的捐赠活动。",
    )
