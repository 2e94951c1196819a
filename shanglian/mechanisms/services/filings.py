"""重大事项报备: default filing types, a chamber's filing (late ones marked), the federation's review steps."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from shanglian.attachments import services as attachments
from shanglian.attachments.uses import get_use
from shanglian.audit import services as audit
from shanglian.core.access import require_actor, require_admin_of, require_capability, require_write
from shanglian.core.errors import ServiceError
from shanglian.core.saving import save_audited
from shanglian.mechanisms.models import FILING_FILE, Filing, FilingMode, FilingType, RuleDocument
from shanglian.orgs.models import Organization, OrgKind
from shanglian.workdays.services import add_working_days, working_days_between
from shanglian.workflow import services as workflow

WAN = Decimal(10000)
# After federations' published 商会重大事项报备制度: (name, mode, working days, threshold in 元).
DEFAULT_TYPES: tuple[tuple[str, str, int, Decimal | None], ...] = (
    ("秘书长/副会长以上人事变动", FilingMode.PRIOR_APPROVAL, 15, None),
    ("换届选举", FilingMode.PRIOR_APPROVAL, 30, None),
    ("章程修改", FilingMode.PRIOR_APPROVAL, 15, None),
    ("大额资金使用", FilingMode.PRIOR_APPROVAL, 10, 50 * WAN),
    ("对外捐赠", FilingMode.PRIOR_APPROVAL, 10, 100 * WAN),
    ("举办重大活动", FilingMode.PRIOR_APPROVAL, 10, None),
    ("对外签约", FilingMode.AFTER_RECORD, 5, None),
    ("涉外交流", FilingMode.PRIOR_APPROVAL, 15, None),
    ("其他", FilingMode.AFTER_RECORD, 5, None),
)


@transaction.atomic
def ensure_default_filing_types(
    *, actor: Any, federation: Organization, rule: RuleDocument | None = None
) -> list[FilingType]:
    """The default types for a federation (existing names are kept as configured)."""
    require_actor(actor)
    require_admin_of(actor, federation)
    made = []
    for order, (name, mode, days, threshold) in enumerate(DEFAULT_TYPES, start=1):
        found = FilingType.objects.unscoped().filter(federation=federation, name=name).first()
        if found is None:
            found = FilingType(
                federation=federation,
                name=name,
                mode=mode,
                days=days,
                threshold_amount=threshold,
                rule=rule,
                order=order * 10,
            )
            save_audited(
                found, actor=actor, before=None, organization=federation, integrity_message="事项类型已存在。"
            )
        made.append(found)
    return made


@transaction.atomic
def save_filing_type(
    *,
    actor: Any,
    federation: Organization,
    filing_type: FilingType | None = None,
    name: str,
    mode: str,
    days: int | None,
    threshold_amount: Decimal | None = None,
    rule: RuleDocument | None = None,
    active: bool = True,
    order: int = 100,
) -> FilingType:
    require_actor(actor)
    require_capability(actor, "mechanisms.filing_configure")
    require_admin_of(actor, federation)
    if not name.strip():
        raise ServiceError("请填写事项类型名称。")
    if mode not in FilingMode.values:
        raise ServiceError("请选择报备方式。")
    if days is None or days < 0 or days > 120:
        raise ServiceError("时限应为 0～120 个工作日。")
    if threshold_amount is not None and threshold_amount <= 0:
        raise ServiceError("金额标准应大于 0。")
    if rule is not None and rule.federation_id != federation.pk:
        raise ServiceError("依据制度须为本工商联的制度文件。")
    before = None if filing_type is None else audit.snapshot(filing_type)
    obj = filing_type or FilingType(federation=federation)
    obj.name, obj.mode, obj.days = name.strip(), mode, days
    obj.threshold_amount, obj.rule, obj.active, obj.order = threshold_amount, rule, active, order
    return save_audited(
        obj, actor=actor, before=before, organization=federation, integrity_message="已有同名的事项类型。"
    )


def lateness(mode: str, days: int, event_date: date, submitted_on: date) -> int:
    """Working days a filing is late (0: on time) under its type's rule."""
    if mode == FilingMode.PRIOR_APPROVAL:
        ahead = working_days_between(submitted_on, event_date)
        return max(0, days - ahead) + working_days_between(event_date, submitted_on)
    return working_days_between(add_working_days(event_date, days), submitted_on)


@transaction.atomic
def submit_filing(
    *,
    actor: Any,
    chamber: Organization,
    filing_type: FilingType,
    title: str,
    content: str,
    event_date: date | None,
    amount: Decimal | None = None,
    upload: Any = None,
    today: date | None = None,
) -> Filing:
    """A chamber reports a major matter; one filed after its deadline (or after the event) is marked late."""
    require_actor(actor)
    require_capability(actor, "mechanisms.filing_submit")
    if chamber.kind != OrgKind.CHAMBER:
        raise ServiceError("请选择报备的商会。")
    require_write(actor, chamber, "只能为本商会报备重大事项。")
    parent = Organization.objects.get_parent(chamber)
    if filing_type.federation_id != getattr(parent, "pk", None) or not filing_type.active:
        raise ServiceError("请选择本工商联规定的报备事项类型。")
    if not title.strip():
        raise ServiceError("请填写事项名称。")
    if not content.strip():
        raise ServiceError("请填写事项内容。")
    if event_date is None:
        raise ServiceError("请填写事项发生日期。")
    if amount is not None and amount < 0:
        raise ServiceError("涉及金额不能为负数。")
    if filing_type.threshold_amount is not None and amount is None:
        raise ServiceError(f"“{filing_type.name}”须填写涉及金额。")
    checked = None if upload is None else attachments.check_upload(upload, get_use(FILING_FILE))
    today = today or timezone.localdate()
    days_late = lateness(filing_type.mode, filing_type.days, event_date, today)
    filing = Filing(
        chamber=chamber,
        filing_type=filing_type,
        mode=filing_type.mode,
        title=title.strip(),
        content=content.strip(),
        amount=amount,
        event_date=event_date,
        submitted_on=today,
        submitted_by=None if getattr(actor, "pk", None) is None else actor,
        late=days_late > 0,
        days_late=min(days_late, 32767),
    )
    workflow.start(filing, today=today)
    # The create row's snapshot holds late/days_late: the lateness is on record from the start.
    save_audited(filing, actor=actor, before=None, organization=chamber, integrity_message="报备保存失败。")
    if upload is not None:
        attachments.attach(owner=filing, use=FILING_FILE, upload=upload, actor=actor, checked=checked)
    return filing


FILING_STEPS = {
    "accept": "受理",
    "request_info": "要求补充材料",
    "supplement": "补充材料",
    "approve": "审核通过",
    "reject": "不予同意",
    "record": "备案",
}


@transaction.atomic
def step_filing(*, actor: Any, filing: Filing, step: str, reason: str = "", upload: Any = None) -> Filing:
    """One review step through the workflow kit (rights, state and reason checked there)."""
    require_actor(actor)
    if step not in FILING_STEPS:
        raise ServiceError("未知的办理步骤。")
    checked = None if upload is None else attachments.check_upload(upload, get_use(FILING_FILE))
    done: Filing = workflow.apply(filing, step, actor=actor, reason=reason).obj
    if upload is not None:
        attachments.attach(owner=done, use=FILING_FILE, upload=upload, actor=actor, checked=checked)
    return done
