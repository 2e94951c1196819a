"""Chamber rating services: applications, scoring, decisions and rating indicators."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction

from shanglian.attachments import services as attachments
from shanglian.audit import services as audit
from shanglian.chambers.models import (
    CERTIFICATE,
    ChamberState,
    Grade,
    Rating,
    RatingIndicator,
    RatingLevel,
    RatingScheme,
    RatingScore,
    RatingStatus,
)
from shanglian.chambers.services.common import (
    check_admin,
    check_can_edit,
    check_chamber,
    local_today,
)
from shanglian.chambers.services.lifecycle import current_state
from shanglian.core.errors import ServiceError
from shanglian.core.saving import save_audited
from shanglian.orgs.models import Organization
from shanglian.workflow import services as workflow


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
    check_chamber(chamber)
    check_can_edit(actor, chamber)
    level, grade = _clean_rating_kind(scheme, level, grade)
    if applied_on is None:
        raise ServiceError("请填写申报日期。")
    if applied_on > local_today():
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
    check_admin(actor, rating.chamber)
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
    """认定 (dates of validity, optional certificate) or 不予认定 (with a note): chambers/workflows.py."""
    if approve:
        step = workflow.apply(
            rating,
            "approve",
            actor=actor,
            reason=note,
            granted_on=granted_on,
            valid_from=valid_from,
            valid_until=valid_until,
            certificate=certificate,
        )
        if certificate is not None:
            # Stored last, once everything else is written (its check ran before the first write).
            attachments.attach(
                owner=step.obj, use=CERTIFICATE, upload=certificate, actor=actor, checked=step.result
            )
    else:
        step = workflow.apply(rating, "reject", actor=actor, reason=note)
    return step.obj


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
    check_admin(actor, federation)
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
