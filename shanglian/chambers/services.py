"""Writes of the chambers app: lifecycle state machine, requests, rectification cases, registration, ratings.

Every function takes keyword-only `actor=`, runs in one transaction, raises `ServiceError("中文")` for a broken
rule before writing anything, and writes one audit row per state change.
"""

from __future__ import annotations

import os
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from shanglian.audit import services as audit
from shanglian.chambers.models import (
    CaseStatus,
    Cause,
    ChamberProfile,
    ChamberState,
    ChamberTransition,
    CharterVersion,
    DormantPolicy,
    Grade,
    Rating,
    RatingIndicator,
    RatingLevel,
    RatingScheme,
    RatingScore,
    RatingStatus,
    RectificationCase,
    RegistrationStatus,
    RequestStatus,
    TransitionKind,
    TransitionRequest,
)
from shanglian.core.errors import ServiceError
from shanglian.core.saving import save_audited
from shanglian.core.scope import scope_for
from shanglian.orgs.models import ChamberKind, Organization, OrgKind

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

CHARTER_TYPES = {
    ".pdf": (b"%PDF",),
    ".doc": (b"\xd0\xcf\x11\xe0",),
    ".docx": (b"PK\x03\x04",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG",),
}
CERTIFICATE_TYPES = {k: v for k, v in CHARTER_TYPES.items() if k in (".pdf", ".jpg", ".jpeg", ".png")}


# ---------------------------------------------------------------- rights


def _is_admin_of(actor, org: Organization) -> bool:
    if actor is None:  # system / demo loader
        return True
    scope = scope_for(actor)
    return scope.superuser or any(org.path.startswith(p) for p in scope.admin_paths)


def _check_admin(actor, org: Organization):
    if not _is_admin_of(actor, org):
        raise ServiceError("只有本工商联的管理员可以执行此操作。")


def _check_can_edit(actor, chamber: Organization):
    if _is_admin_of(actor, chamber) or chamber.pk in scope_for(actor).chamber_ids:
        return
    raise ServiceError("只能处理本商会（或本工商联管辖范围内商会）的事项。")


def _check_chamber(chamber: Organization):
    if chamber.kind != OrgKind.CHAMBER:
        raise ServiceError("所选组织不是商会。")


def _today() -> date:
    return timezone.localdate()


# ---------------------------------------------------------------- profile & policy


def ensure_profile(chamber: Organization) -> ChamberProfile:
    """The chamber's record, created on first use (a chamber made elsewhere is taken as 规范运行)."""
    _check_chamber(chamber)
    profile, _ = ChamberProfile.unscoped_objects.get_or_create(chamber=chamber)
    return profile


def policy_for(federation: Organization) -> DormantPolicy:
    policy = DormantPolicy.unscoped_objects.filter(federation=federation).first()
    return policy or DormantPolicy(federation=federation)


@transaction.atomic
def update_policy(*, actor, federation: Organization, dormant_months: int, deadline_warning_days: int):
    _check_admin(actor, federation)
    if not 1 <= int(dormant_months) <= 120:
        raise ServiceError("无活动月数应在 1 到 120 之间。")
    if not 0 <= int(deadline_warning_days) <= 365:
        raise ServiceError("提前提醒天数应在 0 到 365 之间。")
    policy = DormantPolicy.unscoped_objects.filter(federation=federation).first()
    before = None if policy is None else audit.snapshot(policy)
    policy = policy or DormantPolicy(federation=federation)
    policy.dormant_months, policy.deadline_warning_days = dormant_months, deadline_warning_days
    return save_audited(
        policy, actor=actor, before=before, organization=federation, integrity_message="休眠规则保存失败。"
    )


# ---------------------------------------------------------------- registration & charters


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
    _check_chamber(chamber)
    _check_can_edit(actor, chamber)
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
    today = _today()
    if (registered_on and registered_on > today) or (deregistered_on and deregistered_on > today):
        raise ServiceError("登记或注销日期不能晚于今天。")
    credit_code = clean_chamber_credit_code(credit_code)
    profile = ensure_profile(chamber)
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


def validate_upload(upload, allowed: dict[str, tuple[bytes, ...]], what: str = "文件"):
    """Type by extension and by content, and size: Chinese errors; the file is left at position 0."""
    import os

    if upload is None:
        raise ServiceError(f"请选择要上传的{what}。")
    ext = os.path.splitext(upload.name or "")[1].lower()
    if ext not in allowed:
        kinds = "、".join(sorted({e.lstrip(".").upper() for e in allowed}))
        raise ServiceError(f"{what}格式不支持：仅限 {kinds}。")
    limit = settings.UPLOAD_MAX_BYTES
    if upload.size is None or upload.size == 0:
        raise ServiceError(f"{what}是空文件。")
    if upload.size > limit:
        raise ServiceError(f"{what}过大：不能超过 {limit // (1024 * 1024)} MB。")
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if not any(head.startswith(magic) for magic in allowed[ext]):
        raise ServiceError(f"{what}内容与扩展名 {ext} 不符，请上传真实的 {ext.lstrip('.').upper()} 文件。")


@transaction.atomic
def upload_charter(
    *, actor, chamber: Organization, title: str, file, effective_on: date, note: str = ""
) -> CharterVersion:
    _check_chamber(chamber)
    _check_can_edit(actor, chamber)
    title = (title or "").strip()
    if not title:
        raise ServiceError("请填写章程标题。")
    if effective_on is None:
        raise ServiceError("请填写章程生效日期。")
    validate_upload(file, CHARTER_TYPES, "章程文件")
    version = CharterVersion(
        chamber=chamber,
        title=title,
        effective_on=effective_on,
        note=(note or "").strip(),
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    version.file.save(os.path.basename(file.name), file, save=False)
    version.save()
    audit.record_create(actor=actor, obj=version, organization=chamber, message="上传章程")
    return version


# ---------------------------------------------------------------- lifecycle


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
    _check_chamber(chamber)
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
    if effective_on > _today() + timedelta(days=366):
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
    _check_admin(actor, chamber)
    from_state = check_transition(chamber, to_state, reason=reason, effective_on=effective_on, cause=cause)
    return _apply(
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


def _apply(*, actor, chamber, from_state, to_state, reason, effective_on, cause, message, case_deadline=None):
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

    _check_admin(actor, federation)
    if chamber_kind not in ChamberKind.values:
        raise ServiceError("请选择商会类型。")
    if not (reason or "").strip():
        raise ServiceError("请填写筹建事由。")
    if effective_on is None:
        raise ServiceError("请填写筹建日期。")
    name = (name or "").strip()
    if name and Organization.objects.filter(path__startswith=federation.path, name=name).exists():
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
    _check_chamber(chamber)
    _check_admin(actor, chamber)
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
    _check_can_edit(actor, chamber)
    check_transition(chamber, to_state, reason=reason, effective_on=effective_on, cause=cause)
    if TransitionRequest.unscoped_objects.filter(chamber=chamber, status=RequestStatus.PENDING).exists():
        raise ServiceError("该商会已有一条待审批的状态变更申请，请等待审批结果。")
    if (
        to_state == ChamberState.NORMAL
        and chamber.rectification_cases.filter(status=CaseStatus.OPEN).exists()
    ):
        raise ServiceError("该商会还有未验收的整顿个案：请在个案中填写整改结果，由工商联验收后恢复规范运行。")
    req = TransitionRequest.unscoped_objects.create(
        chamber=chamber,
        to_state=to_state,
        cause=cause,
        reason=reason.strip(),
        effective_on=effective_on,
        requested_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit.record_create(actor=actor, obj=req, organization=chamber, message="申请状态变更")
    return req


@transaction.atomic
def approve_request(*, actor, req: TransitionRequest, note: str = "") -> ChamberTransition:
    """Approving applies the transition: one ChamberTransition row and one audit row."""
    req = TransitionRequest.unscoped_objects.select_for_update().get(pk=req.pk)
    _check_admin(actor, req.chamber)
    if req.status != RequestStatus.PENDING:
        raise ServiceError("该申请已处理，不能重复审批。")
    from_state = check_transition(
        req.chamber, req.to_state, reason=req.reason, effective_on=req.effective_on, cause=req.cause
    )
    step = _apply(
        actor=actor,
        chamber=req.chamber,
        from_state=from_state,
        to_state=req.to_state,
        reason=req.reason,
        effective_on=req.effective_on,
        cause=req.cause,
        message=f"批准申请（{req.requested_by or '—'} 提交）：{req.reason}"
        + (f"；审批意见：{note}" if note else ""),
    )
    req.status = RequestStatus.APPROVED
    req.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    req.decided_at = timezone.now()
    req.decision_note = (note or "").strip()[:500]
    req.transition = step
    req.save()
    return step


@transaction.atomic
def reject_request(*, actor, req: TransitionRequest, note: str) -> TransitionRequest:
    req = TransitionRequest.unscoped_objects.select_for_update().get(pk=req.pk)
    _check_admin(actor, req.chamber)
    if req.status != RequestStatus.PENDING:
        raise ServiceError("该申请已处理，不能重复审批。")
    if not (note or "").strip():
        raise ServiceError("驳回时请填写审批意见。")
    req.status = RequestStatus.REJECTED
    req.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    req.decided_at = timezone.now()
    req.decision_note = note.strip()[:500]
    req.save()
    audit.record_transition(
        actor=actor,
        obj=req,
        field="status",
        before=RequestStatus.PENDING,
        after=RequestStatus.REJECTED,
        organization=req.chamber,
        message=f"驳回：{req.decision_note}",
    )
    return req


@transaction.atomic
def flag_irregular(*, actor, chamber: Organization, defects: str, flagged_on: date | None = None):
    """Mark a chamber as 不规范商会 with the defects found (the 清理整顿 list)."""
    _check_chamber(chamber)
    _check_admin(actor, chamber)
    defects = (defects or "").strip()
    if not defects:
        raise ServiceError("请填写发现的不规范问题。")
    profile = ensure_profile(chamber)
    if profile.state == ChamberState.DISSOLVED:
        raise ServiceError("已清理（注销）的商会不能再标记。")
    before = audit.snapshot(profile)
    profile.irregular_defects = defects
    profile.irregular_flagged_on = flagged_on or _today()
    profile.save()
    audit.record_update(
        actor=actor, obj=profile, before=before, organization=chamber, message="标记为不规范商会"
    )
    return profile


# ---------------------------------------------------------------- rectification cases


@transaction.atomic
def update_case(
    *,
    actor,
    case: RectificationCase,
    defects: str,
    measures: str,
    deadline: date,
    responsible_person: str,
) -> RectificationCase:
    _check_can_edit(actor, case.chamber)
    if case.status != CaseStatus.OPEN:
        raise ServiceError("个案已验收，不能再修改。")
    if not (defects or "").strip():
        raise ServiceError("请填写存在的问题。")
    if deadline is None:
        raise ServiceError("请填写整改期限。")
    if deadline < case.opened_on:
        raise ServiceError(f"整改期限不能早于启动日期（{case.opened_on}）。")
    before = audit.snapshot(case)
    case.defects = defects.strip()
    case.measures = (measures or "").strip()
    case.deadline = deadline
    case.responsible_person = (responsible_person or "").strip()
    case.save()
    audit.record_update(actor=actor, obj=case, before=before, organization=case.chamber)
    return case


@transaction.atomic
def close_case(*, actor, case: RectificationCase, result: str, closed_on: date) -> RectificationCase:
    """验收：the case closes with its result and the chamber returns to 规范运行."""
    case = RectificationCase.unscoped_objects.select_for_update().get(pk=case.pk)
    _check_admin(actor, case.chamber)
    if case.status != CaseStatus.OPEN:
        raise ServiceError("个案已验收。")
    if not (result or "").strip():
        raise ServiceError("请填写整改结果。")
    if not case.measures.strip():
        raise ServiceError("请先填写整改措施，再验收。")
    if closed_on is None:
        raise ServiceError("请填写验收日期。")
    if closed_on < case.opened_on:
        raise ServiceError(f"验收日期不能早于启动日期（{case.opened_on}）。")
    if closed_on > _today():
        raise ServiceError("验收日期不能晚于今天。")
    case.status, case.result, case.closed_on = CaseStatus.CLOSED, result.strip(), closed_on
    case.save()
    audit.record_transition(
        actor=actor,
        obj=case,
        field="status",
        before=CaseStatus.OPEN,
        after=CaseStatus.CLOSED,
        organization=case.chamber,
        message=f"验收：{case.result}"[:500],
    )
    if (
        current_state(case.chamber) == ChamberState.RECTIFYING
        and not case.chamber.rectification_cases.filter(status=CaseStatus.OPEN).exclude(pk=case.pk).exists()
    ):
        from_state = check_transition(
            case.chamber, ChamberState.NORMAL, reason=case.result, effective_on=closed_on
        )
        _apply(
            actor=actor,
            chamber=case.chamber,
            from_state=from_state,
            to_state=ChamberState.NORMAL,
            reason=f"整顿验收通过：{case.result}",
            effective_on=closed_on,
            cause=case.cause,
            message="",
        )
    return case


# ---------------------------------------------------------------- ratings


def _clean_rating_kind(scheme, level, grade):
    if scheme == RatingScheme.FOUR_GOOD:
        if level not in RatingLevel.values:
            raise ServiceError("四好商会须选择级别（区级 / 市级 / 省级 / 全国）。")
        return level, ""
    if scheme == RatingScheme.CIVIL_AFFAIRS_GRADE:
        if grade not in Grade.values:
            raise ServiceError("民政评估等级须选择 1A 至 5A。")
        return "", grade
    raise ServiceError("评级类型无效。")


@transaction.atomic
def apply_rating(
    *,
    actor,
    chamber: Organization,
    scheme: str,
    applied_on: date,
    level: str = "",
    grade: str = "",
    note: str = "",
) -> Rating:
    _check_chamber(chamber)
    _check_can_edit(actor, chamber)
    level, grade = _clean_rating_kind(scheme, level, grade)
    if applied_on is None:
        raise ServiceError("请填写申报日期。")
    if applied_on > _today():
        raise ServiceError("申报日期不能晚于今天。")
    if current_state(chamber) == ChamberState.DISSOLVED:
        raise ServiceError("已清理（注销）的商会不能申报评级。")
    if Rating.unscoped_objects.filter(chamber=chamber, scheme=scheme, status=RatingStatus.APPLIED).exists():
        raise ServiceError("该商会已有同类评级申报在审，请勿重复申报。")
    rating = Rating.unscoped_objects.create(
        chamber=chamber,
        scheme=scheme,
        level=level,
        grade=grade,
        applied_on=applied_on,
        application_note=(note or "").strip(),
        applied_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit.record_create(actor=actor, obj=rating, organization=chamber, message="评级申报")
    return rating


def indicators_for(federation: Organization, scheme: str):
    return RatingIndicator.unscoped_objects.filter(federation=federation, scheme=scheme, is_active=True)


@transaction.atomic
def score_rating(*, actor, rating: Rating, scores: dict[int, object]) -> Rating:
    """Fill the score sheet: each indicator 0…max; the total is kept on the rating."""
    _check_admin(actor, rating.chamber)
    if rating.status != RatingStatus.APPLIED:
        raise ServiceError("只能对申报中的评级打分。")
    federation = rating.chamber.federation()
    indicators = {i.pk: i for i in indicators_for(federation, rating.scheme)}
    if not indicators:
        raise ServiceError("尚未设置该评级类型的评分指标，请先在“评分指标”中添加。")
    cleaned = {}
    for ind_id, raw in scores.items():
        indicator = indicators.get(int(ind_id))
        if indicator is None:
            raise ServiceError("评分指标无效。")
        if raw in (None, ""):
            continue
        try:
            value = Decimal(str(raw)).quantize(Decimal("0.1"))
        except (InvalidOperation, ValueError):
            raise ServiceError(f"“{indicator.name}”的得分不是有效数字。")
        if value < 0 or value > indicator.max_score:
            raise ServiceError(f"“{indicator.name}”的得分应在 0 到 {indicator.max_score} 之间。")
        cleaned[indicator.pk] = value
    before = {str(s.indicator_id): str(s.score) for s in rating.scores.all()}
    for ind_id, value in cleaned.items():
        RatingScore.unscoped_objects.update_or_create(
            rating=rating, indicator_id=ind_id, defaults={"score": value}
        )
    total = sum((s.score for s in rating.scores.all()), Decimal("0"))
    rating.total_score = total
    rating.save(update_fields=["total_score"])
    after = {str(k): str(v) for k, v in cleaned.items()}
    audit.record(
        actor=actor,
        action=audit.AuditAction.UPDATE,
        obj=rating,
        organization=rating.chamber,
        changes={"scores": [before, {**before, **after}], "total_score": [None, str(total)]},
        message="评分",
    )
    return rating


@transaction.atomic
def decide_rating(
    *,
    actor,
    rating: Rating,
    approve: bool,
    note: str = "",
    granted_on: date | None = None,
    valid_from: date | None = None,
    valid_until: date | None = None,
    certificate=None,
) -> Rating:
    rating = Rating.unscoped_objects.select_for_update().get(pk=rating.pk)
    _check_admin(actor, rating.chamber)
    if rating.status != RatingStatus.APPLIED:
        raise ServiceError("该评级已审批。")
    if approve:
        if granted_on is None:
            raise ServiceError("请填写认定日期。")
        if granted_on < rating.applied_on:
            raise ServiceError("认定日期不能早于申报日期。")
        valid_from = valid_from or granted_on
        if valid_until is None:
            raise ServiceError("请填写有效期截止日期。")
        if valid_until < valid_from:
            raise ServiceError("有效期截止日期不能早于开始日期。")
        if certificate is not None:
            validate_upload(certificate, CERTIFICATE_TYPES, "证书文件")
    elif not (note or "").strip():
        raise ServiceError("不予认定时请填写审批意见。")
    before = rating.status
    rating.status = RatingStatus.GRANTED if approve else RatingStatus.REJECTED
    rating.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    rating.decision_note = (note or "").strip()[:500]
    if approve:
        rating.granted_on, rating.valid_from, rating.valid_until = granted_on, valid_from, valid_until
        if certificate is not None:
            rating.certificate.save(os.path.basename(certificate.name), certificate, save=False)
    rating.save()
    audit.record_transition(
        actor=actor,
        obj=rating,
        field="status",
        before=before,
        after=rating.status,
        organization=rating.chamber,
        message=("认定" if approve else "不予认定")
        + (f"：{rating.decision_note}" if rating.decision_note else ""),
    )
    return rating


@transaction.atomic
def save_indicator(
    *,
    actor,
    federation: Organization,
    scheme: str,
    name: str,
    max_score,
    order: int = 10,
    is_active: bool = True,
    indicator: RatingIndicator | None = None,
) -> RatingIndicator:
    _check_admin(actor, federation)
    if scheme not in RatingScheme.values:
        raise ServiceError("评级类型无效。")
    name = (name or "").strip()
    if not name:
        raise ServiceError("请填写指标名称。")
    try:
        max_score = Decimal(str(max_score))
    except (InvalidOperation, ValueError):
        raise ServiceError("满分须为数字。")
    if max_score <= 0 or max_score > 1000:
        raise ServiceError("满分应大于 0 且不超过 1000。")
    clash = RatingIndicator.unscoped_objects.filter(federation=federation, scheme=scheme, name=name)
    if indicator is not None:
        clash = clash.exclude(pk=indicator.pk)
    if clash.exists():
        raise ServiceError("同一评级类型下已有同名指标。")
    before = None if indicator is None else audit.snapshot(indicator)
    indicator = indicator or RatingIndicator(federation=federation)
    indicator.scheme, indicator.name, indicator.max_score = scheme, name, max_score
    indicator.order, indicator.is_active = order, is_active
    return save_audited(
        indicator,
        actor=actor,
        before=before,
        organization=federation,
        integrity_message="同一评级类型下已有同名指标。",
    )
