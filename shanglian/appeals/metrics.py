"""诉求反映 figures in the metric registry (order 600–699). Every figure counts the appeals SUBMITTED in the
period (a cohort), so each share's rows lie within its denominator's: collected ⊇ accepted ⊇ resolved
(办结) ⊇ solved (解决). 办结 is not 解决: the seed's "协调解决150余条" counts outcome = solved only."""

from __future__ import annotations

from typing import Any

from django.db.models import Avg, Count, F, Q, QuerySet

from shanglian.appeals.models import Appeal, AppealState, Outcome, Satisfaction
from shanglian.metrics import caching
from shanglian.metrics.registry import Period, Scope, metric, scope_key

RESOLVED_STATES = (AppealState.CLOSED, AppealState.RATED, AppealState.ESCALATED)


def collected(period: Period, scope: Scope) -> QuerySet[Appeal]:
    """Appeals submitted in the period within the scope (a chamber: its members' appeals)."""
    root = scope.root
    if root is None:
        return Appeal.objects.unscoped().none()
    qs: QuerySet[Appeal] = (
        Appeal.objects.unscoped() if scope.user is None else Appeal.objects.visible_to(scope.user)
    )
    if scope.by_chambers:
        # A chamber or a chamber kind was chosen: the appeals that came through those chambers.
        qs = qs.filter(chamber__in=scope.chambers())
    else:
        qs = qs.filter(federation__path__startswith=root.path)
    return qs.filter(submitted_on__gte=period.start, submitted_on__lte=period.end)


def accepted(period: Period, scope: Scope) -> QuerySet[Appeal]:
    """…accepted by the desk, or taken on by the member's chamber itself."""
    return collected(period, scope).filter(Q(accepted_on__isnull=False) | Q(dispatched_on__isnull=False))


def dispatched(period: Period, scope: Scope) -> QuerySet[Appeal]:
    return collected(period, scope).filter(dispatched_on__isnull=False)


def signed_in_time(period: Period, scope: Scope) -> QuerySet[Appeal]:
    return dispatched(period, scope).filter(signed_on__isnull=False, signed_on__lte=F("contact_due"))


def resolved(period: Period, scope: Scope) -> QuerySet[Appeal]:
    """…办结 (closed, whatever came of it)."""
    return accepted(period, scope).filter(state__in=RESOLVED_STATES, closed_on__isnull=False)


def solved(period: Period, scope: Scope) -> QuerySet[Appeal]:
    """…办结 with the problem solved (not partly, not explained only)."""
    return resolved(period, scope).filter(outcome=Outcome.SOLVED)


def finished_in_time(period: Period, scope: Scope) -> QuerySet[Appeal]:
    """…replied by the federation's deadline (counted from the first dispatch, extensions approved)."""
    return resolved(period, scope).filter(
        Q(finish_due__isnull=True) | Q(replied_on__isnull=False, replied_on__lte=F("finish_due"))
    )


def finished_late(period: Period, scope: Scope) -> QuerySet[Appeal]:
    """…办结 but replied after the deadline (the rest of `resolved` is `finished_in_time`)."""
    return (
        resolved(period, scope)
        .filter(finish_due__isnull=False)
        .exclude(replied_on__isnull=False, replied_on__lte=F("finish_due"))
    )


def called_back(period: Period, scope: Scope) -> QuerySet[Appeal]:
    """…办结 and rated by the enterprise (回访)."""
    return resolved(period, scope).exclude(satisfaction="")


def satisfied(period: Period, scope: Scope) -> QuerySet[Appeal]:
    return called_back(period, scope).filter(
        satisfaction__in=(Satisfaction.SATISFIED, Satisfaction.BASICALLY)
    )


def reopened(period: Period, scope: Scope) -> QuerySet[Appeal]:
    return collected(period, scope).filter(reopen_count__gte=1)


def _register(key: str, label: str, unit: str, rows: Any, order: int, denominator: Any = None) -> None:
    metric(key, label, unit, order=order, denominator=denominator)(rows)


_register("appeals.collected", "收集企业诉求", "条", collected, 600)
_register("appeals.accepted", "受理诉求", "条", accepted, 601)
_register("appeals.resolved", "办结诉求", "条", resolved, 602)
_register("appeals.solved", "协调解决诉求", "条", solved, 603)
_register("appeals.solved_rate", "诉求解决率", "%", solved, 604, denominator=resolved)
_register("appeals.signed_in_time", "及时签收率", "%", signed_in_time, 605, denominator=dispatched)
_register("appeals.finished_in_time", "按时办结率", "%", finished_in_time, 606, denominator=resolved)
_register("appeals.callback_rate", "回访率", "%", called_back, 607, denominator=resolved)
_register("appeals.satisfaction", "满意率", "%", satisfied, 608, denominator=called_back)
_register("appeals.reopened", "不满意重办", "条", reopened, 609)
_register("appeals.dispatched", "派办诉求", "条", dispatched, 610)
_register("appeals.finished_late", "超期办结", "条", finished_late, 611)

# 按主办单位: each column is a registered figure's rows grouped by the lead unit, so a unit's numbers add
# up to the figure the cockpit shows and drills into.
BY_UNIT_COLUMNS: tuple[tuple[str, str, Any], ...] = (
    ("received", "appeals.dispatched", dispatched),
    ("closed", "appeals.resolved", resolved),
    ("on_time", "appeals.finished_in_time", finished_in_time),
    ("late", "appeals.finished_late", finished_late),
    ("solved", "appeals.solved", solved),
)


# The figures' filters over `collected` as conditions of one grouped query (by_unit): accepted → resolved → …
_ACCEPTED = Q(accepted_on__isnull=False) | Q(dispatched_on__isnull=False)
_RESOLVED = _ACCEPTED & Q(state__in=RESOLVED_STATES, closed_on__isnull=False)
_REPLIED_IN_TIME = Q(replied_on__isnull=False, replied_on__lte=F("finish_due"))
UNIT_CONDITIONS: dict[str, Q] = {
    "received": Q(dispatched_on__isnull=False),
    "closed": _RESOLVED,
    "on_time": _RESOLVED & (Q(finish_due__isnull=True) | _REPLIED_IN_TIME),
    "late": _RESOLVED & Q(finish_due__isnull=False) & ~_REPLIED_IN_TIME,
    "solved": _RESOLVED & Q(outcome=Outcome.SOLVED),
}


# The figure cache stores any picklable value; its signature names the figures' triple only.
_cached: Any = caching.cached


def by_unit(period: Period, scope: Scope) -> list[dict[str, Any]]:
    """Per lead unit: received, closed, on time, late, solved and the average working days to close;
    cached like a figure until an appeal is written."""

    def compute() -> list[dict[str, Any]]:
        # One grouped pass over the year's appeals with a unit: each column counts the rows of its figure
        # (UNIT_CONDITIONS mirrors the figures' filters, and a test holds them equal), where a query per
        # column read the year five times over.
        grouped = (
            collected(period, scope)
            .filter(lead_unit__isnull=False)
            .values("lead_unit_id", "lead_unit__name")
            .annotate(
                **{name: Count("pk", filter=UNIT_CONDITIONS[name]) for name, _key, _rows in BY_UNIT_COLUMNS},
                days=Avg("close_working_days", filter=_RESOLVED),
            )
            .order_by()
        )
        units = [
            {"unit_id": g["lead_unit_id"], "unit": g["lead_unit__name"], "days": g["days"]}
            | {name: g[name] for name, _key, _rows in BY_UNIT_COLUMNS}
            for g in grouped
            if any(g[name] for name, _key, _rows in BY_UNIT_COLUMNS)
        ]
        return sorted(units, key=lambda u: (-u["received"], u["unit"]))

    what = f"{period.start.isoformat()}:{period.end.isoformat()}:{scope_key(scope)}"
    result: list[dict[str, Any]] = _cached(
        "appeals.by_unit", what, frozenset({Appeal._meta.db_table}), compute
    )
    return result


def average_days(period: Period, scope: Scope) -> Any:
    """Average working days to 办结 over the scope's closed appeals (cached like a figure)."""
    what = f"{period.start.isoformat()}:{period.end.isoformat()}:{scope_key(scope)}"
    return _cached(
        "appeals.average_days",
        what,
        frozenset({Appeal._meta.db_table}),
        lambda: resolved(period, scope).aggregate(days=Avg("close_working_days"))["days"],
    )
