"""The totals page: a year's figures (from the metric registry) and the tables by campaign / kind /
region / chamber / industry, top donors; every figure links to its drill-down."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from shanglian.core.access import federation_of
from shanglian.core.decorators import capability_required
from shanglian.core.keyset import KeysetPage, page_size
from shanglian.guidance.selectors import totals, year_period
from shanglian.metrics.registry import Scope


def _scope(request: HttpRequest) -> Scope:
    """The user's scope with its root read once (Scope.root would look the federation up per figure)."""
    return Scope(request.user, federation_of(request.user))


@capability_required("guidance.view")
def totals_page(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    period = year_period(request.GET.get("year"), today)
    data = totals(period, _scope(request))
    return render(
        request,
        "guidance/totals.html",
        {
            "t": data,
            "year": period.start.year,
            "years": list(range(today.year, 2018, -1)),
            "tables": [
                ("按活动", data.by_campaign),
                ("按类别", data.by_kind),
                ("按受援地区", data.by_region),
                ("按商会（捐赠企业所属）", data.by_chamber),
                ("按行业", data.by_industry),
                ("捐赠前十企业", data.top_donors),
            ],
        },
    )


@capability_required("guidance.view")
def drill(request: HttpRequest) -> HttpResponse:
    """The rows behind one guidance figure for a year (ledger entries, corrections included), keyset-paged:
    a year's ledger runs to millions of entries, and OFFSET would walk them all to reach the last page."""
    from django.http import Http404

    from shanglian.metrics.registry import compute, get

    key = request.GET.get("key") or "guidance.donation_amount"
    m = get(key) if key.startswith("guidance.") else None
    if m is None:
        raise Http404("没有该指标")
    period = year_period(request.GET.get("year"), timezone.localdate())
    scope = _scope(request)
    rows = m.rows(period, scope).order_by("pk")
    related = [
        f.name
        for f in rows.model._meta.get_fields()
        if f.name in ("enterprise", "person", "campaign", "team")
    ]
    rows = rows.select_related(*related)
    page = KeysetPage(rows, request.GET, page_size(request.GET, 50))
    return render(
        request,
        "guidance/drill.html",
        {"m": m, "value": compute(m, period, scope), "page": page, "year": period.start.year},
    )
