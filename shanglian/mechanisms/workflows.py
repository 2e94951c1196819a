"""Workflows of the mechanisms app: a filing's review (受理 → 审核 → 备案)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from shanglian.core.access import SYSTEM, can_write, holders_of, is_admin_of, is_system
from shanglian.mechanisms.models import (
    Consultation,
    Filing,
    FilingStatus,
    Opinion,
    Phase,
    RoundStatus,
    SignOffRound,
    Suggestion,
    SuggestionStatus,
)
from shanglian.workflow import services as workflow
from shanglian.workflow.kit import Step, Transition, Workflow, register

ADMIN_ONLY = "只有本工商联的管理员可以审核报备事项。"


def _admin(actor: Any, filing: Any) -> bool:
    return is_admin_of(actor, filing.chamber)


def _chamber_keeper(actor: Any, filing: Any) -> bool:
    return can_write(actor, filing.chamber)


def _submitter(step: Step) -> list[Any]:
    return [step.obj.submitted_by]


def _decided(step: Step) -> None:
    step.obj.decided_at = timezone.now()


def _responsible(filing: Any) -> Any:
    if filing.status == FilingStatus.INFO_REQUESTED:
        return holders_of("mechanisms.filing_submit", filing.chamber)
    return holders_of("mechanisms.filing_review", filing.chamber)


S = FilingStatus
FILING = register(
    Workflow(
        model=Filing,
        transitions=(
            Transition(
                name="accept",
                label="受理",
                sources=frozenset({S.SUBMITTED}),
                target=S.ACCEPTED,
                capability="mechanisms.filing_review",
                allowed=_admin,
                denied_message=ADMIN_ONLY,
                notify=_submitter,
            ),
            Transition(
                name="request_info",
                label="要求补充材料",
                sources=frozenset({S.ACCEPTED}),
                target=S.INFO_REQUESTED,
                capability="mechanisms.filing_review",
                allowed=_admin,
                denied_message=ADMIN_ONLY,
                reason_required=True,
                reason_message="请写明需要补充的材料。",
                reason_field="opinion",
                notify=_submitter,
            ),
            Transition(
                name="supplement",
                label="补充材料",
                sources=frozenset({S.INFO_REQUESTED}),
                target=S.ACCEPTED,
                capability="mechanisms.filing_submit",
                allowed=_chamber_keeper,
                denied_message="只能为本商会补充报备材料。",
                reason_required=True,
                reason_message="请填写补充说明。",
                notify=lambda step: holders_of("mechanisms.filing_review", step.obj.chamber),
            ),
            Transition(
                name="approve",
                label="审核通过",
                sources=frozenset({S.ACCEPTED}),
                target=S.APPROVED,
                capability="mechanisms.filing_review",
                allowed=_admin,
                denied_message=ADMIN_ONLY,
                reason_field="opinion",
                effects=(_decided,),
                notify=_submitter,
            ),
            Transition(
                name="reject",
                label="不予同意",
                sources=frozenset({S.ACCEPTED}),
                target=S.REJECTED,
                capability="mechanisms.filing_review",
                allowed=_admin,
                denied_message=ADMIN_ONLY,
                reason_required=True,
                reason_message="不予同意时请填写审核意见。",
                reason_field="opinion",
                effects=(_decided,),
                notify=_submitter,
            ),
            Transition(
                name="record",
                label="备案",
                sources=frozenset({S.APPROVED}),
                target=S.RECORDED,
                capability="mechanisms.filing_review",
                allowed=_admin,
                denied_message=ADMIN_ONLY,
                notify=_submitter,
            ),
        ),
        organization=lambda f: f.chamber,
        link=lambda f: reverse("mechanisms:filing_detail", args=[f.pk]),
        describe=lambda f: f"{f.chamber.name} 报备“{f.title}”",
        due_field="due_on",
        due_in_working_days={S.SUBMITTED: 2, S.ACCEPTED: 5, S.INFO_REQUESTED: 5, S.APPROVED: 2},
        responsible=_responsible,
        select_related=("chamber",),
    )
)


# ---------------------------------------------------------------- 集体签字: the outcome, computed by the system


def _outcome(step: Step) -> None:
    step.obj.outcome_at = timezone.now()
    step.obj.outcome_note = step.reason[:200]


def _approve_filing(step: Step) -> None:
    """An approved round on an accepted filing approves it (the federation's decision is the round's)."""
    rnd = step.obj
    if rnd.filing_id is None:
        return
    filing = Filing.unscoped_objects.get(pk=rnd.filing_id)
    if filing.status == FilingStatus.ACCEPTED:
        workflow.apply(
            filing, "approve", actor=SYSTEM, reason=f"经集体签字同意（{rnd.title}）：{step.reason}"
        )


def _round_people(step: Step) -> list[Any]:
    rnd = step.obj
    people = [vc.user for vc in rnd.signers.select_related("user")]
    return [rnd.opened_by, *people]


def _system_only(actor: Any, rnd: Any) -> bool:
    return is_system(actor)


def _outcome_transition(name: str, label: str, target: str, *extra: Any) -> Transition:
    return Transition(
        name=name,
        label=label,
        sources=frozenset({RoundStatus.OPEN}),
        target=target,
        allowed=_system_only,
        denied_message="签字结果由系统按规则计算。",
        wrong_state_message="该事项的签字结果已经形成。",
        effects=(_outcome, *extra),
        notify=_round_people,
        notify_title=lambda step: f"集体签字结果：{step.obj.title}（{label}）",
    )


ROUND = register(
    Workflow(
        model=SignOffRound,
        transitions=(
            _outcome_transition("approve", "通过", RoundStatus.APPROVED, _approve_filing),
            _outcome_transition("reject", "未通过", RoundStatus.REJECTED),
            _outcome_transition("lapse", "到期未形成决定", RoundStatus.LAPSED),
        ),
        organization=lambda r: r.federation,
        link=lambda r: reverse("mechanisms:round_detail", args=[r.pk]),
        describe=lambda r: f"集体签字“{r.title}”",
    )
)


# ---------------------------------------------------------------- 创新建议 (after Decidim's proposal answers)


def _federation_admin(actor: Any, s: Any) -> bool:
    return is_admin_of(actor, s.federation)


def _author(step: Step) -> list[Any]:
    return [step.obj.submitted_by]


def _set_unit(step: Step) -> None:
    step.obj.responsible_unit = step.params.get("responsible_unit", "")


def _answer(name: str, label: str, sources: set[str], target: str, *effects: Any) -> Transition:
    return Transition(
        name=name,
        label=label,
        sources=frozenset(sources),
        target=target,
        capability="mechanisms.suggestion_handle",
        allowed=_federation_admin,
        denied_message="只有本工商联的工作人员可以办理创新建议。",
        reason_required=name in ("adopt", "defer", "decline"),
        reason_message="请填写给建议人的答复。",
        reason_field="public_answer" if name in ("adopt", "defer", "decline") else None,
        effects=tuple(effects),
        notify=_author,
    )


SS = SuggestionStatus
SUGGESTION = register(
    Workflow(
        model=Suggestion,
        transitions=(
            _answer("accept", "受理", {SS.SUBMITTED}, SS.ACCEPTED),
            _answer("evaluate", "转入评估", {SS.ACCEPTED}, SS.EVALUATING),
            _answer("adopt", "采纳", {SS.EVALUATING}, SS.ADOPTED, _set_unit),
            _answer("defer", "暂缓", {SS.EVALUATING}, SS.DEFERRED),
            _answer("decline", "不采纳", {SS.EVALUATING}, SS.DECLINED),
            _answer("reconsider", "重新评估", {SS.DEFERRED}, SS.EVALUATING),
        ),
        organization=lambda s: s.federation,
        link=lambda s: reverse("mechanisms:suggestion_detail", args=[s.pk]),
        describe=lambda s: f"创新建议“{s.title}”",
        due_field="due_on",
        due_in_working_days={SS.SUBMITTED: 3, SS.ACCEPTED: 5, SS.EVALUATING: 15},
        responsible=lambda s: holders_of("mechanisms.suggestion_handle", s.federation),
    )
)


# ---------------------------------------------------------------- 决策公开 (征求意见) phases


def _open_dates(step: Step) -> None:
    from shanglian.mechanisms.services.consultations import opening_dates

    step.obj.opens_on, step.obj.closes_on = opening_dates(step.obj, timezone.localdate())


def _publish_summary(step: Step) -> None:
    step.obj.summary = step.reason


def _participants(step: Step) -> list[Any]:
    authors = Opinion.unscoped_objects.filter(consultation=step.obj).values_list("author_id", flat=True)
    from django.contrib.auth import get_user_model

    return list(get_user_model()._default_manager.filter(pk__in=authors))


def _phase(name: str, label: str, source: str, target: str, *effects: Any, **kw: Any) -> Transition:
    return Transition(
        name=name,
        label=label,
        sources=frozenset({source}),
        target=target,
        capability="mechanisms.consultation_manage",
        allowed=lambda actor, c: is_admin_of(actor, c.federation),
        denied_message="只有本工商联的管理员可以推进征求意见。",
        effects=tuple(effects),
        **kw,
    )


CONSULTATION = register(
    Workflow(
        model=Consultation,
        transitions=(
            _phase("open", "开始征求意见", Phase.DRAFT, Phase.OPEN, _open_dates),
            _phase(
                "close",
                "截止并汇总意见",
                Phase.OPEN,
                Phase.SUMMARISING,
                notify=lambda step: list(holders_of("mechanisms.consultation_manage", step.obj.federation)),
                notify_title=lambda step: f"《{step.obj.title}》征求意见已截止，请汇总意见",
            ),
            _phase(
                "publish",
                "公开结果",
                Phase.SUMMARISING,
                Phase.PUBLISHED,
                _publish_summary,
                reason_required=True,
                reason_message="请填写意见汇总及采纳情况。",
                notify=_participants,
            ),
        ),
        organization=lambda c: c.federation,
        link=lambda c: reverse("mechanisms:consultation_detail", args=[c.pk]),
        describe=lambda c: f"《{c.title}》征求意见",
    )
)
