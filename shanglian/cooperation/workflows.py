"""招商项目 through 推介 → 在谈 → 签约 → 拟开工 → 到资 → 竣工投产 (or 终止), on the workflow kit."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils import timezone

from shanglian.cooperation.models import InvestmentProject, Stage
from shanglian.core.access import can_write, enterprise_users, own_enterprise_ids
from shanglian.core.errors import ServiceError
from shanglian.workflow.kit import Step, Transition, Workflow, register


def _keeper(actor: Any, project: InvestmentProject) -> bool:
    return can_write(actor, project.organizer)


def _first_signing(step: Step) -> None:
    # A project counts once, at its first signing: signing again after a setback keeps the first.
    project: InvestmentProject = step.obj
    if project.signed_on is None:
        signed_on = step.params.get("signed_on") or timezone.localdate()
        if signed_on > timezone.localdate():
            raise ServiceError("签约日期不能晚于今天。")
        project.signed_on = signed_on
        project.signed_at_event = step.params.get("event")


def _funding(step: Step) -> None:
    amount = step.params.get("funded_amount")
    # NaN and Infinity parse as Decimals too: only a finite amount within the column's digits is money.
    if amount is None or not amount.is_finite() or amount <= 0 or amount >= Decimal("1e12"):
        raise ServiceError("请填写到位资金（大于 0 的金额，单位元）。")
    step.obj.funded_amount = amount


def _t(name: str, label: str, source: str, target: str, **kw: Any) -> Transition:
    return Transition(
        name=name,
        label=label,
        sources=frozenset({source}),
        target=target,
        capability="cooperation.edit",
        allowed=_keeper,
        **kw,
    )


def _link_deal(step: Step) -> None:
    step.obj.deal = step.params["deal"]


register(
    Workflow(
        model=InvestmentProject,
        field="stage",
        organization=lambda p: p.organizer,
        link=lambda p: reverse("cooperation:project_detail", args=[p.pk]),
        describe=lambda p: p.name,
        transitions=(
            _t("negotiate", "进入在谈", Stage.PROMOTING, Stage.NEGOTIATING),
            _t("sign", "签约", Stage.NEGOTIATING, Stage.SIGNED, effects=(_first_signing,)),
            _t("prepare", "拟开工", Stage.SIGNED, Stage.PREPARING),
            _t("fund", "资金到位", Stage.PREPARING, Stage.FUNDED, checks=(_funding,)),
            _t("produce", "竣工投产", Stage.FUNDED, Stage.PRODUCING),
            Transition(
                name="drop",
                label="终止",
                sources=frozenset(
                    {Stage.PROMOTING, Stage.NEGOTIATING, Stage.SIGNED, Stage.PREPARING, Stage.FUNDED}
                ),
                target=Stage.DROPPED,
                capability="cooperation.edit",
                allowed=_keeper,
                reason_required=True,
                reason_message="请填写终止原因。",
                reason_field="drop_reason",
            ),
        ),
    )
)


# ---------------------------------------------------------------- 供需对接


def _reviewer(actor: Any, posting: Any) -> bool:
    from shanglian.cooperation.models import Posting

    # Asked once per (posting in hand, actor): a page lists every allowed transition and each asks this;
    # apply() re-reads the row, so a decision is never taken on a stale answer.
    memo: dict[Any, bool] = posting.__dict__.setdefault("_editable_memo", {})
    key = getattr(actor, "pk", actor)
    if key not in memo:
        memo[key] = bool(Posting.objects.editable_by(actor).filter(pk=posting.pk).exists())
    return memo[key] and posting.enterprise_id not in own_enterprise_ids(actor)


def _poster_or_reviewer(actor: Any, posting: Any) -> bool:
    return posting.enterprise_id in own_enterprise_ids(actor) or _reviewer(actor, posting)


def _still_valid(step: Step) -> None:
    if step.obj.valid_until < timezone.localdate():
        raise ServiceError("该信息已过有效期，不能发布。")


def _poster_users(step: Step) -> Any:
    return enterprise_users([step.obj.enterprise_id])


def _broker(actor: Any, match: Any) -> bool:
    return can_write(actor, match.posting.federation)


def _meeting(step: Step) -> None:
    at = step.params.get("meeting_at")
    if at is None:
        raise ServiceError("请填写对接时间。")
    step.obj.meeting_at = at
    step.obj.meeting_place = step.params.get("meeting_place", "")


def _register_posting_workflows() -> None:
    from shanglian.cooperation.models import Match, MatchStatus, Posting, PostingStatus

    P, M = PostingStatus, MatchStatus
    register(
        Workflow(
            model=Posting,
            field="status",
            organization=lambda p: p.federation,
            link=lambda p: reverse("cooperation:posting_detail", args=[p.pk]),
            describe=lambda p: p.title,
            transitions=(
                Transition(
                    name="publish",
                    label="审核发布",
                    sources=frozenset({P.PENDING, P.REJECTED}),
                    target=P.PUBLISHED,
                    capability="supply.review",
                    allowed=_reviewer,
                    checks=(_still_valid,),
                    notify=_poster_users,
                ),
                Transition(
                    name="reject",
                    label="退回",
                    sources=frozenset({P.PENDING}),
                    target=P.REJECTED,
                    capability="supply.review",
                    allowed=_reviewer,
                    reason_required=True,
                    reason_message="请填写退回理由。",
                    reason_field="review_note",
                    notify=_poster_users,
                ),
                Transition(
                    name="close",
                    label="关闭",
                    sources=frozenset({P.PENDING, P.PUBLISHED, P.REJECTED}),
                    target=P.CLOSED,
                    allowed=_poster_or_reviewer,
                ),
            ),
        )
    )
    register(
        Workflow(
            model=Match,
            field="status",
            organization=lambda m: m.posting.federation,
            link=lambda m: reverse("cooperation:posting_detail", args=[m.posting_id]),
            describe=lambda m: str(m),
            select_related=("posting",),
            transitions=(
                Transition(
                    name="schedule",
                    label="安排对接会",
                    sources=frozenset({M.PROPOSED, M.MEETING}),
                    target=M.MEETING,
                    capability="supply.review",
                    allowed=_broker,
                    checks=(_meeting,),
                ),
                Transition(
                    name="agree",
                    label="达成合作",
                    sources=frozenset({M.MEETING}),
                    target=M.AGREED,
                    capability="supply.review",
                    allowed=_broker,
                    # The deal is saved with the new state, so the one transition row also names it.
                    effects=(_link_deal,),
                    audit_message=lambda step: f"达成合作：{step.params['deal']}",
                ),
                Transition(
                    name="fail",
                    label="未达成",
                    sources=frozenset({M.PROPOSED, M.MEETING}),
                    target=M.FAILED,
                    capability="supply.review",
                    allowed=_broker,
                    reason_required=True,
                    reason_field="result_note",
                ),
            ),
        )
    )


_register_posting_workflows()
