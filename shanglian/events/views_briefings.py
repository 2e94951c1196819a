"""政策解读会 pages: the questions sent in advance (grouped per registration), asking and answering."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from shanglian.core.access import own_department_ids, own_enterprise_ids
from shanglian.core.decorators import capability_required
from shanglian.core.errors import ServiceError
from shanglian.core.flash import run_and_flash
from shanglian.core.roles import has_capability
from shanglian.core.scope import get_object_for_user
from shanglian.events import briefings
from shanglian.events.models import ACTIVE, BriefingQuestion, Event, EventKind, Registration


@dataclass
class QuestionGroup:
    registration: Registration
    questions: list[BriefingQuestion] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.questions)


def briefing_context(
    request: HttpRequest, event: Event, mine: list[Registration], invited_departments: list[Any]
) -> dict[str, Any]:
    """The event page's part for a policy briefing: one query for the questions the user may read."""
    if event.kind != EventKind.POLICY:
        return {"briefing": False}
    rows = (
        BriefingQuestion.objects.visible_to(request.user)
        .filter(event=event)
        .select_related("registration__enterprise")
        .order_by("registration_id", "pk")
    )
    groups: dict[int, QuestionGroup] = {}
    for q in rows:
        groups.setdefault(q.registration_id, QuestionGroup(q.registration)).questions.append(q)
    # Departments already loaded for the page: no query to know whether the user answers here.
    answers = bool(own_department_ids(request.user) & {d.pk for d in invited_departments})
    ask_as = next((r for r in mine if r.status in ACTIVE and r.enterprise_id), None)
    return {
        "briefing": True,
        "question_groups": list(groups.values()),
        "question_total": sum(g.count for g in groups.values()),
        "may_answer": answers and has_capability(request.user, "events.answer"),
        "ask_registration": ask_as
        if ask_as and briefings.accepts_questions(event) and has_capability(request.user, "events.ask")
        else None,
        "questions_open": briefings.accepts_questions(event),
    }


def _detail(event_id: int) -> str:
    return reverse("events:event_detail", args=[event_id]) + "#briefing"


@require_POST
@capability_required("events.ask")
def briefing_ask(request: HttpRequest, event_id: int) -> HttpResponse:
    event = get_object_for_user(Event, request.user, event_id)
    registration = (
        Registration.objects.visible_to(request.user)
        .filter(event=event, enterprise_id__in=own_enterprise_ids(request.user), status__in=ACTIVE)
        .order_by("-pk")
        .first()
    )

    def act() -> BriefingQuestion:
        if registration is None:
            raise ServiceError("请先报名本活动，再提交会前问题。")
        return briefings.ask_question(
            actor=request.user, registration=registration, text=request.POST.get("text", "")
        )

    run_and_flash(request, act, "问题已提交，会前将由相关部门答复。")
    return redirect(_detail(event.pk))


@require_POST
@capability_required("events.answer")
def briefing_answer(request: HttpRequest, briefingquestion_id: int) -> HttpResponse:
    question = get_object_for_user(
        BriefingQuestion,
        request.user,
        briefingquestion_id,
        queryset=BriefingQuestion.objects.select_related("event__organizer"),
    )
    run_and_flash(
        request,
        lambda: briefings.answer_question(
            actor=request.user, question=question, answer=request.POST.get("answer", "")
        ),
        "已答复。",
    )
    return redirect(_detail(question.event_id))
