"""Workflows of the promotion platform: a visit's record/confirm/cancel, a 产学研 project's stages."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from shanglian.core.access import can_write, own_enterprise_ids
from shanglian.core.errors import ServiceError
from shanglian.promotion.models import (
    NeedStatus,
    ProjectStatus,
    ResearchProject,
    TechNeed,
    Visit,
    VisitStatus,
)
from shanglian.workflow.kit import Step, Transition, Workflow, register


def _keeper(actor: Any, obj: Any) -> bool:
    """Staff who keep the visiting organisation's records (its admins, or the chamber's secretary)."""
    return can_write(actor, obj.organization)


def _confirmer(actor: Any, obj: Visit) -> bool:
    # The visited enterprise confirms its own record; staff may mark a signed paper record as confirmed.
    return obj.enterprise_id in own_enterprise_ids(actor) or can_write(actor, obj.organization)


def _fill_record(step: Step) -> None:
    visit: Visit = step.obj
    visited_on = step.params.get("visited_on")
    if visited_on is None:
        raise ServiceError("请填写走访日期。")
    visit.visited_on = visited_on
    for name in ("mode", "channel", "visitors", "notes", "problems"):
        if name in step.params:
            setattr(visit, name, step.params[name])


def _stamp_confirmation(step: Step) -> None:
    from django.utils import timezone

    visit: Visit = step.obj
    visit.confirmed_at = timezone.now()
    visit.confirmed_on_paper = visit.enterprise_id not in own_enterprise_ids(step.actor)


VISIT = register(
    Workflow(
        model=Visit,
        organization=lambda v: v.organization,
        link=lambda v: reverse("promotion:visit_detail", args=[v.pk]),
        describe=lambda v: f"走访 {v.enterprise}",
        transitions=(
            Transition(
                name="record",
                label="登记走访结果",
                sources=frozenset({VisitStatus.PLANNED}),
                target=VisitStatus.DONE,
                capability="promotion.edit",
                allowed=_keeper,
                effects=(_fill_record,),
            ),
            Transition(
                name="confirm",
                label="确认走访记录",
                sources=frozenset({VisitStatus.DONE}),
                target=VisitStatus.CONFIRMED,
                allowed=_confirmer,
                denied_message="只有被走访企业或走访单位可以确认走访记录。",
                wrong_state_message="只有已走访的记录可以确认。",
                effects=(_stamp_confirmation,),
            ),
            Transition(
                name="cancel",
                label="取消走访",
                sources=frozenset({VisitStatus.PLANNED}),
                target=VisitStatus.CANCELLED,
                capability="promotion.edit",
                allowed=_keeper,
                reason_required=True,
                reason_message="取消走访时请填写原因。",
                reason_field="cancel_reason",
            ),
        ),
    )
)


def _needs_signed_on(step: Step) -> None:
    project: ResearchProject = step.obj
    signed_on = step.params.get("signed_on")
    if signed_on is None:
        raise ServiceError("请填写签约日期。")
    project.signed_on = signed_on


def _outcome(step: Step) -> None:
    project: ResearchProject = step.obj
    project.outcome = step.reason


PROJECT = register(
    Workflow(
        model=ResearchProject,
        organization=lambda p: p.organization,
        link=lambda p: reverse("promotion:project_detail", args=[p.pk]),
        describe=lambda p: f"产学研项目 {p.title}",
        transitions=(
            Transition(
                name="sign",
                label="签约",
                sources=frozenset({ProjectStatus.NEGOTIATING}),
                target=ProjectStatus.SIGNED,
                capability="promotion.edit",
                allowed=_keeper,
                checks=(_needs_signed_on,),
            ),
            Transition(
                name="start",
                label="开始实施",
                sources=frozenset({ProjectStatus.SIGNED}),
                target=ProjectStatus.IMPLEMENTING,
                capability="promotion.edit",
                allowed=_keeper,
            ),
            Transition(
                name="conclude",
                label="结题",
                sources=frozenset({ProjectStatus.IMPLEMENTING}),
                target=ProjectStatus.CONCLUDED,
                capability="promotion.edit",
                allowed=_keeper,
                reason_required=True,
                reason_message="结题时请填写项目成果。",
                effects=(_outcome,),
            ),
            Transition(
                name="drop",
                label="终止",
                sources=frozenset(
                    {ProjectStatus.NEGOTIATING, ProjectStatus.SIGNED, ProjectStatus.IMPLEMENTING}
                ),
                target=ProjectStatus.DROPPED,
                capability="promotion.edit",
                allowed=_keeper,
                reason_required=True,
                reason_message="终止项目时请填写原因。",
                effects=(_outcome,),
            ),
        ),
    )
)


def _federation_staff(actor: Any, need: TechNeed) -> bool:
    """Matching is the federation's: it keeps the partner institutions (a chamber's secretary may not)."""
    federation = need.organization.federation()
    return federation is not None and can_write(actor, federation)


def _route(step: Step) -> None:
    from django.utils import timezone

    need: TechNeed = step.obj
    institution = step.params.get("institution")
    if institution is None:
        raise ServiceError("请选择对接院校。")
    federation = need.organization.federation()
    if federation is None or institution.federation_id != federation.pk:
        raise ServiceError("对接院校不属于本工商联。")
    need.institution = institution
    need.matched_on = step.params.get("matched_on") or timezone.localdate()


def _take_up(step: Step) -> None:
    need: TechNeed = step.obj
    project = step.params.get("project")
    if project is None:
        raise ServiceError("请先登记产学研项目。")
    need.project = project
    need.converted_on = step.params["converted_on"]


def _poster(step: Step) -> list[Any]:
    need: TechNeed = step.obj
    return [need.posted_by] if need.posted_by is not None else []


NEED = register(
    Workflow(
        model=TechNeed,
        organization=lambda n: n.organization,
        link=lambda n: reverse("promotion:need_detail", args=[n.pk]),
        describe=lambda n: f"技术需求 {n.title}",
        transitions=(
            Transition(
                name="match",
                label="对接院校",
                sources=frozenset({NeedStatus.SUBMITTED}),
                target=NeedStatus.MATCHED,
                capability="promotion.edit",
                allowed=_federation_staff,
                denied_message="技术需求由工商联对接院校。",
                wrong_state_message="只有待对接的需求可以对接院校。",
                reason_required=True,
                reason_message="请填写院校答复（对接意见）。",
                reason_field="reply",
                checks=(_route,),
                notify=_poster,
                notify_title=lambda s: f"您的技术需求“{s.obj.title}”已对接{s.obj.institution}",
            ),
            Transition(
                name="convert",
                label="转为产学研项目",
                sources=frozenset({NeedStatus.MATCHED}),
                target=NeedStatus.PROJECT,
                capability="promotion.edit",
                allowed=_federation_staff,
                denied_message="技术需求由工商联转为产学研项目。",
                wrong_state_message="只有已对接院校的需求可以转为产学研项目。",
                checks=(_take_up,),
                notify=_poster,
                notify_title=lambda s: f"您的技术需求“{s.obj.title}”已转为产学研项目",
            ),
            Transition(
                name="close",
                label="关闭",
                sources=frozenset({NeedStatus.SUBMITTED, NeedStatus.MATCHED}),
                target=NeedStatus.CLOSED,
                capability="promotion.edit",
                allowed=_keeper,
                reason_required=True,
                reason_message="关闭需求时请填写原因。",
                reason_field="close_reason",
            ),
        ),
    )
)
