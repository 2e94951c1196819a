"""政策解读会 writes: an enterprise sends questions in advance with its registration; a liaison of a
department the event invites answers them."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from shanglian.audit import services as audit
from shanglian.core.access import AccessDenied, own_department_ids, own_enterprise_ids, require_actor
from shanglian.core.errors import ServiceError
from shanglian.core.saving import save_audited
from shanglian.events.models import (
    ACTIVE,
    BRIEFING_QUESTION_MAX,
    BRIEFING_QUESTIONS_PER_REGISTRATION,
    BriefingQuestion,
    Event,
    EventKind,
    Registration,
)


def accepts_questions(event: Event) -> bool:
    """Questions come in advance: only to a policy briefing, and only until it starts."""
    return event.kind == EventKind.POLICY and timezone.now() < event.starts_at


def answering_departments(actor: Any, event: Event) -> frozenset[int]:
    """The invited departments of the event the actor is a liaison of (empty: may not answer)."""
    invited = set(
        Event.invited_departments.through.objects.filter(event_id=event.pk).values_list(
            "organization_id", flat=True
        )
    )
    return own_department_ids(actor) & frozenset(invited)


@transaction.atomic
def ask_question(*, actor: Any, registration: Registration, text: str) -> BriefingQuestion:
    require_actor(actor)
    if registration.enterprise_id is None or registration.enterprise_id not in own_enterprise_ids(actor):
        raise AccessDenied("只能以本企业的报名提问。")
    # Lock the registration: two questions sent at once are counted against the limit one after another.
    registration = (
        Registration.unscoped_objects.select_for_update().select_related("event").get(pk=registration.pk)
    )
    event = registration.event
    if event.kind != EventKind.POLICY:
        raise ServiceError("只有政策解读会接受会前提问。")
    if timezone.now() >= event.starts_at:
        raise ServiceError("活动已开始，不再接受会前提问。")
    if registration.status not in ACTIVE:
        raise ServiceError("该报名已取消，不能提问。")
    text = (text or "").strip()
    if not text:
        raise ServiceError("请填写问题。")
    if len(text) > BRIEFING_QUESTION_MAX:
        raise ServiceError(f"问题不能超过 {BRIEFING_QUESTION_MAX} 字（现 {len(text)} 字）。")
    if (
        BriefingQuestion.unscoped_objects.filter(registration=registration).count()
        >= BRIEFING_QUESTIONS_PER_REGISTRATION
    ):
        raise ServiceError(f"每个报名最多提交 {BRIEFING_QUESTIONS_PER_REGISTRATION} 个问题。")
    row = BriefingQuestion(
        event=event,
        registration=registration,
        text=text,
        asked_by=actor if getattr(actor, "pk", None) else None,
    )
    return save_audited(
        row, actor=actor, before=None, organization=event.organizer, integrity_message="问题保存失败。"
    )


@transaction.atomic
def answer_question(*, actor: Any, question: BriefingQuestion, answer: str) -> BriefingQuestion:
    require_actor(actor)
    event = question.event
    if not answering_departments(actor, event):
        raise AccessDenied("只有受邀部门的联络员可以答复。")
    before = audit.snapshot(question)
    question.take_answer(answer, actor=actor)
    return save_audited(
        question, actor=actor, before=before, organization=event.organizer, integrity_message="答复保存失败。"
    )
