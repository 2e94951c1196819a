"""The appeal's whole lifecycle as one workflow: every step a transition with one audit row and a timeline entry.

Deadlines are stored when a unit receives the appeal: `contact_due` (sign and contact the enterprise),
`finish_due` (the federation's clock: from the FIRST dispatch, never restarted by a send-back or a
transfer) and `handler_due` (the current unit's own deadline, from its dispatch). Extensions approved by
the desk move both.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from shanglian.appeals.models import (
    Appeal,
    AppealDispatch,
    AppealEntry,
    AppealState,
    DispatchRole,
    DispatchStatus,
    EntryKind,
    ExtensionStatus,
    Outcome,
    Satisfaction,
)
from shanglian.core.access import (
    department_liaisons,
    holders_of,
    is_admin_of,
    is_liaison_of,
    is_secretary_of,
    is_system,
    own_enterprise_ids,
)
from shanglian.core.access import enterprise_users as access_enterprise_users
from shanglian.core.errors import ServiceError
from shanglian.orgs.models import Organization, OrgKind
from shanglian.workdays.services import add_working_days, working_days_between
from shanglian.workflow.kit import Step, Transition, Workflow, register

S = AppealState
SEND_BACK_WORKING_DAYS = 2
DESK_ONLY = "只有受理该诉求的工商联管理员可以执行此操作。"
HANDLER_ONLY = "只有该诉求的主办单位可以执行此操作。"
ENTERPRISE_ONLY = "只有提出该诉求的企业可以评价。"


def today_of(step: Step) -> date:
    day: date | None = step.params.get("today")
    return day or timezone.localdate()


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


# ---------------------------------------------------------------- who


def _desk(actor: Any, appeal: Appeal) -> bool:
    return is_admin_of(actor, appeal.federation)


def _chamber_secretary(actor: Any, appeal: Appeal) -> bool:
    if is_system(actor):
        return True
    return appeal.chamber is not None and is_secretary_of(actor, appeal.chamber)


def _lead_dispatch(appeal: Appeal) -> AppealDispatch | None:
    return (
        AppealDispatch.unscoped_objects.filter(
            appeal=appeal, role=DispatchRole.LEAD, status=DispatchStatus.ACTIVE
        )
        .select_related("unit")
        .first()
    )


def acts_for_unit(actor: Any, unit: Organization) -> bool:
    """A department's liaison, or a chamber's secretary, acts for that unit."""
    if unit.kind == OrgKind.CHAMBER:
        return is_secretary_of(actor, unit)
    return is_liaison_of(actor, unit)


def _lead_handler(actor: Any, appeal: Appeal) -> bool:
    if is_system(actor):  # loaders and other apps' jobs act for nobody in particular
        return _lead_dispatch(appeal) is not None
    lead = _lead_dispatch(appeal)
    return lead is not None and acts_for_unit(actor, lead.unit)


def _own_enterprise(actor: Any, appeal: Appeal) -> bool:
    if is_system(actor):
        return True
    return appeal.enterprise_id in own_enterprise_ids(actor)


def _leader(actor: Any, appeal: Appeal) -> bool:
    if is_system(actor):
        return True
    return bool(Appeal.objects.visible_to(actor).filter(pk=appeal.pk).exists())


# ---------------------------------------------------------------- whom to tell


def unit_handlers(unit: Organization) -> QuerySet[Any]:
    if unit.kind == OrgKind.CHAMBER:
        handlers: QuerySet[Any] = holders_of("appeals.handle", unit)
        return handlers
    liaisons: QuerySet[Any] = department_liaisons(unit)
    return liaisons


def enterprise_users(appeal: Appeal) -> QuerySet[Any]:
    users: QuerySet[Any] = access_enterprise_users([appeal.enterprise_id])
    return users


def desk_users(appeal: Appeal) -> QuerySet[Any]:
    users: QuerySet[Any] = holders_of("appeals.desk", appeal.federation)
    return users


def leaders(appeal: Appeal) -> QuerySet[Any]:
    users: QuerySet[Any] = holders_of("appeals.supervise", appeal.federation)
    return users


def lead_handlers(appeal: Appeal) -> Iterable[Any]:
    return unit_handlers(appeal.lead_unit) if appeal.lead_unit is not None else []


# ---------------------------------------------------------------- effects


def _entry(step: Step, kind: str = EntryKind.STEP, body: str | None = None, unit: Any = None) -> None:
    AppealEntry.unscoped_objects.create(
        appeal=step.obj,
        kind=kind,
        label=step.transition.label,
        body=step.reason if body is None else body,
        author=_user(step.actor),
        unit=unit,
    )


def log_step(step: Step) -> None:
    _entry(step)


def _accept(step: Step) -> None:
    step.obj.accepted_on = today_of(step)


def _units_in_federation(appeal: Appeal, ids: Sequence[int]) -> list[Organization]:
    units = list(
        Organization.objects.unscoped().filter(
            pk__in=ids,
            kind__in=(OrgKind.DEPARTMENT, OrgKind.CHAMBER),
            path__startswith=appeal.federation.path,
        )
    )
    if len(units) != len(set(ids)):
        raise ServiceError("承办单位须为本工商联下属的政府部门或商会。")
    return units


def _check_units(step: Step) -> None:
    lead = step.params.get("lead")
    assisting = list(step.params.get("assisting") or [])
    if not lead:
        raise ServiceError("请选择主办单位。")
    if lead in assisting:
        raise ServiceError("主办单位不能同时作为协办单位。")
    units = _units_in_federation(step.obj, [lead, *assisting])
    step.result = {u.pk: u for u in units}


def _dispatch_to_units(step: Step) -> None:
    appeal: Appeal = step.obj
    day = today_of(step)
    contact, finish, _ = appeal.limits
    units: dict[int, Organization] = step.result
    due = add_working_days(day, finish)
    lead = units[step.params["lead"]]
    AppealDispatch.unscoped_objects.create(
        appeal=appeal, unit=lead, role=DispatchRole.LEAD, dispatched_on=day, due_on=due
    )
    for pk in step.params.get("assisting") or []:
        AppealDispatch.unscoped_objects.create(
            appeal=appeal, unit=units[pk], role=DispatchRole.ASSIST, dispatched_on=day, due_on=due
        )
    appeal.lead_unit = lead
    appeal.handler_due = due
    appeal.signed_on = None
    if appeal.dispatched_on is None:
        # The federation's clock starts once, at the first dispatch.
        appeal.dispatched_on = day
        appeal.contact_due = add_working_days(day, contact)
        appeal.finish_due = due
    names = "、".join(
        [lead.name] + [units[pk].name + "（协办）" for pk in step.params.get("assisting") or []]
    )
    suggested = step.params.get("suggested")
    override = ""
    if suggested and suggested != lead.pk:
        other = Organization.objects.unscoped().filter(pk=suggested).values_list("name", flat=True).first()
        override = f"（未采纳系统建议：{other}）"
    step.params = {**step.params, "override": override}
    _entry(
        step,
        body=f"派至{names}，办理期限 {due:%Y-%m-%d}{override}" + (f"。{step.reason}" if step.reason else ""),
    )


def _end_active(appeal: Appeal, status: str, day: date, reason: str) -> None:
    AppealDispatch.unscoped_objects.filter(appeal=appeal, status=DispatchStatus.ACTIVE).update(
        status=status, ended_on=day, reason=reason[:500]
    )


def _check_transfer(step: Step) -> None:
    _check_units(step)


def _transfer(step: Step) -> None:
    _end_active(step.obj, DispatchStatus.TRANSFERRED, today_of(step), step.reason)
    _dispatch_to_units(step)


def _take_in_chamber(step: Step) -> None:
    appeal: Appeal = step.obj
    assert appeal.chamber is not None
    step.params = {**step.params, "lead": appeal.chamber.pk, "assisting": []}
    step.result = {appeal.chamber.pk: appeal.chamber}
    _dispatch_to_units(step)
    appeal.signed_on = today_of(step)
    AppealDispatch.unscoped_objects.filter(appeal=appeal, status=DispatchStatus.ACTIVE).update(
        signed_on=appeal.signed_on
    )


def _sign(step: Step) -> None:
    appeal: Appeal = step.obj
    day = today_of(step)
    appeal.signed_on = day
    AppealDispatch.unscoped_objects.filter(
        appeal=appeal, status=DispatchStatus.ACTIVE, role=DispatchRole.LEAD
    ).update(signed_on=day)
    _entry(step, unit=appeal.lead_unit)


def _check_send_back(step: Step) -> None:
    lead = _lead_dispatch(step.obj)
    assert lead is not None  # the state guarantees one
    if working_days_between(lead.dispatched_on, today_of(step)) > SEND_BACK_WORKING_DAYS:
        raise ServiceError(
            f"派单已超过 {SEND_BACK_WORKING_DAYS} 个工作日，不能退回；如确属派错，请联系受理窗口转办。"
        )


def _send_back(step: Step) -> None:
    appeal: Appeal = step.obj
    unit = appeal.lead_unit
    _end_active(appeal, DispatchStatus.SENT_BACK, today_of(step), step.reason)
    appeal.lead_unit = None
    appeal.handler_due = None
    appeal.signed_on = None
    _entry(step, unit=unit)


def _progress(step: Step) -> None:
    _entry(step, kind=EntryKind.PROGRESS, unit=step.obj.lead_unit)


def _check_outcome(step: Step) -> None:
    if step.params.get("outcome") not in {Outcome.SOLVED, Outcome.PARTLY, Outcome.EXPLAINED}:
        raise ServiceError("请选择办理结果：已解决、部分解决或已解释说明。")
    if step.obj.extension_status == ExtensionStatus.PENDING:
        raise ServiceError("延期申请尚待审批，请等审批后再答复。")


def _reply(step: Step) -> None:
    appeal: Appeal = step.obj
    appeal.outcome = step.params["outcome"]
    appeal.reply = step.reason
    appeal.replied_on = today_of(step)
    if step.params.get("rights_outcome"):
        appeal.rights_outcome = str(step.params["rights_outcome"])[:200]
    _entry(
        step,
        kind=EntryKind.REPLY,
        body=f"【{appeal.get_outcome_display()}】{step.reason}",
        unit=appeal.lead_unit,
    )


def _check_extension(step: Step) -> None:
    appeal: Appeal = step.obj
    days = step.params.get("days")
    _, _, limit = appeal.limits
    if appeal.extension_status == ExtensionStatus.PENDING:
        raise ServiceError("已有一项延期申请待审批。")
    if not isinstance(days, int) or days < 1:
        raise ServiceError("请填写延期的工作日数（至少 1 天）。")
    if appeal.extension_days + days > limit:
        raise ServiceError(f"延期合计不能超过 {limit} 个工作日（已批准 {appeal.extension_days} 个工作日）。")


def _request_extension(step: Step) -> None:
    appeal: Appeal = step.obj
    appeal.extension_requested = step.params["days"]
    appeal.extension_status = ExtensionStatus.PENDING
    _entry(step, body=f"申请延期 {appeal.extension_requested} 个工作日：{step.reason}", unit=appeal.lead_unit)


def _check_pending_extension(step: Step) -> None:
    if step.obj.extension_status != ExtensionStatus.PENDING:
        raise ServiceError("没有待审批的延期申请。")


def _approve_extension(step: Step) -> None:
    appeal: Appeal = step.obj
    days = appeal.extension_requested
    appeal.extension_days += days
    appeal.extension_status = ExtensionStatus.APPROVED
    if appeal.finish_due:
        appeal.finish_due = add_working_days(appeal.finish_due, days)
    if appeal.handler_due:
        appeal.handler_due = add_working_days(appeal.handler_due, days)
    _entry(
        step,
        body=f"同意延期 {days} 个工作日，新的办结期限 {appeal.finish_due:%Y-%m-%d}"
        + (f"。{step.reason}" if step.reason else ""),
    )


def _reject_extension(step: Step) -> None:
    step.obj.extension_status = ExtensionStatus.REJECTED
    _entry(step)


def _close(step: Step) -> None:
    appeal: Appeal = step.obj
    appeal.closed_on = today_of(step)
    appeal.close_working_days = working_days_between(
        appeal.dispatched_on or appeal.submitted_on, appeal.closed_on
    )
    _entry(step)


def _check_satisfied(step: Step) -> None:
    if step.params.get("satisfaction") not in {Satisfaction.SATISFIED, Satisfaction.BASICALLY}:
        raise ServiceError("请选择评价：满意或基本满意。")


def _rate(step: Step) -> None:
    appeal: Appeal = step.obj
    appeal.satisfaction = step.params["satisfaction"]
    appeal.rating_comment = step.reason[:500]
    appeal.rated_on = today_of(step)
    _entry(
        step,
        kind=EntryKind.RATING,
        body=f"{appeal.get_satisfaction_display()}" + (f"：{step.reason}" if step.reason else ""),
    )


def _check_first_reopen(step: Step) -> None:
    if step.obj.reopen_count >= 1:
        raise ServiceError("该诉求已重办过一次，再次不满意将提交工作联领导督办。")


def _reopen(step: Step) -> None:
    """不满意 (first time): back to the same handler with the comment and a fresh finish deadline."""
    appeal: Appeal = step.obj
    day = today_of(step)
    _, finish, _ = appeal.limits
    appeal.satisfaction = Satisfaction.UNSATISFIED
    appeal.rating_comment = step.reason[:500]
    appeal.rated_on = day
    appeal.reopen_count += 1
    appeal.outcome = Outcome.NONE
    appeal.closed_on = None
    appeal.replied_on = None
    appeal.handler_due = add_working_days(day, finish)
    appeal.finish_due = appeal.handler_due
    _entry(step, kind=EntryKind.RATING, body=f"不满意：{step.reason}")


def _check_second_unsatisfied(step: Step) -> None:
    if step.obj.reopen_count < 1:
        raise ServiceError("首次不满意应退回原承办单位重办。")


def _escalate(step: Step) -> None:
    appeal: Appeal = step.obj
    appeal.satisfaction = Satisfaction.UNSATISFIED
    appeal.rating_comment = step.reason[:500]
    appeal.rated_on = appeal.escalated_on = today_of(step)
    _entry(step, kind=EntryKind.RATING, body=f"再次不满意，提交领导督办：{step.reason}")


def _conclude(step: Step) -> None:
    _entry(step, kind=EntryKind.COMMENT)


def _forward(step: Step) -> None:
    _entry(step, unit=step.obj.chamber)


def _link(appeal: Appeal) -> str:
    return reverse("appeals:appeal_detail", kwargs={"appeal_id": appeal.pk})


def _t(name: str, label: str, sources: Iterable[str], target: str, **kw: Any) -> Transition:
    return Transition(name=name, label=label, sources=frozenset(sources), target=target, **kw)


APPEAL = register(
    Workflow(
        model=Appeal,
        field="state",
        organization=lambda a: a.federation,
        link=_link,
        describe=lambda a: f"诉求“{a.title}”",
        select_related=("federation", "lead_unit"),
        transitions=(
            _t(
                "forward",
                "转报工商联",
                {S.CHAMBER},
                S.SUBMITTED,
                capability="appeals.handle",
                allowed=_chamber_secretary,
                denied_message="只有该企业所在商会的秘书处可以转报。",
                effects=(_forward,),
                notify=lambda s: desk_users(s.obj),
            ),
            _t(
                "take",
                "商会自办",
                {S.CHAMBER},
                S.HANDLING,
                capability="appeals.handle",
                allowed=_chamber_secretary,
                denied_message="只有该企业所在商会的秘书处可以自办。",
                effects=(_take_in_chamber,),
                notify=lambda s: enterprise_users(s.obj),
            ),
            _t(
                "accept",
                "受理",
                {S.SUBMITTED},
                S.ACCEPTED,
                capability="appeals.desk",
                allowed=_desk,
                denied_message=DESK_ONLY,
                effects=(_accept, log_step),
                notify=lambda s: enterprise_users(s.obj),
            ),
            _t(
                "decline",
                "不予受理",
                {S.SUBMITTED, S.CHAMBER},
                S.DECLINED,
                capability="appeals.desk",
                allowed=_desk,
                denied_message=DESK_ONLY,
                reason_required=True,
                reason_field="decline_reason",
                reason_message="请向企业说明不予受理的理由（如已有相同诉求在办、不属于受理范围及建议的反映渠道）。",
                effects=(log_step,),
                notify=lambda s: enterprise_users(s.obj),
            ),
            _t(
                "dispatch",
                "派单",
                {S.ACCEPTED},
                S.DISPATCHED,
                capability="appeals.desk",
                allowed=_desk,
                denied_message=DESK_ONLY,
                checks=(_check_units,),
                effects=(_dispatch_to_units,),
                audit_message=lambda s: (
                    f"派单{s.params.get('override', '')}" + (f"：{s.reason}" if s.reason else "")
                ),
                notify=lambda s: [u for unit in s.result.values() for u in unit_handlers(unit)],
            ),
            _t(
                "transfer",
                "转办",
                {S.DISPATCHED, S.HANDLING},
                S.DISPATCHED,
                capability="appeals.desk",
                allowed=_desk,
                denied_message=DESK_ONLY,
                reason_required=True,
                reason_message="请填写转办理由。",
                checks=(_check_transfer,),
                effects=(_transfer,),
                notify=lambda s: [u for unit in s.result.values() for u in unit_handlers(unit)],
            ),
            _t(
                "sign",
                "签收",
                {S.DISPATCHED},
                S.HANDLING,
                capability="appeals.handle",
                allowed=_lead_handler,
                denied_message=HANDLER_ONLY,
                effects=(_sign,),
                notify=lambda s: enterprise_users(s.obj),
            ),
            _t(
                "send_back",
                "退回",
                {S.DISPATCHED, S.HANDLING},
                S.ACCEPTED,
                capability="appeals.handle",
                allowed=_lead_handler,
                denied_message=HANDLER_ONLY,
                reason_required=True,
                reason_message="请填写退回理由（为何不属于本单位职责，建议由哪个单位办理）。",
                checks=(_check_send_back,),
                effects=(_send_back,),
                notify=lambda s: desk_users(s.obj),
            ),
            _t(
                "progress",
                "办理进展",
                {S.HANDLING},
                S.HANDLING,
                capability="appeals.handle",
                allowed=_lead_handler,
                denied_message=HANDLER_ONLY,
                reason_required=True,
                reason_message="请填写办理进展。",
                effects=(_progress,),
                notify=lambda s: enterprise_users(s.obj),
            ),
            _t(
                "reply",
                "答复",
                {S.HANDLING},
                S.REPLIED,
                capability="appeals.handle",
                allowed=_lead_handler,
                denied_message=HANDLER_ONLY,
                reason_required=True,
                reason_message="请填写答复意见。",
                checks=(_check_outcome,),
                effects=(_reply,),
                notify=lambda s: [*enterprise_users(s.obj), *desk_users(s.obj)],
            ),
            _t(
                "request_extension",
                "申请延期",
                {S.HANDLING},
                S.HANDLING,
                capability="appeals.handle",
                allowed=_lead_handler,
                denied_message=HANDLER_ONLY,
                reason_required=True,
                reason_message="请填写延期理由。",
                checks=(_check_extension,),
                effects=(_request_extension,),
                notify=lambda s: desk_users(s.obj),
            ),
            _t(
                "approve_extension",
                "批准延期",
                {S.HANDLING},
                S.HANDLING,
                capability="appeals.desk",
                allowed=_desk,
                denied_message=DESK_ONLY,
                checks=(_check_pending_extension,),
                effects=(_approve_extension,),
                notify=lambda s: [*lead_handlers(s.obj), *enterprise_users(s.obj)],
            ),
            _t(
                "reject_extension",
                "不同意延期",
                {S.HANDLING},
                S.HANDLING,
                capability="appeals.desk",
                allowed=_desk,
                denied_message=DESK_ONLY,
                reason_required=True,
                reason_message="请填写不同意延期的理由。",
                checks=(_check_pending_extension,),
                effects=(_reject_extension,),
                notify=lambda s: lead_handlers(s.obj),
            ),
            _t(
                "close",
                "办结",
                {S.REPLIED},
                S.CLOSED,
                capability="appeals.desk",
                allowed=_desk,
                denied_message=DESK_ONLY,
                effects=(_close,),
                notify=lambda s: enterprise_users(s.obj),
                notify_title=lambda s: f"诉求“{s.obj.title}”已办结，请评价",
            ),
            _t(
                "rate",
                "评价",
                {S.CLOSED},
                S.RATED,
                capability="appeals.rate",
                allowed=_own_enterprise,
                denied_message=ENTERPRISE_ONLY,
                checks=(_check_satisfied,),
                effects=(_rate,),
            ),
            _t(
                "reopen",
                "不满意重办",
                {S.CLOSED},
                S.HANDLING,
                capability="appeals.rate",
                allowed=_own_enterprise,
                denied_message=ENTERPRISE_ONLY,
                reason_required=True,
                reason_message="请说明不满意的原因，以便承办单位重新办理。",
                checks=(_check_first_reopen,),
                effects=(_reopen,),
                notify=lambda s: [*lead_handlers(s.obj), *desk_users(s.obj)],
            ),
            _t(
                "escalate",
                "领导督办",
                {S.CLOSED},
                S.ESCALATED,
                capability="appeals.rate",
                allowed=_own_enterprise,
                denied_message=ENTERPRISE_ONLY,
                reason_required=True,
                reason_message="请说明不满意的原因。",
                checks=(_check_second_unsatisfied,),
                effects=(_escalate,),
                notify=lambda s: [*leaders(s.obj), *desk_users(s.obj)],
            ),
            _t(
                "conclude",
                "督办结论",
                {S.ESCALATED},
                S.RATED,
                capability="appeals.supervise",
                allowed=_leader,
                denied_message="只有本工商联的领导可以作出督办结论。",
                reason_required=True,
                reason_message="请填写督办结论。",
                effects=(_conclude,),
                notify=lambda s: [*enterprise_users(s.obj), *desk_users(s.obj)],
            ),
        ),
    )
)
