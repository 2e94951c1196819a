"""Reads of the promotion platform: visit lists, coverage against the year's targets, 包联 overdue, the
technology needs waiting for the federation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet

from shanglian.orgs.models import Organization
from shanglian.promotion.models import (
    CONTACT_INTERVAL_DAYS,
    DEFAULT_DIRECTORS_PCT,
    DEFAULT_MEMBERS_PCT,
    DIRECTOR_POSITIONS,
    CadreAssignment,
    CoverageTarget,
    NeedStatus,
    TechNeed,
    Visit,
    VisitStatus,
)
from shanglian.registry.models import Membership

RECORDED = (VisitStatus.DONE, VisitStatus.CONFIRMED)


def visits_for(user: Any) -> QuerySet[Visit]:
    return (
        Visit.objects.visible_to(user)
        .select_related("organization", "enterprise")
        .order_by("-planned_on", "-pk")
    )


@dataclass(frozen=True)
class Coverage:
    chamber: Organization
    year: int
    members: int
    members_visited: int
    directors: int
    directors_visited: int
    members_pct: int
    directors_pct: int

    @staticmethod
    def _share(part: int, whole: int) -> int:
        return part * 100 // whole if whole else 0

    @property
    def members_share(self) -> int:
        return self._share(self.members_visited, self.members)

    @property
    def directors_share(self) -> int:
        return self._share(self.directors_visited, self.directors)

    @property
    def met(self) -> bool:
        return self.members_share >= self.members_pct and self.directors_share >= self.directors_pct


def coverage(chambers: QuerySet[Organization], year: int) -> list[Coverage]:
    """Each chamber's visited share of its active members and directors in `year` (one grouped query)."""
    visited = Visit.objects.unscoped().filter(status__in=RECORDED, visited_on__year=year)
    rows = (
        Membership.objects.unscoped()
        .filter(chamber__in=chambers, left_on__isnull=True)
        .values("chamber_id")
        .annotate(
            members=Count("pk"),
            members_visited=Count("pk", filter=Q(enterprise_id__in=visited.values("enterprise_id"))),
            directors=Count("pk", filter=Q(position__in=DIRECTOR_POSITIONS)),
            directors_visited=Count(
                "pk",
                filter=Q(position__in=DIRECTOR_POSITIONS, enterprise_id__in=visited.values("enterprise_id")),
            ),
        )
    )
    by_chamber = {r["chamber_id"]: r for r in rows}
    targets = {
        t.chamber_id: t for t in CoverageTarget.objects.unscoped().filter(chamber__in=chambers, year=year)
    }
    result = []
    for chamber in chambers:
        r = by_chamber.get(chamber.pk, {})
        target = targets.get(chamber.pk)
        result.append(
            Coverage(
                chamber=chamber,
                year=year,
                members=r.get("members", 0),
                members_visited=r.get("members_visited", 0),
                directors=r.get("directors", 0),
                directors_visited=r.get("directors_visited", 0),
                members_pct=target.members_pct if target else DEFAULT_MEMBERS_PCT,
                directors_pct=target.directors_pct if target else DEFAULT_DIRECTORS_PCT,
            )
        )
    return result


def overdue_assignments(user: Any, *, today: date) -> QuerySet[CadreAssignment]:
    """The user's own 包联 enterprises with no contact for a month (an indexed read on the assignment)."""
    limit = today - timedelta(days=CONTACT_INTERVAL_DAYS)
    return (
        CadreAssignment.objects.visible_to(user)
        .filter(cadre=user)
        .filter(Q(last_contact_on__isnull=True) | Q(last_contact_on__lt=limit))
        .select_related("enterprise")
        .order_by("last_contact_on", "pk")
    )


def appeals_from(visit: Visit, user: Any) -> list[Any]:
    """The appeals raised from a visit's problems that the user may see (one query)."""
    from django.contrib.contenttypes.models import ContentType

    from shanglian.appeals.models import Appeal

    kind = ContentType.objects.get_for_model(Visit)
    return list(Appeal.objects.visible_to(user).filter(source_type=kind, source_id=visit.pk).order_by("pk"))


def needs_to_match(user: Any) -> QuerySet[TechNeed]:
    """New technology needs waiting for the federation to match them (its staff's to-do; a chamber's
    secretary posts needs but does not match them)."""
    from shanglian.core.access import can_write, federation_of

    federation = federation_of(user)
    if federation is None or not can_write(user, federation):
        return TechNeed.objects.none()
    return (
        TechNeed.objects.visible_to(user)
        .filter(status=NeedStatus.SUBMITTED, organization__path__startswith=federation.path)
        .select_related("enterprise")
        .order_by("posted_on", "pk")
    )
