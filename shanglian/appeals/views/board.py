"""The desk's 看板: open appeals by state, overdue first, with their SLA countdowns."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from shanglian.appeals.models import OPEN_STATES, Appeal, AppealState
from shanglian.appeals.selectors import STATE_COLOURS, board_order, countdown, is_overdue, state_counts
from shanglian.core.decorators import capability_required

PER_PAGE = 30


@capability_required("appeals.stats")
def appeal_board(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    open_qs = Appeal.objects.visible_to(request.user).filter(state__in=OPEN_STATES)
    counts, overdue = state_counts(open_qs, today)
    paginator = Paginator(
        board_order(open_qs.select_related("enterprise", "lead_unit", "category"), today), PER_PAGE
    )
    # The grouped counts already hold the total: spare the paginator its own COUNT(*).
    paginator.__dict__["count"] = sum(counts.values())
    page = paginator.get_page(request.GET.get("page"))
    rows = [
        {
            "appeal": a,
            "countdown": countdown(a, today),
            "overdue": is_overdue(a, today),
            "colour": STATE_COLOURS.get(a.state, "secondary"),
        }
        for a in page
    ]
    tiles = [
        (value, label, counts.get(value, 0), STATE_COLOURS.get(value, "secondary"))
        for value, label in AppealState.choices
        if value in OPEN_STATES
    ]
    return render(
        request,
        "appeals/board.html",
        {"tiles": tiles, "overdue": overdue, "rows": rows, "page": page, "pretitle": "助推平台 · 诉求反映"},
    )
