"""Reads of the chambers app: the seed's figures for any period, campaign lists and dormant candidates.

Figure selectors take a federation and count over its whole subtree (deliberately `unscoped()`: they are
federation-wide numbers, shown only to that federation's staff).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch
from django.utils import timezone

from shanglian.chambers import activity
from shanglian.chambers import metrics as chamber_metrics
from shanglian.chambers.models import (
    CaseStatus,
    ChamberProfile,
    ChamberState,
    Rating,
    RatingLevel,
    RatingStatus,
    RectificationCase,
    RequestStatus,
    TransitionKind,
    TransitionRequest,
)
from shanglian.chambers.services import policy_for
from shanglian.core.access import federation_of
from shanglian.metrics.registry import Period, Scope, compute_all
from shanglian.orgs.models import Organization, OrgKind

REORGANISING_KINDS = (
    TransitionKind.FOUND,
    TransitionKind.ESTABLISH,
    TransitionKind.RECTIFY,
    TransitionKind.DISSOLVE,
)
FOUNDING_KINDS = (TransitionKind.FOUND, TransitionKind.ESTABLISH)


def federation_chambers(federation: Organization):
    return Organization.objects.unscoped().filter(kind=OrgKind.CHAMBER, path__startswith=federation.path)


# ---------------------------------------------------------------- the seed's figures
# Computed once, in the metric registry (chambers/metrics.py); these keep the federation-wide call form.


def _n(rows) -> int:
    return rows.count()


def _p(start: date, end: date) -> Period:
    return Period(start, end)


def chambers_reorganised(federation, start: date, end: date) -> int:
    return _n(chamber_metrics.reorganised(_p(start, end), Scope.whole(federation)))


def dormant_cleaned(federation, start: date, end: date) -> int:
    return _n(chamber_metrics.dormant_cleaned(_p(start, end), Scope.whole(federation)))


def irregular_rectified(federation, start: date, end: date) -> int:
    return _n(chamber_metrics.irregular_rectified(_p(start, end), Scope.whole(federation)))


def hometown_founded(federation, start: date, end: date) -> int:
    return _n(chamber_metrics.hometown_founded(_p(start, end), Scope.whole(federation)))


def registered_street_chambers(federation, as_of: date | None = None) -> int:
    return _n(chamber_metrics.street_registered_rows(Scope.whole(federation), as_of))


def four_good_granted(
    federation, start: date, end: date, levels=(RatingLevel.PROVINCIAL, RatingLevel.MUNICIPAL)
) -> int:
    return _n(chamber_metrics.four_good_rows(_p(start, end), Scope.whole(federation), levels))


def grade_granted(federation, start: date, end: date, grade: str = "3A") -> int:
    return _n(chamber_metrics.grade_rows(_p(start, end), Scope.whole(federation), grade))


CAMPAIGN_METRICS = (
    "chambers.reorganised",
    "chambers.dormant_cleaned",
    "chambers.irregular_rectified",
    "chambers.founded",
    "chambers.hometown_founded",
    "chambers.four_good",
    "chambers.grade_3a",
    "chambers.street_registered",
)


def figures(user, start: date, end: date) -> list[dict]:
    """The campaign figures for a period, in the seed's words, from the metric registry."""
    return [
        {"key": v.metric.key, "label": v.metric.label, "value": v.value, "unit": v.metric.unit}
        for v in compute_all(Period(start, end), Scope(user), list(CAMPAIGN_METRICS))
    ]


# ---------------------------------------------------------------- dormant chambers (僵尸商会)


@dataclass
class DormantCandidate:
    chamber: Organization
    state: str
    last_activity: date | None
    months: int | None


def months_between(earlier: date, later: date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month - (later.day < earlier.day)


def dormant_candidates(chambers, *, months: int, today: date | None = None) -> list[DormantCandidate]:
    """Chambers (live ones) with no activity from any registered source for `months` months."""
    today = today or timezone.localdate()
    chambers = list(chambers)
    states = dict(
        ChamberProfile.objects.unscoped()
        .filter(chamber__in=[c.pk for c in chambers])
        .values_list("chamber_id", "state")
    )
    live = [
        c
        for c in chambers
        if states.get(c.pk, ChamberState.NORMAL) in (ChamberState.NORMAL, ChamberState.RECTIFYING)
    ]
    latest = activity.stamped_activity(live, recent=lambda last: months_between(last, today) < months)
    out = []
    for c in live:
        last = latest.get(c.pk)
        gap = months_between(last, today) if last else None
        if last is None or gap >= months:
            out.append(DormantCandidate(c, states.get(c.pk, ChamberState.NORMAL), last, gap))
    out.sort(key=lambda d: (d.last_activity or date.min, d.chamber.path))
    return out


def dormant_for_user(user, today: date | None = None) -> list[DormantCandidate]:
    federation = federation_of(user)
    if federation is None:
        return []
    chambers = Organization.objects.visible_to(user).filter(
        kind=OrgKind.CHAMBER, path__startswith=federation.path
    )
    return dormant_candidates(chambers, months=policy_for(federation).dormant_months, today=today)


# ---------------------------------------------------------------- lists for pages


def chamber_rows(user):
    """Chambers the user may see, with profile, latest ratings and open cases prefetched."""
    granted = Rating.objects.unscoped().filter(status=RatingStatus.GRANTED).order_by("-granted_on")
    return (
        Organization.objects.visible_to(user)
        .filter(kind=OrgKind.CHAMBER)
        .select_related("chamber_profile")
        .prefetch_related(Prefetch("ratings", queryset=granted, to_attr="granted_ratings"))
        .order_by("path")
    )


def current_ratings(chamber, today: date | None = None):
    """Granted ratings still valid today (one per scheme/level/grade), from prefetched `granted_ratings`."""
    today = today or timezone.localdate()
    seen, out = set(), []
    for r in getattr(chamber, "granted_ratings", None) or []:
        if r.valid_until and r.valid_until < today:
            continue
        key = (r.scheme, r.level, r.grade)
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out


def pending_requests(user):
    return (
        TransitionRequest.objects.visible_to(user)
        .filter(status=RequestStatus.PENDING)
        .select_related("chamber", "requested_by")
        .order_by("requested_at")
    )


def open_cases(user):
    return (
        RectificationCase.objects.visible_to(user)
        .filter(status=CaseStatus.OPEN)
        .select_related("chamber")
        .order_by("deadline")
    )


def pending_ratings(user):
    return (
        Rating.objects.visible_to(user)
        .filter(status=RatingStatus.APPLIED)
        .select_related("chamber")
        .order_by("applied_on")
    )
