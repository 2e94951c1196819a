"""Chamber lifecycle services: the state machine, founding, transition requests, irregular flags."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction

from shanglian.audit import services as audit
from shanglian.chambers.models import (
    CaseStatus,
    Cause,
    ChamberProfile,
    ChamberState,
    ChamberTransition,
    RectificationCase,
    RequestStatus,
    TransitionKind,
    TransitionRequest,
)
from shanglian.chambers.services.common import (
    check_admin,
    check_can_edit,
    check_chamber,
    ensure_profile,
    local_today,
)
from shanglian.core.errors import ServiceError
from shanglian.orgs.models import ChamberKind, Organization, OrgKind
from shanglian.workflow import services as workflow

# The lifecycle: 新建(筹建) → 规范运行 ⇄ 整顿中, and from any live state → 清理(注销), which is final.
ALLOWED: dict[str, set[str]] = {
    "": {ChamberState.FOUNDING},
    ChamberState.FOUNDING: {ChamberState.NORMAL, ChamberState.DISSOLVED},
    ChamberState.NORMAL: {ChamberState.RECTIFYING, ChamberState.DISSOLVED},
    ChamberState.RECTIFYING: {ChamberState.NORMAL, ChamberState.DISSOLVED},
    ChamberState.DISSOLVED: set(),
}
STATE_LABELS = dict(ChamberState.choices)
DEFAULT_CASE_DAYS = 90


def transition_kind(from_state: str, to_state: str) -> str:
    if to_state == ChamberState.FOUNDING:
        return TransitionKind.FOUND
    if to_state == ChamberState.RECTIFYING:
        return TransitionKind.RECTIFY
    if to_state == ChamberState.DISSOLVED:
        return TransitionKind.DISSOLVE
    if from_state == ChamberState.FOUNDING:
        return TransitionKind.ESTABLISH
    return TransitionKind.RESTORE


def current_state(chamber: Organization) -> str:
    profile = ChamberProfile.unscoped_objects.filter(chamber=chamber).only("state").first()
    return profile.state if profile else ChamberState.NORMAL


def check_transition(chamber: Organization, to_state: str, *, reason: str, effective_on, cause: str = ""):
    """Raise ServiceError when the step is not allowed; returns (profile_state, to_state)."""
    check_chamber(chamber)
    if to_state not in ChamberState.values:
        raise ServiceError("目标状态无效。")
    if not (reason or "").strip():
        raise ServiceError("请填写状态变更的事由。")
    if effective_on is None:
        raise ServiceError("请填写生效日期。")
    if cause not in Cause.values:
        raise ServiceError("原因类别无效。")
    state = current_state(chamber)
    if to_state not in ALLOWED[state]:
        raise ServiceError(
            f"不允许的状态变更：{STATE_LABELS[state]} → {STATE_LABELS[to_state]}。"
            + ("已清理（注销）的商会不能再变更状态。" if state == ChamberState.DISSOLVED else "")
        )
    if effective_on > local_today() + timedelta(days=366):
        raise ServiceError("生效日期过远，请核对。")
    last = ChamberTransition.unscoped_objects.filter(chamber=chamber).order_by("-effective_on").first()
    if last and effective_on < last.effective_on:
        raise ServiceError(f"生效日期不能早于上一次状态变更日期（{last.effective_on}）。")
    return state


@transaction.atomic
def transition_chamber(
    *,
    actor,
    chamber: Organization,
    to_state: str,
    reason: str,
    effective_on: date,
    cause: str = "",
    message: str = "",
    case_deadline: date | None = None,
) -> ChamberTransition:
    """Apply one lifecycle step (admins; also what approving a request does). One audit row."""
    check_admin(actor, chamber)
    from_state = check_transition(chamber, to_state, reason=reason, effective_on=effective_on, cause=cause)
    return apply_transition(
        actor=actor,
        chamber=chamber,
        from_state=from_state,
        to_state=to_state,
        reason=reason.strip(),
        effective_on=effective_on,
        cause=cause,
        message=message,
        case_deadline=case_deadline,
    )


def apply_transition(
    *, actor, chamber, from_state, to_state, reason, effective_on, cause, message, case_deadline=None
):
    profile = ensure_profile(chamber)
    real_actor = actor if getattr(actor, "is_authenticated", False) else None
    kind = transition_kind(from_state, to_state)
    if kind == TransitionKind.RESTORE and chamber.rectification_cases.filter(status=CaseStatus.OPEN).exists():
        raise ServiceError("该商会还有未验收的整顿个案：请先在整顿个案中填写结果并验收。")
    if kind == TransitionKind.RECTIFY and not cause and profile.irregular_defects:
        cause = Cause.IRREGULAR
    step = ChamberTransition.unscoped_objects.create(
        chamber=chamber,
        from_state=from_state,
        to_state=to_state,
        kind=kind,
        cause=cause,
        reason=reason,
        effective_on=effective_on,
        actor=real_actor,
    )
    profile.state = to_state
    if kind == TransitionKind.RESTORE:
        profile.irregular_defects, profile.irregular_flagged_on = "", None
    profile.save()
    audit.record_transition(
        actor=actor,
        obj=chamber,
        field="state",
        before=from_state,
        after=to_state,
        organization=chamber,
        message=(message or f"{TransitionKind(kind).label}：{reason}")[:500],
    )
    if kind == TransitionKind.RECTIFY:
        case = RectificationCase.unscoped_objects.create(
            chamber=chamber,
            opened_by=step,
            cause=cause,
            defects=profile.irregular_defects or reason,
            opened_on=effective_on,
            deadline=case_deadline or effective_on + timedelta(days=DEFAULT_CASE_DAYS),
        )
        audit.record_create(actor=actor, obj=case, organization=chamber, message="启动整顿个案")
    elif kind == TransitionKind.DISSOLVE:
        for case in chamber.rectification_cases.filter(status=CaseStatus.OPEN):
            before = audit.snapshot(case)
            case.status, case.closed_on = CaseStatus.CLOSED, max(effective_on, case.opened_on)
            case.result = case.result or f"商会已清理（注销）：{reason}"
            case.save()
            audit.record_update(actor=actor, obj=case, before=before, organization=chamber)
        if chamber.is_active:
            before = audit.snapshot(chamber)
            chamber.is_active = False
            chamber.save(update_fields=["is_active", "updated_at"])
            audit.record_update(actor=actor, obj=chamber, before=before, organization=chamber)
    elif kind == TransitionKind.ESTABLISH and chamber.founded_on is None:
        before = audit.snapshot(chamber)
        chamber.founded_on = effective_on
        chamber.save(update_fields=["founded_on", "updated_at"])
        audit.record_update(actor=actor, obj=chamber, before=before, organization=chamber)
    return step


@transaction.atomic
def found_chamber(
    *,
    actor,
    federation: Organization,
    name: str,
    chamber_kind: str,
    reason: str,
    effective_on: date,
    street: str = "",
    short_name: str = "",
) -> Organization:
    """新建一批: create the chamber organisation in 筹建 state, with its first transition."""
    from shanglian.orgs import services as org_services

    check_admin(actor, federation)
    if chamber_kind not in ChamberKind.values:
        raise ServiceError("请选择商会类型。")
    if not (reason or "").strip():
        raise ServiceError("请填写筹建事由。")
    if effective_on is None:
        raise ServiceError("请填写筹建日期。")
    name = (name or "").strip()
    if name and Organization.objects.unscoped().filter(path__startswith=federation.path, name=name).exists():
        raise ServiceError(f"已存在同名组织：{name}。")
    chamber = org_services.create_organization(
        actor=actor,
        parent=federation,
        name=name,
        kind=OrgKind.CHAMBER,
        chamber_kind=chamber_kind,
        street=street,
        short_name=short_name,
    )
    start_founding(actor=actor, chamber=chamber, reason=reason, effective_on=effective_on)
    return chamber


@transaction.atomic
def start_founding(*, actor, chamber: Organization, reason: str, effective_on: date) -> ChamberTransition:
    """The first step of a chamber's record: 新建（筹建）. Only for a chamber with no history yet."""
    check_chamber(chamber)
    check_admin(actor, chamber)
    if not (reason or "").strip():
        raise ServiceError("请填写筹建事由。")
    if effective_on is None:
        raise ServiceError("请填写筹建日期。")
    if chamber.chamber_transitions.exists():
        raise ServiceError("该商会已有状态记录，不能再次登记筹建。")
    profile = ensure_profile(chamber)
    profile.state = ChamberState.FOUNDING
    profile.save()
    step = ChamberTransition.unscoped_objects.create(
        chamber=chamber,
        from_state="",
        to_state=ChamberState.FOUNDING,
        kind=TransitionKind.FOUND,
        reason=reason.strip(),
        effective_on=effective_on,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit.record_transition(
        actor=actor,
        obj=chamber,
        field="state",
        before="",
        after=ChamberState.FOUNDING,
        organization=chamber,
        message=f"新建（筹建）：{step.reason}"[:500],
    )
    return step


@transaction.atomic
def request_transition(
    *, actor, chamber: Organization, to_state: str, reason: str, effective_on: date, cause: str = ""
) -> TransitionRequest:
    """A secretary asks for a state change of their own chamber; an admin decides."""
    check_can_edit(actor, chamber)
    check_transition(chamber, to_state, reason=reason, effective_on=effective_on, cause=cause)
    if TransitionRequest.unscoped_objects.filter(chamber=chamber, status=RequestStatus.PENDING).exists():
        raise ServiceError("该商会已有一条待审批的状态变更申请，请等待审批结果。")
    if (
        to_state == ChamberState.NORMAL
        and chamber.rectification_cases.filter(status=CaseStatus.OPEN).exists()
    ):
        raise ServiceError("该商会还有未验收的整顿个案：请在个案中填写整改结果，由工商联验收后恢复规范运行。")
    req = TransitionRequest(
        chamber=chamber,
        to_state=to_state,
        cause=cause,
        reason=reason.strip(),
        effective_on=effective_on,
        requested_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    workflow.start(req)
    req.save()
    audit.record_create(actor=actor, obj=req, organization=chamber, message="申请状态变更")
    return req


@transaction.atomic
def approve_request(*, actor, req: TransitionRequest, note: str = "") -> ChamberTransition:
    """Approving applies the transition: one ChamberTransition, its audit row, and the request's own."""
    return workflow.apply(req, "approve", actor=actor, reason=(note or "")[:500]).result


@transaction.atomic
def reject_request(*, actor, req: TransitionRequest, note: str) -> TransitionRequest:
    return workflow.apply(req, "reject", actor=actor, reason=(note or "")[:500]).obj


@transaction.atomic
def flag_irregular(*, actor, chamber: Organization, defects: str, flagged_on: date | None = None):
    """Mark a chamber as 不规范商会 with the defects found (the 清理整顿 list)."""
    check_chamber(chamber)
    check_admin(actor, chamber)
    defects = (defects or "").strip()
    if not defects:
        raise ServiceError("请填写发现的不规范问题。")
    profile = ensure_profile(chamber)
    if profile.state == ChamberState.DISSOLVED:
        raise ServiceError("已清理（注销）的商会不能再标记。")
    before = audit.snapshot(profile)
    profile.irregular_defects = defects
    profile.irregular_flagged_on = flagged_on or local_today()
    profile.save()
    audit.record_update(
        actor=actor, obj=profile, before=before, organization=chamber, message="标记为不规范商会"
    )
    return profile
