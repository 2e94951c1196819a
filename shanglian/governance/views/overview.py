"""Governance overview views: the federation-wide overview and one chamber's governance page."""

from datetime import date

from django.http import Http404
from django.shortcuts import render

from shanglian.core.access import with_write_flag
from shanglian.core.decorators import capability_required
from shanglian.core.roles import has_capability
from shanglian.core.scope import get_object_for_user
from shanglian.governance import selectors
from shanglian.governance.forms import visible_chambers
from shanglian.governance.models import (
    LEADERSHIP_ORGANS,
    Meeting,
    Organ,
    PresidentRotation,
    StaffAppointment,
    Term,
)
from shanglian.governance.views.common import services_may_edit
from shanglian.orgs.models import Organization


@capability_required("governance.view")
def overview(request):
    today = date.today()
    terms = Term.objects.visible_to(request.user)
    staff = StaffAppointment.objects.visible_to(request.user)
    chambers = list(visible_chambers(request.user))
    ids = [c.pk for c in chambers]
    current = {}
    for t in terms.filter(start_on__lte=today, end_on__gte=today):
        current[(t.chamber_id, t.organ)] = t
    leaders = selectors.chamber_leaders(ids, today)
    last_meeting = selectors.last_meeting_dates(ids)
    for c in chambers:
        c.current_terms = [current.get((c.pk, organ)) for organ in Organ.values]
        c.leader_count = len(leaders.get(c.pk, ()))
        c.last_meeting = last_meeting.get(c.pk)
    ctx = {
        "chambers": chambers,
        "organs": Organ.choices,
        "term_alerts": selectors.term_alerts(terms, today),
        "contract_alerts": [
            (a, selectors.contract_status(a, today))
            for a in selectors.contract_alerts(
                with_write_flag(staff, request.user, capability="governance.edit"), today
            )
        ],
        "rotations": selectors.rotation_status(PresidentRotation.objects.visible_to(request.user), today),
    }
    return render(request, "governance/overview.html", ctx)


@capability_required("governance.view")
def chamber_detail(request, organization_id):
    chamber = get_object_for_user(Organization, request.user, organization_id)
    if not chamber.is_chamber:
        raise Http404
    today = date.today()
    terms = list(
        selectors.with_successor_flag(Term.objects.visible_to(request.user).filter(chamber=chamber))
        .prefetch_related("members__person__enterprise")
        .order_by("organ", "-start_on")
    )
    for t in terms:
        t.status = selectors.term_status(t, today, t.has_successor)
    staff = StaffAppointment.objects.visible_to(request.user).filter(chamber=chamber)
    ctx = {
        "chamber": chamber,
        "terms": terms,
        "meetings": Meeting.objects.visible_to(request.user)
        .filter(chamber=chamber)
        .prefetch_related("items")[:10],
        "rotation": selectors.rotation_status(
            PresidentRotation.objects.visible_to(request.user).filter(chamber=chamber), today
        ),
        "rotations": PresidentRotation.objects.visible_to(request.user)
        .filter(chamber=chamber)
        .select_related("person"),
        "staff": [(s, selectors.contract_status(s, today)) for s in staff],
        "leader_ids": selectors.chamber_leader_ids([chamber.pk], today),
        "leadership_organs": [o.label for o in LEADERSHIP_ORGANS],
        "can_edit": has_capability(request.user, "governance.edit")
        and services_may_edit(request.user, chamber),
    }
    return render(request, "governance/chamber_detail.html", ctx)
