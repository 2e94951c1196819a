"""统计: the leader's (and the desk's) figures for a year — the registry's metrics, then per handling unit."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from shanglian.appeals.metrics import average_days, by_unit
from shanglian.core.decorators import capability_required
from shanglian.metrics import registry
from shanglian.metrics.registry import Period, Scope

KEYS = [
    "appeals.collected",
    "appeals.accepted",
    "appeals.resolved",
    "appeals.solved",
    "appeals.solved_rate",
    "appeals.signed_in_time",
    "appeals.finished_in_time",
    "appeals.callback_rate",
    "appeals.satisfaction",
    "appeals.reopened",
    "appeals.dispatched",
    "appeals.finished_late",
]


@capability_required("appeals.stats")
def appeal_stats(request: HttpRequest) -> HttpResponse:
    this_year = timezone.localdate().year
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdecimal() and 2000 <= int(raw) <= this_year else this_year
    period = Period(date(year, 1, 1), date(year, 12, 31))
    scope = Scope(request.user)
    values = registry.compute_all(period, scope, KEYS)
    units = by_unit(period, scope)
    average = average_days(period, scope)
    return render(
        request,
        "appeals/stats.html",
        {
            "values": values,
            "by_unit": units,
            "average": average,
            "year": year,
            "years": list(range(this_year, 2019, -1)),
            "pretitle": "助推平台 · 诉求反映",
        },
    )
