"""Writes of cooperation: deals (counted once, amendments by increment), projects and talks, liaisons,
friendly chambers."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from shanglian.attachments import services as attachments
from shanglian.attachments.uses import get_use
from shanglian.attachments.validation import check_upload
from shanglian.audit import services as audit
from shanglian.cooperation.models import (
    CONTRACT,
    Deal,
    DealAmendment,
    FriendlyChamber,
    Interest,
    InvestmentProject,
    Liaison,
    Match,
    Posting,
    PostingStatus,
    Stage,
    Talk,
)
from shanglian.core.access import AccessDenied, own_enterprise_ids, require_actor, require_write
from shanglian.core.errors import ServiceError
from shanglian.core.saving import save_audited
from shanglian.orgs.models import Organization
from shanglian.workflow import services as workflow

MAX_AMOUNT = Decimal("99999999999999.99")


def _keep(actor: Any, organizer: Organization) -> None:
    require_actor(actor)
    require_write(actor, organizer, "您无权为该单位登记。")


def _party(actor: Any, enterprise: Any, name: str, side: str) -> tuple[Any, str]:
    """A party is a member enterprise the actor can see, or an outside company named in full."""
    from shanglian.registry.models import Enterprise

    if enterprise is not None:
        if isinstance(enterprise, int):
            found = Enterprise.objects.visible_to(actor).filter(pk=enterprise).first()
            if found is None:
                raise ServiceError(f"{side}企业不存在或不在您的数据范围内。")
            enterprise = found
        return enterprise, enterprise.name
    name = (name or "").strip()
    if not name:
        raise ServiceError(f"请选择{side}会员企业或填写{side}名称。")
    return None, name


@transaction.atomic
def register_deal(
    *,
    actor: Any,
    organizer: Organization,
    title: str,
    deal_type: str,
    amount: Decimal,
    signed_on: date,
    party_a: Any = None,
    party_a_name: str = "",
    party_b: Any = None,
    party_b_name: str = "",
    contract_no: str = "",
    source_event: Any = None,
    note: str = "",
    contract: Any = None,
) -> Deal:
    _keep(actor, organizer)
    if amount is None or amount < 0:
        raise ServiceError("合作金额不能为负数。")
    if amount > MAX_AMOUNT:
        raise ServiceError("合作金额超出范围。")
    if signed_on > timezone.localdate():
        raise ServiceError("签约日期不能晚于今天。")
    a, a_name = _party(actor, party_a, party_a_name, "甲方")
    b, b_name = _party(actor, party_b, party_b_name, "乙方")
    if a_name == b_name:
        raise ServiceError("甲乙双方不能是同一单位。")
    checked = check_upload(contract, get_use(CONTRACT)) if contract else None
    deal = Deal(
        organizer=organizer,
        title=title,
        deal_type=deal_type,
        party_a=a,
        party_a_name=a_name,
        party_b=b,
        party_b_name=b_name,
        amount=amount,
        signed_amount=amount,
        signed_on=signed_on,
        contract_no=contract_no.strip(),
        source_event=source_event,
        note=note,
    )
    save_audited(
        deal,
        actor=actor,
        before=None,
        organization=organizer,
        integrity_message="该合作已登记（同一合同或同一双方、事项、日期只计一次），请在原记录上登记补充协议。",
    )
    if contract:
        attachments.attach(owner=deal, use=CONTRACT, upload=contract, actor=actor, checked=checked)
    return deal


@transaction.atomic
def amend_deal(*, actor: Any, deal: Deal, increment: Decimal, amended_on: date, reason: str) -> DealAmendment:
    """补充协议 / 增资: the deal's amount moves by `increment` only; no new deal is counted."""
    _keep(actor, deal.organizer)
    deal = Deal.unscoped_objects.select_for_update().get(pk=deal.pk)
    if not increment:
        raise ServiceError("变更金额不能为 0。")
    if deal.amount + increment < 0:
        raise ServiceError("变更后金额不能为负数。")
    if deal.amount + increment > MAX_AMOUNT:
        raise ServiceError("变更后金额超出范围。")
    if amended_on < deal.signed_on:
        raise ServiceError("变更日期不能早于签约日期。")
    if not (reason or "").strip():
        raise ServiceError("请填写变更说明。")
    row = DealAmendment(
        deal=deal,
        increment=increment,
        amount_before=deal.amount,
        amended_on=amended_on,
        reason=reason.strip(),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    save_audited(row, actor=actor, before=None, organization=deal.organizer, integrity_message="保存失败。")
    before = audit.snapshot(deal)
    deal.amount = deal.amount + increment
    save_audited(
        deal, actor=actor, before=before, organization=deal.organizer, integrity_message="保存失败。"
    )
    return row


@transaction.atomic
def save_project(
    *,
    actor: Any,
    project: InvestmentProject | None = None,
    organizer: Organization,
    name: str,
    investor: str,
    industry: str = "",
    planned_investment: Decimal = Decimal(0),
    note: str = "",
) -> InvestmentProject:
    _keep(actor, organizer)
    if project is not None:
        require_write(actor, project, "您无权修改该项目。")
    if planned_investment is None or planned_investment < 0:
        raise ServiceError("计划投资不能为负数。")
    before = None if project is None else audit.snapshot(project)
    obj = project or InvestmentProject()
    obj.organizer, obj.name, obj.investor = organizer, name, investor
    obj.industry, obj.planned_investment, obj.note = industry, planned_investment, note
    return save_audited(
        obj, actor=actor, before=before, organization=organizer, integrity_message="保存失败。"
    )


@transaction.atomic
def advance_project(
    *, actor: Any, project: InvestmentProject, step: str, reason: str = "", **params: Any
) -> InvestmentProject:
    result: InvestmentProject = workflow.apply(project, step, actor=actor, reason=reason, **params).obj
    return result


@transaction.atomic
def record_talk(
    *,
    actor: Any,
    project: InvestmentProject,
    held_on: date,
    place: str = "",
    participants: str = "",
    summary: str = "",
    event: Any = None,
) -> Talk:
    _keep(actor, project.organizer)
    if project.stage in (Stage.DROPPED, Stage.PRODUCING):
        raise ServiceError(f"项目已{project.get_stage_display()}，不再登记洽谈。")
    if held_on > timezone.localdate():
        raise ServiceError("洽谈日期不能晚于今天。")
    talk = Talk(
        project=project,
        held_on=held_on,
        stage=project.stage,
        place=place,
        participants=participants,
        summary=summary,
        event=event,
    )
    return save_audited(
        talk, actor=actor, before=None, organization=project.organizer, integrity_message="保存失败。"
    )


@transaction.atomic
def save_liaison(
    *, actor: Any, liaison: Liaison | None = None, organizer: Organization, **fields: Any
) -> Liaison:
    _keep(actor, organizer)
    if liaison is not None:
        require_write(actor, liaison, "您无权修改该记录。")
    if fields.get("contacted_on") and fields["contacted_on"] > timezone.localdate():
        raise ServiceError("联络日期不能晚于今天。")
    before = None if liaison is None else audit.snapshot(liaison)
    obj = liaison or Liaison()
    obj.organizer = organizer
    for key, value in fields.items():
        setattr(obj, key, value)
    return save_audited(
        obj, actor=actor, before=before, organization=organizer, integrity_message="保存失败。"
    )


@transaction.atomic
def save_friendly_chamber(
    *, actor: Any, friendly: FriendlyChamber | None = None, organizer: Organization, **fields: Any
) -> FriendlyChamber:
    _keep(actor, organizer)
    if friendly is not None:
        require_write(actor, friendly, "您无权修改该记录。")
    before = None if friendly is None else audit.snapshot(friendly)
    obj = friendly or FriendlyChamber()
    obj.organizer = organizer
    for key, value in fields.items():
        setattr(obj, key, value)
    return save_audited(
        obj, actor=actor, before=before, organization=organizer, integrity_message="已与该商会签订友好协议。"
    )


# ---------------------------------------------------------------- 供需对接


@transaction.atomic
def submit_posting(*, actor: Any, enterprise: Any, **fields: Any) -> Posting:
    """A member posts supply or demand; it waits for review (待审核) before anyone else sees it."""
    require_actor(actor)
    from shanglian.registry.models import Enterprise

    if not Enterprise.objects.editable_by(actor).filter(pk=enterprise.pk).exists():
        raise AccessDenied("只能为本企业（或本会会员企业）发布供需信息。")
    if fields["valid_until"] < timezone.localdate():
        raise ServiceError("有效期不能早于今天。")
    posting = Posting(enterprise=enterprise, federation_id=enterprise.federation_id, **fields)
    return save_audited(
        posting, actor=actor, before=None, organization=enterprise.federation, integrity_message="保存失败。"
    )


@transaction.atomic
def review_posting(*, actor: Any, posting: Posting, decision: str, reason: str = "") -> Posting:
    if decision not in ("publish", "reject", "close"):
        raise ServiceError("未知的审核操作。")
    result: Posting = workflow.apply(posting, decision, actor=actor, reason=reason).obj
    return result


@transaction.atomic
def express_interest(*, actor: Any, posting: Posting, enterprise: Any, note: str = "") -> Interest:
    require_actor(actor)
    if enterprise is None or enterprise.pk not in own_enterprise_ids(actor):
        raise AccessDenied("只能以本企业名义表达对接意向。")
    if posting.status != PostingStatus.PUBLISHED or posting.valid_until < timezone.localdate():
        raise ServiceError("该信息未发布或已过有效期。")
    if posting.enterprise_id == enterprise.pk:
        raise ServiceError("不能对本企业发布的信息表达意向。")
    row = Interest(posting=posting, enterprise=enterprise, note=note)
    return save_audited(
        row,
        actor=actor,
        before=None,
        organization=posting.federation,
        integrity_message="您已表达过对接意向。",
    )


@transaction.atomic
def propose_match(*, actor: Any, posting: Posting, counterpart: Any, reason: str = "") -> Match:
    """Staff take a candidate (or an interested enterprise) forward: a meeting is to be brokered."""
    require_actor(actor)
    require_write(actor, posting.federation, "只有工商联管理员可以撮合对接。")
    if posting.status != PostingStatus.PUBLISHED:
        raise ServiceError("只有已发布的信息可以撮合对接。")
    if counterpart.federation_id != posting.federation_id or counterpart.pk == posting.enterprise_id:
        raise ServiceError("对接企业不存在或不在本工商联。")
    row = Match(posting=posting, counterpart=counterpart, reason=reason[:300])
    return save_audited(
        row,
        actor=actor,
        before=None,
        organization=posting.federation,
        integrity_message="已为该企业安排过对接。",
    )


@transaction.atomic
def schedule_meeting(*, actor: Any, match: Match, meeting_at: Any, meeting_place: str = "") -> Match:
    result: Match = workflow.apply(
        match, "schedule", actor=actor, meeting_at=meeting_at, meeting_place=meeting_place
    ).obj
    return result


@transaction.atomic
def record_agreement(
    *,
    actor: Any,
    match: Match,
    title: str,
    deal_type: str,
    amount: Decimal,
    signed_on: date,
    contract_no: str = "",
) -> Match:
    """达成合作: the match becomes a Deal (counted once, like any deal) linked back to it."""
    posting = match.posting
    supplier, buyer = (posting.enterprise, match.counterpart)
    if posting.side == "demand":
        supplier, buyer = buyer, supplier
    deal = register_deal(
        actor=actor,
        organizer=posting.federation,
        title=title,
        deal_type=deal_type,
        amount=amount,
        signed_on=signed_on,
        party_a=supplier,
        party_b=buyer,
        contract_no=contract_no,
        note=f"供需对接：{posting.title}",
    )
    obj: Match = workflow.apply(match, "agree", actor=actor, deal=deal).obj
    return obj


@transaction.atomic
def record_no_agreement(*, actor: Any, match: Match, reason: str) -> Match:
    result: Match = workflow.apply(match, "fail", actor=actor, reason=reason).obj
    return result
