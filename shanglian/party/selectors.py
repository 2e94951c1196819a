"""Figures of 党建, computed from records. `federation` selectors read the whole federation (for figures)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from shanglian.governance.selectors import (
    Share,
    chamber_leaders,
    federation_chambers,
    meetings_covering_party_share,
)
from shanglian.party.models import PartyBrand, PartyMember, PartyModelSite, PartyOrganization

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


def active_chamber_ids(federation, on: date | None = None) -> set[int]:
    """Chambers of the federation active on a date.

    The chambers app (lifecycle) may provide `shanglian.chambers.selectors.active_chamber_ids`; until then
    an active chamber is an enabled one founded on or before the date (or with no founding date).
    """
    on = on or date.today()
    try:
        from shanglian.chambers.selectors import active_chamber_ids as lifecycle_active
    except ImportError:
        lifecycle_active = None
    if lifecycle_active is not None:
        return set(lifecycle_active(federation, on))
    return set(
        federation_chambers(federation)
        .filter(is_active=True)
        .filter(Q(founded_on__isnull=True) | Q(founded_on__lte=on))
        .values_list("pk", flat=True)
    )


def _orgs_on(federation, on: date):
    return PartyOrganization.objects.unscoped().filter(
        Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=on),
        chamber__path__startswith=federation.path,
        founded_on__lte=on,
    )


def party_orgs_founded(federation, start: date, end: date) -> int:
    """Party organisations founded in [start, end] at the federation's chambers (seed: 12 in 2020)."""
    return (
        PartyOrganization.objects.unscoped()
        .filter(chamber__path__startswith=federation.path, founded_on__gte=start, founded_on__lte=end)
        .count()
    )


def coverage_rate(federation, on: date | None = None) -> Share:
    """Active chambers with a party organisation on the date / active chambers (seed: 90%)."""
    on = on or date.today()
    active = active_chamber_ids(federation, on)
    covered = set(_orgs_on(federation, on).filter(chamber_id__in=active).values_list("chamber_id", flat=True))
    return Share(len(covered), len(active))


@dataclass
class ChamberCross:
    chamber_id: int
    party_org_id: int | None
    leaders: set
    cross: set  # leaders who are members of the chamber's party organisation

    @property
    def share(self) -> Share:
        return Share(len(self.cross), len(self.leaders))

    @property
    def complete(self) -> bool:
        return bool(self.leaders) and self.cross == self.leaders


def cross_appointment(chamber_ids, on: date | None = None) -> dict[int, ChamberCross]:
    """交叉任职 per chamber: its 班子成员 on the date who also belong to its party organisation."""
    on = on or date.today()
    chamber_ids = list(chamber_ids)
    leaders = chamber_leaders(chamber_ids, on)
    orgs = dict(
        PartyOrganization.objects.unscoped()
        .filter(
            Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=on),
            chamber_id__in=chamber_ids,
            founded_on__lte=on,
        )
        .values_list("chamber_id", "pk")
    )
    members: dict[int, set] = {}
    for org_id, person_id in (
        PartyMember.objects.unscoped()
        .filter(party_org_id__in=orgs.values())
        .values_list("party_org_id", "person_id")
    ):
        members.setdefault(org_id, set()).add(person_id)
    result = {}
    for cid in chamber_ids:
        ls = leaders.get(cid, set())
        org_id = orgs.get(cid)
        result[cid] = ChamberCross(cid, org_id, ls, ls & members.get(org_id, set()))
    return result


def cross_appointment_share(federation, on: date | None = None) -> Share:
    """Chambers whose every leader is in the chamber's party organisation / chambers with a party
    organisation and recorded leaders (seed: 100%, "所有商会班子成员与党组织成员交叉任职")."""
    rows = cross_appointment(active_chamber_ids(federation, on), on).values()
    eligible = [r for r in rows if r.party_org_id and r.leaders]
    return Share(sum(1 for r in eligible if r.complete), len(eligible))


def cross_appointment_people_share(federation, on: date | None = None) -> Share:
    """Leaders (of chambers with a party organisation) who are party-organisation members / such leaders."""
    rows = [r for r in cross_appointment(active_chamber_ids(federation, on), on).values() if r.party_org_id]
    return Share(sum(len(r.cross) for r in rows), sum(len(r.leaders) for r in rows))


def _showcases(model, federation, start, end, level):
    qs = model.objects.unscoped().filter(federation__path__startswith=federation.path)
    if start:
        qs = qs.filter(year__gte=start.year)
    if end:
        qs = qs.filter(year__lte=end.year)
    if level:
        qs = qs.filter(level=level)
    return qs


def model_sites(federation, start: date | None = None, end: date | None = None, level: str = "") -> int:
    """党建示范点 named in the period's years (seed: 10)."""
    return _showcases(PartyModelSite, federation, start, end, level).count()


def brands(federation, start: date | None = None, end: date | None = None, level: str = "") -> int:
    """党建品牌 named in the period's years (seed: 5)."""
    return _showcases(PartyBrand, federation, start, end, level).count()


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
