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
from shanglian.chambers.models import (
    CaseStatus,
    Cause,
    ChamberProfile,
    ChamberState,
    ChamberTransition,
    Rating,
    RatingLevel,
    RatingScheme,
    RatingStatus,
    RectificationCase,
    RegistrationStatus,
    RequestStatus,
    TransitionKind,
    TransitionRequest,
)
from shanglian.chambers.services import policy_for
from shanglian.core.access import federation_of
from shanglian.orgs.models import ChamberKind, Organization, OrgKind

REORGANISING_KINDS = (
    TransitionKind.FOUND,
    TransitionKind.ESTABLISH,
    TransitionKind.RECTIFY,
    TransitionKind.DISSOLVE,
)
FOUNDING_KINDS = (TransitionKind.FOUND, TransitionKind.ESTABLISH)


def federation_chambers(federation: Organization):
    return Organization.objects.unscoped().filter(kind=OrgKind.CHAMBER, path__startswith=federation.path)


def _steps(federation, start, end):
    return ChamberTransition.objects.unscoped().filter(
        chamber__path__startswith=federation.path, effective_on__gte=start, effective_on__lte=end
    )


def _distinct_chambers(qs) -> int:
    return qs.values("chamber_id").distinct().count()


# ---------------------------------------------------------------- the seed's figures


def chambers_reorganised(federation, start: date, end: date) -> int:
    """共先后整顿、清理、新建商会组织 N 家: chambers with a rectification, cleanup or founding step."""
    return _distinct_chambers(_steps(federation, start, end).filter(kind__in=REORGANISING_KINDS))


def dormant_cleaned(federation, start: date, end: date) -> int:
    """对……等 N 家“僵尸商会”进行清理: chambers dissolved as dormant."""
    return _distinct_chambers(
        _steps(federation, start, end).filter(kind=TransitionKind.DISSOLVE, cause=Cause.DORMANT)
    )


def irregular_rectified(federation, start: date, end: date) -> int:
    """对……等 N 家“不规范商会”进行整顿: chambers put under rectification as irregular."""
    return _distinct_chambers(
        _steps(federation, start, end).filter(kind=TransitionKind.RECTIFY, cause=Cause.IRREGULAR)
    )


def chambers_founded(federation, start: date, end: date, *, chamber_kind: str | None = None) -> int:
    qs = _steps(federation, start, end).filter(kind__in=FOUNDING_KINDS)
    if chamber_kind:
        qs = qs.filter(chamber__chamber_kind=chamber_kind)
    return _distinct_chambers(qs)


def hometown_founded(federation, start: date, end: date) -> int:
    """异地商会正式成立 (筹建 → 规范运行) in the period."""
    return _distinct_chambers(
        _steps(federation, start, end).filter(
            kind=TransitionKind.ESTABLISH, chamber__chamber_kind=ChamberKind.HOMETOWN
        )
    )


def registered_street_chambers(federation, as_of: date | None = None) -> int:
    """街道商会已正式注册登记 N 个 (registered, and not deregistered, as of the date)."""
    qs = ChamberProfile.objects.unscoped().filter(
        chamber__path__startswith=federation.path,
        chamber__chamber_kind=ChamberKind.STREET,
        registration_status=RegistrationStatus.REGISTERED,
    )
    if as_of is not None:
        qs = qs.filter(registered_on__lte=as_of)
    return qs.count()


def _granted(federation, start, end):
    return Rating.objects.unscoped().filter(
        chamber__path__startswith=federation.path,
        status=RatingStatus.GRANTED,
        granted_on__gte=start,
        granted_on__lte=end,
    )


def four_good_granted(
    federation, start: date, end: date, levels=(RatingLevel.PROVINCIAL, RatingLevel.MUNICIPAL)
) -> int:
    """新增省、市级“四好”商会 N 家."""
    return _distinct_chambers(
        _granted(federation, start, end).filter(scheme=RatingScheme.FOUR_GOOD, level__in=list(levels))
    )


def grade_granted(federation, start: date, end: date, grade: str = "3A") -> int:
    """民政认定“3A”级商会 N 家."""
    return _distinct_chambers(
        _granted(federation, start, end).filter(scheme=RatingScheme.CIVIL_AFFAIRS_GRADE, grade=grade)
    )


def figures(federation, start: date, end: date) -> list[dict]:
    """The campaign figures for a period, in the seed's words."""
    return [
        {
            "label": "整顿、清理、新建商会组织",
            "value": chambers_reorganised(federation, start, end),
            "unit": "家",
        },
        {"label": "清理“僵尸商会”", "value": dormant_cleaned(federation, start, end), "unit": "家"},
        {"label": "整顿“不规范商会”", "value": irregular_rectified(federation, start, end), "unit": "家"},
        {"label": "新建商会", "value": chambers_founded(federation, start, end), "unit": "家"},
        {"label": "异地商会正式成立", "value": hometown_founded(federation, start, end), "unit": "家"},
        {"label": "新增省、市级“四好”商会", "value": four_good_granted(federation, start, end), "unit": "家"},
        {"label": "民政认定“3A”级商会", "value": grade_granted(federation, start, end), "unit": "家"},
        {"label": "街道商会已注册登记", "value": registered_street_chambers(federation, end), "unit": "个"},
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
    latest = activity.last_activity([c.pk for c in live])
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
