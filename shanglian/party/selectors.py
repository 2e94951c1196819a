"""Figures of 党建, computed from records. `federation` selectors read the whole federation (for figures)."""

from __future__ import annotations

from datetime import date

from shanglian.governance.selectors import (
    Share,
    meetings_covering_party_share,
)

__all__ = [
    "Share",
    "active_chamber_ids",
    "brands",
    "coverage_rate",
    "cross_appointment",
    "cross_appointment_share",
    "meetings_covering_party_share",
    "model_sites",
    "party_orgs_founded",
    "red_alliance_enterprises",
]


# The figures themselves are computed once, in party/metrics.py (the metric registry); these functions keep
# the federation-wide call form (`Scope.whole`, deliberately across scope) for the page and the old API.


def _whole(federation):
    from shanglian.metrics.registry import Scope

    return Scope.whole(federation)


def _period(start: date | None, end: date | None):
    from shanglian.metrics.registry import Period

    return Period(start or date(1, 1, 1), end or date(9999, 12, 31))


def active_chamber_ids(federation, on: date | None = None) -> set[int]:
    """Chambers of the federation active on a date."""
    from shanglian.party import metrics

    return set(metrics.active_chambers(_whole(federation), on or date.today()).values_list("pk", flat=True))


def party_orgs_founded(federation, start: date, end: date) -> int:
    """Party organisations founded in [start, end] at the federation's chambers (seed: 12 in 2020)."""
    from shanglian.party import metrics

    return metrics.orgs_founded(_period(start, end), _whole(federation)).count()


def coverage_rate(federation, on: date | None = None) -> Share:
    """Active chambers with a party organisation on the date / active chambers (seed: 90%)."""
    from shanglian.party import metrics

    period, scope = _period(None, on or date.today()), _whole(federation)
    return Share(
        metrics.covered_chambers(period, scope).count(), metrics.coverage_base(period, scope).count()
    )


from shanglian.party.crossing import cross_appointment  # noqa: E402  (re-exported)


def cross_appointment_share(federation, on: date | None = None) -> Share:
    """Chambers whose every leader is in the chamber's party organisation / chambers with a party
    organisation and recorded leaders (seed: 100%, "所有商会班子成员与党组织成员交叉任职")."""
    from shanglian.party import metrics

    period, scope = _period(None, on or date.today()), _whole(federation)
    return Share(metrics.cross_complete(period, scope).count(), metrics.cross_eligible(period, scope).count())


def cross_appointment_people_share(federation, on: date | None = None) -> Share:
    """Leaders (of chambers with a party organisation) who are party-organisation members / such leaders."""
    rows = [r for r in cross_appointment(active_chamber_ids(federation, on), on).values() if r.party_org_id]
    return Share(sum(len(r.cross) for r in rows), sum(len(r.leaders) for r in rows))


def model_sites(federation, start: date | None = None, end: date | None = None, level: str = "") -> int:
    """党建示范点 named in the period's years (seed: 10)."""
    from shanglian.party import metrics

    qs = metrics.model_sites(_period(start, end), _whole(federation))
    return (qs.filter(level=level) if level else qs).count()


def brands(federation, start: date | None = None, end: date | None = None, level: str = "") -> int:
    """党建品牌 named in the period's years (seed: 5)."""
    from shanglian.party import metrics

    qs = metrics.brands(_period(start, end), _whole(federation))
    return (qs.filter(level=level) if level else qs).count()


RED_ALLIANCE = "red_alliance"


def red_alliance_enterprises(queryset):
    """Enterprises (of a scoped queryset) tagged `red_alliance`, or None when the registry has no tags yet."""
    from django.apps import apps
    from django.core.exceptions import FieldError

    try:
        apps.get_model("registry", "Tag")
    except LookupError:
        return None
    for lookup in ("tags__code", "tags__slug", "tags__name"):
        try:
            return queryset.filter(**{lookup: RED_ALLIANCE}).distinct()
        except FieldError:
            continue
    return None
