"""Read side of 法人治理: leaders, term alerts, rotation status, contract alerts, meeting figures.

Functions taking a queryset expect it already scoped by the caller (`visible_to(user)`); functions
taking a federation read across its chambers deliberately (`unscoped()`) and are for figures only.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Exists, Max, OuterRef

from shanglian.governance.models import (
    CONTRACT_REMINDER_DAYS,
    LEADERSHIP_ORGANS,
    TERM_REMINDER_DAYS,
    Meeting,
    OrganMember,
    PresidentRotation,
    StaffAppointment,
    Term,
)
from shanglian.orgs.models import Organization, OrgKind


@dataclass(frozen=True)
class Share:
    """A ratio kept with its parts, so a figure can always be explained."""

    part: int
    whole: int

    @property
    def ratio(self) -> float | None:
        return self.part / self.whole if self.whole else None

    @property
    def percent(self) -> float | None:
        return round(self.part * 100 / self.whole, 1) if self.whole else None

    def __str__(self):
        return "—" if not self.whole else f"{self.percent:g}%（{self.part}/{self.whole}）"


def federation_chambers(federation):
    """All chambers under a federation (deliberately unscoped: callers compute federation figures)."""
    return Organization.objects.unscoped().filter(path__startswith=federation.path, kind=OrgKind.CHAMBER)


# ---------------------------------------------------------------- leaders (班子成员)


def chamber_leaders(chamber_ids, on: date | None = None) -> dict[int, set[int]]:
    """chamber id -> person ids of the current members of council / president office / supervisory board."""
    on = on or date.today()
    rows = OrganMember.unscoped_objects.filter(
        term__chamber_id__in=list(chamber_ids),
        term__organ__in=LEADERSHIP_ORGANS,
        term__start_on__lte=on,
        term__end_on__gte=on,
    ).values_list("term__chamber_id", "person_id")
    leaders: dict[int, set[int]] = defaultdict(set)
    for chamber_id, person_id in rows:
        leaders[chamber_id].add(person_id)
    return dict(leaders)


def chamber_leader_ids(chamber_ids, on: date | None = None) -> set[int]:
    """Person ids of the chambers' 班子成员 on a date (default today)."""
    return set().union(*chamber_leaders(chamber_ids, on).values())


# ---------------------------------------------------------------- terms and 换届


@dataclass
class TermAlert:
    term: Term
    kind: str  # "due" (换届提醒) or "expired" (届满未换届)
    days: int  # days left (due) or days overdue (expired)

    @property
    def label(self):
        return "换届提醒" if self.kind == "due" else "届满未换届"


def _has_successor():
    return Exists(
        Term.unscoped_objects.filter(
            chamber_id=OuterRef("chamber_id"), organ=OuterRef("organ"), start_on__gt=OuterRef("start_on")
        )
    )


def term_alerts(terms, today: date | None = None) -> list[TermAlert]:
    """Terms ending within 90 days, and expired terms without a successor, of a scoped queryset."""
    today = today or date.today()
    horizon = today + timedelta(days=TERM_REMINDER_DAYS)
    candidates = (
        terms.filter(end_on__lte=horizon)
        .annotate(has_successor=_has_successor())
        .filter(has_successor=False)
        .select_related("chamber")
        .order_by("end_on")
    )
    alerts = []
    for term in candidates:
        if term.end_on >= today:
            alerts.append(TermAlert(term, "due", (term.end_on - today).days))
        else:
            alerts.append(TermAlert(term, "expired", (today - term.end_on).days))
    return alerts


def term_status(term: Term, today: date | None = None, has_successor: bool | None = None) -> tuple[str, str]:
    """(label, colour) of a term for list pages."""
    today = today or date.today()
    if term.start_on > today:
        return "未开始", "secondary"
    if term.end_on < today:
        if has_successor is False:
            return "届满未换届", "red"
        return "已届满", "secondary"
    if (term.end_on - today).days <= TERM_REMINDER_DAYS:
        return "即将换届", "yellow"
    return "在任", "green"


def with_successor_flag(terms):
    return terms.annotate(has_successor=_has_successor())


# ---------------------------------------------------------------- 会长轮值


@dataclass
class RotationStatus:
    chamber: Organization
    current: PresidentRotation | None
    next: PresidentRotation | None

    @property
    def handover_on(self):
        return self.next.start_on if self.next else None


def rotation_status(rotations, today: date | None = None) -> list[RotationStatus]:
    """Per chamber of a scoped rotation queryset: the president on duty today and the next hand-over."""
    today = today or date.today()
    by_chamber: dict[int, list[PresidentRotation]] = defaultdict(list)
    for r in rotations.select_related("chamber", "person").order_by("start_on"):
        by_chamber[r.chamber_id].append(r)
    result = []
    for slots in by_chamber.values():
        current = next((s for s in slots if s.start_on <= today <= s.end_on), None)
        upcoming = next((s for s in slots if s.start_on > today), None)
        result.append(RotationStatus(slots[0].chamber, current, upcoming))
    return sorted(result, key=lambda s: s.chamber.path)


# ---------------------------------------------------------------- 秘书处聘任


def contract_status(appointment: StaffAppointment, today: date | None = None) -> tuple[str, str]:
    today = today or date.today()
    if appointment.contract_end < today:
        return "合同已到期", "red"
    if (appointment.contract_end - today).days <= CONTRACT_REMINDER_DAYS:
        return "合同即将到期", "yellow"
    if appointment.contract_start > today:
        return "未生效", "secondary"
    return "聘任中", "green"


def contract_alerts(appointments, today: date | None = None):
    """Contracts (of a scoped queryset) ending within 60 days or already ended, not renewed.

    A contract counts as renewed when the same person/name has a later contract at the same chamber.
    """
    today = today or date.today()
    horizon = today + timedelta(days=CONTRACT_REMINDER_DAYS)
    renewed = Exists(
        StaffAppointment.unscoped_objects.filter(
            chamber_id=OuterRef("chamber_id"),
            name=OuterRef("name"),
            contract_start__gt=OuterRef("contract_start"),
        )
    )
    return list(
        appointments.filter(contract_end__lte=horizon)
        .annotate(renewed=renewed)
        .filter(renewed=False)
        .select_related("chamber")
        .order_by("contract_end")
    )


# ---------------------------------------------------------------- meetings


def meetings_covering_party_share(federation, start: date | None = None, end: date | None = None) -> Share:
    """Meetings with at least one 党建 agenda item / all meetings of the federation's chambers in a period
    (computed once, in governance/metrics.py)."""
    from shanglian.governance import metrics
    from shanglian.metrics.registry import Period, Scope

    period, scope = Period(start or date(1, 1, 1), end or date(9999, 12, 31)), Scope.whole(federation)
    return Share(metrics.party_meetings(period, scope).count(), metrics.meetings(period, scope).count())


def last_meeting_dates(chamber_ids) -> dict[int, date]:
    """chamber id -> date of its last recorded meeting (activity signal for dormant-chamber detection)."""
    rows = (
        Meeting.unscoped_objects.filter(chamber_id__in=list(chamber_ids))
        .values("chamber_id")
        .annotate(last=Max("held_on"))
    )
    return {r["chamber_id"]: r["last"] for r in rows}
