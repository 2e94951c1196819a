"""Writes of the promotion platform: visits (recorded, planned, drawn at random, confirmed), 包联
assignments, coverage targets, institutions, 产学研 projects and the technology needs that lead to them."""

from __future__ import annotations

import random
import secrets
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from shanglian.attachments import services as attachments
from shanglian.attachments.uses import get_use
from shanglian.audit import services as audit
from shanglian.core.access import (
    federation_of,
    own_enterprise_ids,
    require_actor,
    require_capability,
    require_write,
)
from shanglian.core.errors import ServiceError
from shanglian.core.saving import save_audited
from shanglian.orgs.models import Organization, OrgKind
from shanglian.promotion.models import (
    DIRECTOR_POSITIONS,
    NEED_FILE,
    VISIT_PHOTO,
    CadreAssignment,
    CoverageTarget,
    Institution,
    NeedStatus,
    ProjectStatus,
    ResearchProject,
    TechNeed,
    Visit,
    VisitDraw,
    VisitMode,
    VisitSelection,
    VisitStatus,
)
from shanglian.registry.models import Enterprise, Membership
from shanglian.workflow import services as workflow


def _check_enterprise(actor: Any, organization: Organization, enterprise: Enterprise) -> None:
    """The enterprise must be one the visiting organisation may visit: of its federation's registry."""
    visible = Enterprise.objects.visible_to(actor).filter(pk=enterprise.pk).exists()
    if not visible or enterprise.federation_id != _federation_id(organization):
        raise ServiceError(f"企业“{enterprise}”不在您的数据范围内。")


def _federation_id(organization: Organization) -> int | None:
    fed = organization.federation()
    return fed.pk if fed is not None else None


def _touch_cadre(enterprise: Enterprise, on: date) -> None:
    # 包联 keeps the last contact here so the overdue list stays an indexed read.
    CadreAssignment.objects.unscoped().filter(enterprise=enterprise).filter(
        Q(last_contact_on__isnull=True) | Q(last_contact_on__lt=on)
    ).update(last_contact_on=on)


def _attach_photos(visit: Visit, photos: Iterable[Any], actor: Any, checked: list[Any]) -> None:
    for upload, ok in zip(photos, checked, strict=True):
        attachments.attach(owner=visit, use=VISIT_PHOTO, upload=upload, actor=actor, checked=ok)


@transaction.atomic
def record_visit(
    *,
    actor: Any,
    organization: Organization,
    enterprise: Enterprise,
    visited_on: date,
    mode: str = VisitMode.OFFLINE,
    channel: str = "onsite",
    selection: str = VisitSelection.FIXED,
    visitors: str = "",
    notes: str = "",
    problems: str = "",
    photos: Iterable[Any] = (),
) -> Visit:
    """A visit recorded after it took place (the usual case: staff note it down on return)."""
    require_actor(actor)
    require_capability(actor, "promotion.edit")
    require_write(actor, organization, "您无权以该单位的名义登记走访。")
    _check_enterprise(actor, organization, enterprise)
    photos = list(photos)
    checked = [attachments.check_upload(p, get_use(VISIT_PHOTO)) for p in photos]
    visit = Visit(
        organization=organization,
        enterprise=enterprise,
        mode=mode,
        channel=channel,
        selection=selection,
        status=VisitStatus.DONE,
        planned_on=visited_on,
        visited_on=visited_on,
        visitors=visitors,
        notes=notes,
        problems=problems,
        created_by=actor,
    )
    save_audited(
        visit, actor=actor, before=None, organization=organization, integrity_message="走访记录保存失败。"
    )
    _touch_cadre(enterprise, visited_on)
    _attach_photos(visit, photos, actor, checked)
    return visit


@transaction.atomic
def complete_visit(
    *,
    actor: Any,
    visit: Visit,
    visited_on: date,
    mode: str,
    channel: str,
    visitors: str = "",
    notes: str = "",
    problems: str = "",
    photos: Iterable[Any] = (),
) -> Visit:
    """A planned visit (e.g. from a random draw) gets its result: one workflow step, one audit row."""
    photos = list(photos)
    checked = [attachments.check_upload(p, get_use(VISIT_PHOTO)) for p in photos]
    step = workflow.apply(
        visit,
        "record",
        actor=actor,
        visited_on=visited_on,
        mode=mode,
        channel=channel,
        visitors=visitors,
        notes=notes,
        problems=problems,
    )
    done: Visit = step.obj
    _touch_cadre(done.enterprise, visited_on)
    _attach_photos(done, photos, actor, checked)
    return done


def confirm_visit(*, actor: Any, visit: Visit) -> Visit:
    """The enterprise confirms the record (or staff mark a signed paper record as confirmed)."""
    result: Visit = workflow.apply(visit, "confirm", actor=actor).obj
    return result


def cancel_visit(*, actor: Any, visit: Visit, reason: str) -> Visit:
    result: Visit = workflow.apply(visit, "cancel", actor=actor, reason=reason).obj
    return result


def draw_candidates(
    chamber: Organization, *, directors_only: bool, exclude_visited_year: int | None
) -> list[int]:
    """The enterprises a draw picks from, in a fixed order (ids ascending) so a seed replays the draw."""
    members = Membership.objects.unscoped().filter(chamber=chamber, left_on__isnull=True)
    if directors_only:
        members = members.filter(position__in=DIRECTOR_POSITIONS)
    ids = members.values_list("enterprise_id", flat=True)
    if exclude_visited_year:
        visited = Visit.objects.unscoped().filter(
            status__in=(VisitStatus.DONE, VisitStatus.CONFIRMED), visited_on__year=exclude_visited_year
        )
        ids = ids.exclude(enterprise_id__in=visited.values("enterprise_id"))
    return sorted(set(ids))


def replay_draw(candidates: list[int], size: int, seed: int) -> list[int]:
    """The draw itself: the same candidates, size and seed always give the same enterprises."""
    return sorted(random.Random(seed).sample(candidates, size))


@transaction.atomic
def draw_visits(
    *,
    actor: Any,
    organization: Organization,
    chamber: Organization,
    size: int,
    planned_on: date,
    directors_only: bool = False,
    exclude_visited_year: int | None = None,
    seed: int | None = None,
) -> VisitDraw:
    """Draw `size` member enterprises of `chamber` at random and plan a visit to each."""
    require_actor(actor)
    require_capability(actor, "promotion.edit")
    require_write(actor, organization, "您无权以该单位的名义安排走访。")
    require_write(actor, chamber, "您无权从该商会抽取走访企业。")
    if size < 1:
        raise ServiceError("抽取数量至少为 1 家。")
    candidates = draw_candidates(
        chamber, directors_only=directors_only, exclude_visited_year=exclude_visited_year
    )
    if size > len(candidates):
        raise ServiceError(f"符合条件的企业只有 {len(candidates)} 家，不能抽取 {size} 家。")
    draw = VisitDraw(
        organization=organization,
        chamber=chamber,
        directors_only=directors_only,
        exclude_visited_year=exclude_visited_year,
        size=size,
        seed=seed if seed is not None else secrets.randbelow(2**53),
        candidates=len(candidates),
        planned_on=planned_on,
        drawn_by=actor,
    )
    save_audited(draw, actor=actor, before=None, organization=organization, integrity_message="抽取失败。")
    picked = replay_draw(candidates, size, draw.seed)
    for pk in picked:
        # One audit row per planned visit: each enterprise's history shows the draw that picked it.
        visit = Visit(
            organization=organization,
            enterprise_id=pk,
            selection=VisitSelection.RANDOM,
            status=VisitStatus.PLANNED,
            planned_on=planned_on,
            draw=draw,
            created_by=actor,
        )
        save_audited(
            visit, actor=actor, before=None, organization=organization, integrity_message="抽取失败。"
        )
    return draw


@transaction.atomic
def set_coverage_target(
    *, actor: Any, chamber: Organization, year: int, directors_pct: int, members_pct: int
) -> CoverageTarget:
    require_actor(actor)
    require_capability(actor, "promotion.edit")
    require_write(actor, chamber, "您无权设置该商会的走访目标。")
    target = CoverageTarget.objects.unscoped().filter(chamber=chamber, year=year).first()
    before = None if target is None else audit.snapshot(target)
    target = target or CoverageTarget(chamber=chamber, year=year)
    target.directors_pct, target.members_pct = directors_pct, members_pct
    return save_audited(
        target,
        actor=actor,
        before=before,
        organization=chamber,
        integrity_message="走访比例须在 0–100 之间。",
    )


@transaction.atomic
def assign_cadre(
    *, actor: Any, organization: Organization, cadre: Any, enterprise: Enterprise, since: date
) -> CadreAssignment:
    require_actor(actor)
    require_capability(actor, "promotion.edit")
    require_write(actor, organization, "您无权安排该单位的包联。")
    _check_enterprise(actor, organization, enterprise)
    last = (
        Visit.objects.unscoped()
        .filter(enterprise=enterprise, visited_on__isnull=False)
        .order_by("-visited_on")
        .values_list("visited_on", flat=True)
        .first()
    )
    assignment = CadreAssignment(
        organization=organization, cadre=cadre, enterprise=enterprise, since=since, last_contact_on=last
    )
    return save_audited(
        assignment,
        actor=actor,
        before=None,
        organization=organization,
        integrity_message=f"“{enterprise}”已有包联干部。",
    )


# ---------------------------------------------------------------- 产学研


@transaction.atomic
def save_institution(*, actor: Any, institution: Institution | None = None, **fields: Any) -> Institution:
    require_actor(actor)
    require_capability(actor, "promotion.edit")
    federation = federation_of(actor)
    if institution is None:
        if federation is None:
            raise ServiceError("您不属于任何工商联，不能登记合作院校。")
        institution = Institution(federation=federation)
    require_write(actor, institution.federation, "只有工商联管理员可以维护合作院校。")
    before = None if institution.pk is None else audit.snapshot(institution)
    for name, value in fields.items():
        setattr(institution, name, value)
    return save_audited(
        institution,
        actor=actor,
        before=before,
        organization=institution.federation,
        integrity_message=f"合作院校“{institution.name}”已存在。",
    )


@transaction.atomic
def save_project(
    *,
    actor: Any,
    project: ResearchProject | None = None,
    organization: Organization,
    institution: Institution,
    enterprises: Iterable[Enterprise],
    title: str,
    tech_field: str = "",
    amount: Decimal = Decimal("0"),
) -> ResearchProject:
    require_actor(actor)
    require_capability(actor, "promotion.edit")
    require_write(actor, organization, "您无权以该单位的名义登记产学研项目。")
    enterprises = list(enterprises)
    if not enterprises:
        raise ServiceError("请至少选择一家合作企业。")
    for enterprise in enterprises:
        _check_enterprise(actor, organization, enterprise)
    if institution.federation_id != _federation_id(organization):
        raise ServiceError("合作院校不属于本工商联。")
    if amount < 0:
        raise ServiceError("合同金额不能为负数。")
    before = None if project is None else audit.snapshot(project)
    project = project or ResearchProject(status=ProjectStatus.NEGOTIATING)
    project.organization, project.institution = organization, institution
    project.title, project.tech_field, project.amount = title, tech_field, amount
    save_audited(
        project, actor=actor, before=before, organization=organization, integrity_message="项目保存失败。"
    )
    project.enterprises.set(enterprises)
    return project


def advance_project(
    *, actor: Any, project: ResearchProject, action: str, reason: str = "", **params: Any
) -> ResearchProject:
    """One stage of a project (sign / start / conclude / drop) through the workflow kit."""
    if action not in {"sign", "start", "conclude", "drop"}:
        raise ServiceError("未知的操作。")
    result: ResearchProject = workflow.apply(project, action, actor=actor, reason=reason, **params).obj
    return result


@transaction.atomic
def raise_appeal_from_visit(*, actor: Any, visit: Visit, line: int) -> Any:
    """A problem found on a visit becomes an appeal (诉求) of the visited enterprise, linked to the visit."""
    from shanglian.appeals.models import Channel
    from shanglian.appeals.services import submit_appeal

    require_capability(actor, "appeals.submit")
    problems = visit.problem_lines
    if not 0 <= line < len(problems):
        raise ServiceError("该问题不存在，请刷新页面后重试。")
    text = problems[line]
    return submit_appeal(
        actor=actor,
        enterprise=visit.enterprise,
        title=text[:40],
        content=f"{visit.visited_on or visit.planned_on:%Y-%m-%d} {visit.organization.name}走访发现：{text}",
        channel=Channel.VISIT,
        source=visit,
    )


# ---------------------------------------------------------------- 技术需求

NEED_TITLE_MAX = 200
NEED_TEXT_MAX = 5000


def _need_keeper(actor: Any, enterprise: Enterprise, organization: Organization | None) -> Organization:
    """Where a need is kept: the enterprise's federation when the enterprise posts it itself, else the
    organisation the staff member posts it for (a secretary's chamber, of which the firm is a member)."""
    if enterprise.pk in own_enterprise_ids(actor):
        federation: Organization = enterprise.federation
        return federation
    if organization is None:
        raise ServiceError("请选择受理单位。")
    require_write(actor, organization, "您无权以该单位的名义登记技术需求。")
    _check_enterprise(actor, organization, enterprise)
    if organization.kind == OrgKind.CHAMBER and not (
        Membership.objects.unscoped()
        .filter(chamber=organization, enterprise=enterprise, left_on__isnull=True)
        .exists()
    ):
        raise ServiceError(f"企业“{enterprise}”不是{organization.name}的会员，不能代其提出技术需求。")
    return organization


@transaction.atomic
def post_need(
    *,
    actor: Any,
    enterprise: Enterprise,
    title: str,
    description: str,
    tech_field: str = "",
    budget: Decimal | None = None,
    organization: Organization | None = None,
    files: Iterable[Any] = (),
    today: date | None = None,
) -> TechNeed:
    """An enterprise (or its chamber, or the federation, on its behalf) posts a technology need; it waits
    on the federation's to-do list to be matched to a partner institution."""
    require_actor(actor)
    require_capability(actor, "promotion.need_post")
    title, description, tech_field = title.strip(), description.strip(), tech_field.strip()
    if not title:
        raise ServiceError("请填写需求名称。")
    if len(title) > NEED_TITLE_MAX:
        raise ServiceError(f"需求名称不能超过 {NEED_TITLE_MAX} 个字。")
    if not description:
        raise ServiceError("请填写需求描述。")
    if len(description) > NEED_TEXT_MAX:
        raise ServiceError(f"需求描述不能超过 {NEED_TEXT_MAX} 个字。")
    if len(tech_field) > 50:
        raise ServiceError("技术领域不能超过 50 个字。")
    if budget is not None and budget < 0:
        raise ServiceError("预算不能为负数。")
    keeper = _need_keeper(actor, enterprise, organization)
    files = list(files)
    checked = [attachments.check_upload(f, get_use(NEED_FILE)) for f in files]
    need = TechNeed(
        organization=keeper,
        enterprise=enterprise,
        title=title,
        description=description,
        tech_field=tech_field,
        budget=budget,
        status=NeedStatus.SUBMITTED,
        posted_on=today or timezone.localdate(),
        posted_by=actor,
    )
    save_audited(need, actor=actor, before=None, organization=keeper, integrity_message="技术需求保存失败。")
    for upload, ok in zip(files, checked, strict=True):
        attachments.attach(owner=need, use=NEED_FILE, upload=upload, actor=actor, checked=ok)
    return need


def match_need(
    *, actor: Any, need: TechNeed, institution: Institution, reply: str, matched_on: date | None = None
) -> TechNeed:
    """The federation routes the need to a partner institution and records its reply."""
    result: TechNeed = workflow.apply(
        need, "match", actor=actor, reason=reply, institution=institution, matched_on=matched_on
    ).obj
    return result


@transaction.atomic
def convert_need(
    *,
    actor: Any,
    need: TechNeed,
    title: str = "",
    amount: Decimal = Decimal("0"),
    organization: Organization | None = None,
    today: date | None = None,
) -> ResearchProject:
    """A matched need taken up by its institution becomes a 产学研 project (洽谈) of the enterprise and the
    institution, linked both ways; signing it is the project's own step."""
    need.refresh_from_db(fields=["status", "institution"])  # the caller's copy may predate the match
    if need.status != NeedStatus.MATCHED or need.institution is None:
        raise ServiceError("只有已对接院校的需求可以转为产学研项目。")
    require_capability(actor, "promotion.edit")
    project = save_project(
        actor=actor,
        organization=organization or need.organization,
        institution=need.institution,
        enterprises=[need.enterprise],
        title=(title or need.title).strip(),
        tech_field=need.tech_field,
        amount=amount,
    )
    workflow.apply(need, "convert", actor=actor, project=project, converted_on=today or timezone.localdate())
    return project


def close_need(*, actor: Any, need: TechNeed, reason: str) -> TechNeed:
    result: TechNeed = workflow.apply(need, "close", actor=actor, reason=reason).obj
    return result
