"""决策公开: a draft split into articles, the comment period, opinions and their answers, the published
summary; and the district-meeting participation log."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from shanglian.audit import services as audit
from shanglian.core.access import require_actor, require_admin_of, require_capability
from shanglian.core.errors import ServiceError
from shanglian.core.saving import save_audited
from shanglian.mechanisms.models import (
    Answer,
    Article,
    Consultation,
    DistrictMeeting,
    Opinion,
    Phase,
)
from shanglian.notifications.services import notify
from shanglian.orgs.models import Organization, OrgKind
from shanglian.workflow import services as workflow


def split_articles(text: str) -> list[str]:
    """The draft's articles: one per non-empty paragraph."""
    return [p.strip() for p in text.replace("\r\n", "\n").split("\n") if p.strip()]


@transaction.atomic
def create_consultation(
    *,
    actor: Any,
    federation: Organization,
    title: str,
    introduction: str,
    draft: str,
    comment_days: int | None = None,
    invite_vice_chairs: bool = True,
    invite_everyone: bool = False,
    invited_chambers: Any = (),
) -> Consultation:
    require_actor(actor)
    require_capability(actor, "mechanisms.consultation_manage")
    require_admin_of(actor, federation)
    if not title.strip():
        raise ServiceError("请填写草案名称。")
    articles = split_articles(draft)
    if not articles:
        raise ServiceError("请填写草案条文（每段一条）。")
    days = 30 if comment_days is None else comment_days
    if not 1 <= days <= 365:
        raise ServiceError("征求意见期应为 1～365 天。")
    chambers = list(invited_chambers)
    if any(c.kind != OrgKind.CHAMBER or not c.path.startswith(federation.path) for c in chambers):
        raise ServiceError("只能邀请本工商联所属商会的会员。")
    if not (invite_vice_chairs or invite_everyone or chambers):
        raise ServiceError("请至少选择一类征求对象。")
    c = Consultation(
        federation=federation,
        title=title.strip(),
        introduction=introduction.strip(),
        comment_days=days,
        invite_vice_chairs=invite_vice_chairs,
        invite_everyone=invite_everyone,
    )
    save_audited(c, actor=actor, before=None, organization=federation, integrity_message="保存失败。")
    c.invited_chambers.set(chambers)
    Article.objects.bulk_create(
        [Article(consultation=c, number=i, text=t) for i, t in enumerate(articles, start=1)]
    )
    return c


@transaction.atomic
def advance_consultation(
    *, actor: Any, consultation: Consultation, step: str, summary: str = ""
) -> Consultation:
    """open (征求意见) → close (意见汇总) → publish (结果公开, with the summary)."""
    require_actor(actor)
    if step not in ("open", "close", "publish"):
        raise ServiceError("未知的办理步骤。")
    done: Consultation = workflow.apply(consultation, step, actor=actor, reason=summary).obj
    return done


@transaction.atomic
def comment(
    *,
    actor: Any,
    consultation: Consultation,
    text: str,
    article: Article | None = None,
    today: date | None = None,
) -> Opinion:
    require_actor(actor)
    require_capability(actor, "mechanisms.consultation_comment")
    c = Consultation.unscoped_objects.select_for_update().get(pk=consultation.pk)
    today = today or timezone.localdate()
    if c.status != Phase.OPEN or (c.closes_on is not None and today > c.closes_on):
        raise ServiceError("征求意见已截止，不再接收意见。")
    if not text.strip():
        raise ServiceError("请填写意见内容。")
    if article is not None and article.consultation_id != c.pk:
        raise ServiceError("条文不属于该草案。")
    opinion = Opinion(
        consultation=c,
        article=article,
        author=actor,
        author_name=getattr(actor, "name", "") or str(actor),
        text=text.strip(),
    )
    return save_audited(
        opinion, actor=actor, before=None, organization=c.federation, integrity_message="保存失败。"
    )


@transaction.atomic
def answer_opinion(*, actor: Any, opinion: Opinion, answer: str, reason: str) -> Opinion:
    require_actor(actor)
    require_capability(actor, "mechanisms.consultation_manage")
    c = opinion.consultation
    require_admin_of(actor, c.federation)
    if answer not in (Answer.ADOPTED, Answer.PARTLY, Answer.DECLINED):
        raise ServiceError("请选择采纳、部分采纳或不采纳。")
    if answer != Answer.ADOPTED and not reason.strip():
        raise ServiceError("部分采纳或不采纳时请说明理由。")
    if c.status == Phase.PUBLISHED:
        raise ServiceError("结果已公开，不能再修改答复。")
    before = audit.snapshot(opinion)
    opinion.answer, opinion.reason, opinion.answered_at = answer, reason.strip(), timezone.now()
    opinion.save(update_fields=["answer", "reason", "answered_at"])
    audit.record_update(
        actor=actor, obj=opinion, before=before, organization=c.federation, message="答复意见"
    )
    notify(
        recipients=[opinion.author] if opinion.author is not None else [],
        title=f"您对《{c.title}》的意见已答复：{Answer(answer).label}",
        body=reason.strip(),
        link=f"/mechanisms/consultations/{c.pk}/",
        key=f"opinion:{opinion.pk}:answer:{answer}",
        actor=actor,
    )
    return opinion


@transaction.atomic
def log_district_meeting(
    *,
    actor: Any,
    federation: Organization,
    title: str,
    held_on: date | None,
    organiser: str,
    attendees: str,
    event: Any = None,
) -> DistrictMeeting:
    require_actor(actor)
    require_capability(actor, "mechanisms.meeting_edit")
    require_admin_of(actor, federation)
    if not title.strip():
        raise ServiceError("请填写会议名称。")
    if held_on is None:
        raise ServiceError("请填写召开日期。")
    if not attendees.strip():
        raise ServiceError("请填写参会的商会代表。")
    if event is not None and not event.__class__.objects.visible_to(actor).filter(pk=event.pk).exists():
        raise ServiceError("所选活动不存在或不在您的数据范围内。")
    m = DistrictMeeting(
        event=event,
        federation=federation,
        title=title.strip(),
        held_on=held_on,
        organiser=organiser.strip(),
        attendees=attendees.strip(),
    )
    return save_audited(m, actor=actor, before=None, organization=federation, integrity_message="保存失败。")


def close_expired_consultations(*, actor: Any, today: date | None = None) -> int:
    """Consultations whose comment period has ended move to 意见汇总 through the workflow (audited, the
    federation's managers told). Each in its own transaction; a second run finds none open."""
    require_actor(actor)
    today = today or timezone.localdate()
    due = Consultation.objects.unscoped().filter(status=Phase.OPEN, closes_on__lt=today).order_by("pk")
    closed = 0
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            c = Consultation.objects.unscoped().select_for_update().get(pk=pk)
            # Re-read under the lock: an admin may have closed it by hand since the list was taken.
            if c.status == Phase.OPEN and c.closes_on is not None and c.closes_on < today:
                workflow.apply(c, "close", actor=actor, reason="征求意见期已届满，自动截止。")
                closed += 1
    return closed


def opening_dates(consultation: Consultation, today: date) -> tuple[date, date]:
    return today, today + timedelta(days=consultation.comment_days)
