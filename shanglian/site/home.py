"""Each role's home page (core/home.py picks the user's): what the role looks for first thing.

- 工商联管理员: the to-do list with this year's key figures;
- 工商联领导: a work queue (what waits for their decision or signature, from the to-do registry) and the
  key figures;
- 商会秘书处: 本会 — its chamber's state, ratings, next 换届, members, open applications, its to-dos;
- 企业用户: its enterprise, memberships, applications, appeals, surveys and events;
- 部门联络员: the appeals and questions assigned to its department.

Figures come from the metric registry (cached per metric, period and scope: no table is aggregated for a
home page); the panels are read once per user and kept until the next write (`cached_for_user`), so a home
costs a few queries once warm.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from shanglian.appeals.models import OPEN_STATES, Appeal
from shanglian.appeals.selectors import handler_queue
from shanglian.chambers.models import ChamberProfile, Rating, RatingStatus
from shanglian.core import home
from shanglian.core.access import own_chamber_ids, own_department_ids, own_enterprise_ids
from shanglian.core.roles import ADMIN, ENTERPRISE, LEADER, LIAISON, SECRETARY, has_capability
from shanglian.core.todos import cached_for_user
from shanglian.events.models import BriefingQuestion, Event, Question
from shanglian.governance.models import Term
from shanglian.metrics import registry
from shanglian.metrics.cockpit import drill_url
from shanglian.metrics.selection import period_params
from shanglian.orgs.models import Organization
from shanglian.registry.models import (
    ApplicationStatus,
    Enterprise,
    Membership,
    MembershipApplication,
)
from shanglian.surveys.models import Invitation, SurveyStatus

# The figures a federation's leaders and admins look at first (keys not registered are left out).
KEY_FIGURES = (
    "registry.member_growth",
    "chambers.founded",
    "appeals.collected",
    "appeals.solved_rate",
    "appeals.satisfaction",
    "promotion.visits",
    "cooperation.deal_amount",
    "party.model_sites",
)
SHOWN = 5


def _this_year() -> registry.Period:
    today = timezone.localdate()
    return registry.Period(date(today.year, 1, 1), today)


def key_figures(user: Any) -> list[dict[str, Any]]:
    """This year's key figures in the user's scope, each linking to its drill-down (figure == rows)."""
    if not has_capability(user, "metrics.view"):
        return []
    period = _this_year()
    scope = registry.Scope(user)
    figures = []
    for key in KEY_FIGURES:
        metric = registry.get(key)
        if metric is None:
            continue
        value = registry.compute(metric, period, scope)
        figures.append(
            {
                "label": metric.label,
                "unit": metric.unit,
                "value": value.value,
                "url": drill_url(metric, period_params(period)),
            }
        )
    return figures


def _figures_context(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    return {
        "figures": key_figures(user),
        "figures_year": timezone.localdate().year,
        "cockpit_url": reverse("metrics:cockpit") if has_capability(user, "metrics.view") else "",
    }


def _admin(request: HttpRequest) -> dict[str, Any]:
    return _figures_context(request)


def _leader(request: HttpRequest) -> dict[str, Any]:
    return _figures_context(request)


def chamber_panel(user: Any) -> dict[str, Any] | None:
    """本会: the secretary's chamber at a glance (its first chamber when it serves several)."""
    ids = sorted(own_chamber_ids(user))
    if not ids:
        return None
    chamber = Organization.objects.visible_to(user).filter(pk=ids[0]).first()
    if chamber is None:
        return None
    today = timezone.localdate()
    profile = ChamberProfile.objects.visible_to(user).filter(chamber=chamber).first()
    ratings = [
        {
            "label": r.label,
            "valid_until": r.valid_until,
            "expired": bool(r.valid_until and r.valid_until < today),
        }
        for r in Rating.objects.visible_to(user)
        .filter(chamber=chamber, status=RatingStatus.GRANTED)
        .order_by("-granted_on", "-pk")[:3]
    ]
    terms = list(
        Term.objects.visible_to(user)
        .filter(chamber=chamber)
        .order_by("-start_on")
        .only("start_on", "end_on", "organ")[:3]
    )
    current = next((t for t in terms if t.start_on <= today <= t.end_on), None) if terms else None
    latest = terms[0] if terms else None
    shown = current or latest  # the term running now, else the last one (expired without successor)
    members = Membership.objects.visible_to(user).filter(chamber=chamber, left_on__isnull=True).count()
    applications = (
        MembershipApplication.objects.visible_to(user)
        .filter(chamber=chamber, status=ApplicationStatus.SUBMITTED)
        .count()
    )
    return {
        "name": chamber.name,
        "url": reverse("chambers:chamber_detail", kwargs={"chamber_id": chamber.pk}),
        "state": profile.get_state_display() if profile else "",
        "registration": profile.get_registration_status_display() if profile else "",
        "ratings": ratings,
        "term_end": shown.end_on if shown else None,
        "term_overdue": bool(latest and latest.end_on < today),
        "term_days": (shown.end_on - today).days if shown else None,
        "terms_url": reverse("governance:term_list"),
        "members": members,
        "members_url": reverse("registry:member_list"),
        "applications": applications,
        "applications_url": reverse("registry:application_list") + "?status=submitted",
    }


def _secretary(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    return {"chamber": cached_for_user(user, "home:chamber", lambda: chamber_panel(user))}


def enterprise_panel(user: Any) -> dict[str, Any]:
    ids = own_enterprise_ids(user)
    today = timezone.localdate()
    enterprises = [
        {
            "name": e.name,
            "credit_code": e.credit_code,
            "url": reverse("registry:enterprise_detail", kwargs={"enterprise_id": e.pk}),
        }
        for e in Enterprise.objects.visible_to(user).filter(pk__in=ids).order_by("name_pinyin")[:SHOWN]
    ]
    memberships = [
        {"chamber": m.chamber.name, "since": m.joined_on}
        for m in Membership.objects.visible_to(user)
        .filter(enterprise_id__in=ids, left_on__isnull=True)
        .select_related("chamber")
        .order_by("joined_on")[:SHOWN]
    ]
    applications = [
        {
            "chamber": a.chamber.name,
            "status": a.get_status_display(),
            "submitted": a.submitted_at,
            "url": reverse("registry:application_detail", kwargs={"membershipapplication_id": a.pk}),
        }
        for a in MembershipApplication.objects.visible_to(user)
        .filter(enterprise_id__in=ids)
        .select_related("chamber")
        .order_by("-submitted_at")[:3]
    ]
    appeals = [
        {
            "title": a.title,
            "state": a.get_state_display(),
            "open": a.state in OPEN_STATES,
            "url": reverse("appeals:appeal_detail", kwargs={"appeal_id": a.pk}),
        }
        for a in Appeal.objects.visible_to(user)
        .filter(enterprise_id__in=ids)
        .only("title", "state")
        .order_by("-submitted_on", "-pk")[:SHOWN]
    ]
    surveys = [
        {
            "title": i.survey.title,
            "closes": i.survey.closes_on,
            "url": reverse("surveys:answer", args=[i.survey_id]),
        }
        for i in Invitation.objects.visible_to(user)
        .filter(enterprise_id__in=ids, survey__status=SurveyStatus.OPEN, survey__closes_on__gte=today)
        .select_related("survey")
        .order_by("survey__closes_on")[:SHOWN]
    ]
    events = [
        {
            "title": e.title,
            "starts": timezone.localtime(e.starts_at),
            "url": reverse("events:event_detail", kwargs={"event_id": e.pk}),
        }
        for e in Event.objects.visible_to(user)
        .filter(starts_at__gte=timezone.now())
        .only("title", "starts_at")
        .order_by("starts_at")[:SHOWN]
    ]
    return {
        "enterprises": enterprises,
        "memberships": memberships,
        "applications": applications,
        "appeals": appeals,
        "surveys": surveys,
        "events": events,
    }


def _enterprise(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    return {
        "mine": cached_for_user(user, "home:enterprise", lambda: enterprise_panel(user)),
        "portal_url": reverse("registry:portal"),
        "appeal_new_url": reverse("appeals:appeal_new") if has_capability(user, "appeals.submit") else "",
        "appeals_url": reverse("appeals:appeal_list"),
    }


def department_panel(user: Any) -> dict[str, Any]:
    today = timezone.localdate()
    departments = list(
        Organization.objects.visible_to(user)
        .filter(pk__in=own_department_ids(user))
        .values_list("name", flat=True)
    )
    appeals = [
        {
            "title": f"#{a.pk} {a.title}",
            "state": a.get_state_display(),
            "due": a.handler_due,
            "overdue": bool(a.handler_due and a.handler_due < today),
            "url": reverse("appeals:appeal_detail", kwargs={"appeal_id": a.pk}),
        }
        for a in handler_queue(user).only("title", "state", "handler_due").order_by("handler_due", "pk")[:10]
    ]
    briefing = [
        {
            "text": q.text,
            "event": q.event.title,
            "url": reverse("events:event_detail", kwargs={"event_id": q.event_id}),
        }
        for q in BriefingQuestion.objects.visible_to(user)
        .filter(answer="")
        .select_related("event")
        .order_by("created_at")[:SHOWN]
    ]
    point = [
        {
            "text": q.question,
            "where": q.point.name,
            "url": reverse("events:point_detail", args=[q.point_id]),  # the answer form is on the point page
        }
        for q in Question.objects.visible_to(user)
        .filter(answer="")
        .select_related("point")
        .order_by("created_at")[:SHOWN]
    ]
    return {"departments": departments, "appeals": appeals, "briefing": briefing, "point": point}


def _liaison(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    return {
        "dept": cached_for_user(user, "home:department", lambda: department_panel(user)),
        "appeals_url": reverse("appeals:appeal_list"),
    }


def register() -> None:
    home.register(ADMIN, home.Home("site/home_admin.html", _admin))
    home.register(LEADER, home.Home("site/home_leader.html", _leader))
    home.register(SECRETARY, home.Home("site/home_secretary.html", _secretary))
    home.register(ENTERPRISE, home.Home("site/home_enterprise.html", _enterprise))
    home.register(LIAISON, home.Home("site/home_liaison.html", _liaison, hide_sections=("诉求办理",)))
