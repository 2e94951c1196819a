"""The metric registry (指标): every figure of the platform, computed once and drillable to its rows.

A metric is a function of (period, scope) that returns the queryset of the rows the figure counts (or,
for an amount, sums). The value is always derived from that queryset, so a figure and its drill-down
cannot disagree. A percentage is two such querysets, numerator and denominator.

Scope is the user's data scope (`visible_to(user)`) narrowed to an optional organisation: a chamber
secretary gets its own chamber's figures, whatever it asks for. Figures are cached per (metric, period,
scope) and recomputed after any write to a table they read (see caching.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Model, QuerySet, Sum

from shanglian.core.access import federation_of
from shanglian.core.scope import reads_subtree
from shanglian.metrics import caching
from shanglian.orgs.models import Organization, OrgKind

UNITS = ("家", "个", "条", "次", "处", "人", "小时", "%", "万元")

Rows = QuerySet[Any, Any]

# The seed's sections, in its order: the cockpit's cards and the report's chapters follow them.
SECTIONS = ("党建引领", "组织架构", "服务平台", "助推平台", "沟通平台", "引导平台", "工作机制", "其他")
# A metric without `section=` goes where its app's figures go in the seed, so an app registering figures
# needs to do nothing for them to show in the cockpit.
SECTION_BY_APP = {
    "party": "党建引领",
    "chambers": "组织架构",
    "governance": "组织架构",
    "registry": "组织架构",
    "service": "服务平台",
    "promotion": "助推平台",
    "appeals": "助推平台",
    "cooperation": "沟通平台",
    "events": "沟通平台",
    "guidance": "引导平台",
    "mechanisms": "工作机制",
}
# Agreed keys whose figure the seed tells in another section than its app's other figures.
SECTION_BY_KEY = {
    "registry.red_alliance": "党建引领",
    "governance.party_meetings": "党建引领",
    "cooperation.deal_amount": "服务平台",
}


@dataclass(frozen=True)
class Period:
    start: date
    end: date


@dataclass(frozen=True)
class Scope:
    """Whose figures: the user's data scope, narrowed to `org` (a federation or chamber) when given."""

    user: AbstractBaseUser | AnonymousUser | None
    org: Organization | None = None
    # One kind of chamber (ChamberKind value): the figures of those chambers only.
    chamber_kind: str = ""

    @classmethod
    def whole(cls, org: Organization) -> Scope:
        """Everything under an organisation, read deliberately across scope (services and old callers)."""
        return cls(None, org)

    @property
    def root(self) -> Organization | None:
        if self.org is not None:
            return self.org
        return federation_of(self.user) if self.user is not None else None

    @property
    def by_chambers(self) -> bool:
        """True when the figures cover some chambers rather than a federation's whole work (a chamber or a
        kind of chamber): federation-level rows (an enterprise registry, federation events) then count
        only through the chambers (`chambers()`)."""
        root = self.root
        return bool(self.chamber_kind) or (root is not None and root.kind == OrgKind.CHAMBER)

    def chambers(self) -> QuerySet[Organization]:
        """The chambers the figures cover (visible to the user, under the root)."""
        root = self.root
        qs: QuerySet[Organization]
        if root is None:
            qs = Organization.objects.unscoped().none()
            return qs
        if self.user is None or reads_subtree(self.user, root.path):
            # The user's scope covers the whole subtree: one path condition, not the scope's and the root's
            # (PostgreSQL multiplies the two LIKE estimates and plans for one chamber out of a hundred).
            qs = Organization.objects.unscoped().filter(kind=OrgKind.CHAMBER)
        else:
            qs = Organization.objects.visible_to(self.user).filter(kind=OrgKind.CHAMBER)
        if self.chamber_kind:
            qs = qs.filter(chamber_kind=self.chamber_kind)
        return qs.filter(path__startswith=root.path)


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    unit: str
    # (period, scope) -> rows counted; for a percentage the numerator's rows.
    rows: Callable[[Period, Scope], Rows]
    # Percentages: (period, scope) -> the denominator's rows.
    denominator: Callable[[Period, Scope], Rows] | None = None
    # Amounts: the field summed over the rows (元, shown in 万元).
    sum_field: str = ""
    # Growth rates: (numerator - denominator) / denominator, e.g. members at the end against the start.
    growth: bool = False
    order: int = 100
    # Models read without SQL the cache could see (the tables of every query run are found by themselves).
    models: tuple[type[Model], ...] = ()
    # One of SECTIONS; empty: from the key (SECTION_BY_KEY, else the app's SECTION_BY_APP, else 其他).
    section: str = ""
    # A cheaper count of the same rows (e.g. distinct ids on a narrow table instead of the wide one):
    # (period, scope) -> int, for the numerator and the denominator. The agreement test holds it to the rows.
    tally: Callable[[Period, Scope], int] | None = None
    denominator_tally: Callable[[Period, Scope], int] | None = None

    @property
    def is_percent(self) -> bool:
        return self.denominator is not None

    @property
    def app(self) -> str:
        return self.key.split(".", 1)[0]

    @property
    def section_name(self) -> str:
        return self.section or SECTION_BY_KEY.get(self.key) or SECTION_BY_APP.get(self.app) or "其他"


@dataclass(frozen=True)
class Value:
    metric: Metric
    value: int | Decimal | None
    numerator: int | None = None
    denominator: int | None = None


_REGISTRY: dict[str, Metric] = {}


def register(metric: Metric) -> Metric:
    if metric.unit not in UNITS:
        raise ValueError(f"unknown unit {metric.unit!r} of metric {metric.key}")
    if metric.section and metric.section not in SECTIONS:
        raise ValueError(f"unknown section {metric.section!r} of metric {metric.key}")
    if metric.is_percent != (metric.unit == "%"):
        raise ValueError(f"metric {metric.key}: a percentage needs a denominator and unit %")
    _REGISTRY[metric.key] = metric
    declared = frozenset(model._meta.db_table for model in metric.models)
    for fn in (metric.rows, metric.denominator, metric.tally, metric.denominator_tally):
        if fn is not None:
            caching.watch(module=fn.__module__, tables=declared)
    return metric


def metric(
    key: str,
    label: str,
    unit: str,
    *,
    denominator: Callable[[Period, Scope], Rows] | None = None,
    sum_field: str = "",
    growth: bool = False,
    order: int = 100,
    models: tuple[type[Model], ...] = (),
    section: str = "",
    tally: Callable[[Period, Scope], int] | None = None,
    denominator_tally: Callable[[Period, Scope], int] | None = None,
) -> Callable[[Callable[[Period, Scope], Rows]], Callable[[Period, Scope], Rows]]:
    """Decorator form of `register` for a domain app's metrics.py."""

    def wrap(fn: Callable[[Period, Scope], Rows]) -> Callable[[Period, Scope], Rows]:
        register(
            Metric(
                key,
                label,
                unit,
                fn,
                denominator=denominator,
                sum_field=sum_field,
                growth=growth,
                order=order,
                models=models,
                section=section,
                tally=tally,
                denominator_tally=denominator_tally,
            )
        )
        return fn

    return wrap


def all_metrics() -> list[Metric]:
    return sorted(_REGISTRY.values(), key=lambda m: (m.order, m.key))


def by_section(metrics: list[Metric] | None = None) -> list[tuple[str, list[Metric]]]:
    """The metrics grouped by section, in the seed's order (empty sections left out)."""
    metrics = all_metrics() if metrics is None else metrics
    return [
        (s, [m for m in metrics if m.section_name == s])
        for s in SECTIONS
        if any(m.section_name == s for m in metrics)
    ]


def get(key: str) -> Metric | None:
    return _REGISTRY.get(key)


def count(rows: Rows) -> int:
    return rows.count()


def total(rows: Rows, field: str) -> Decimal:
    value = rows.aggregate(s=Sum(field))["s"]
    return Decimal(value or 0)


def percent(part: int, whole: int, *, growth: bool = False) -> Decimal | None:
    """part / whole in %, one decimal (growth: (part - whole) / whole); None when the whole is 0."""
    if not whole:
        return None
    return (Decimal((part - whole if growth else part) * 100) / Decimal(whole)).quantize(Decimal("0.1"))


def compute_fresh(m: Metric, period: Period, scope: Scope) -> Value:
    """The figure counted from the records now (no cache)."""
    part = m.tally(period, scope) if m.tally is not None else None
    if m.denominator is not None:
        if part is None:
            part = count(m.rows(period, scope))
        if m.denominator_tally is not None:
            whole = m.denominator_tally(period, scope)
        else:
            whole = count(m.denominator(period, scope))
        return Value(m, percent(part, whole, growth=m.growth), part, whole)
    if m.sum_field:
        return Value(m, (total(m.rows(period, scope), m.sum_field) / 10000).quantize(Decimal("0.01")))
    return Value(m, part if part is not None else count(m.rows(period, scope)))


def scope_key(scope: Scope) -> str:
    user = "all" if scope.user is None else f"u{scope.user.pk}" if scope.user.is_authenticated else "anon"
    return f"{user}:{scope.org.pk if scope.org is not None else '-'}:{scope.chamber_kind}"


def _item(m: Metric, period: Period, scope: Scope) -> caching.Item:
    def fresh() -> caching.Stored:
        v = compute_fresh(m, period, scope)
        return (v.value, v.numerator, v.denominator)

    what = f"{period.start.isoformat()}:{period.end.isoformat()}:{scope_key(scope)}"
    declared = frozenset(model._meta.db_table for model in m.models)
    return (m.key, what, declared, fresh)


def compute(m: Metric, period: Period, scope: Scope) -> Value:
    """The figure, from the cache while none of the records behind it changed."""
    value, numerator, denominator = caching.cached_many([_item(m, period, scope)])[0]
    return Value(m, value, numerator, denominator)


def compute_periods(periods: list[Period], scope: Scope, keys: list[str] | None = None) -> list[list[Value]]:
    """Every metric (or those of `keys`) for each period, in one batch of cache reads (the cockpit's
    period, previous period and a year earlier): a warm cockpit is three cache reads, not one per figure."""
    metrics = all_metrics() if keys is None else [_REGISTRY[k] for k in keys]
    stored = caching.cached_many([_item(m, p, scope) for p in periods for m in metrics])
    values = [Value(m, *v) for m, v in zip(metrics * len(periods), stored, strict=True)]
    return [values[i * len(metrics) : (i + 1) * len(metrics)] for i in range(len(periods))]


def compute_all(period: Period, scope: Scope, keys: list[str] | None = None) -> list[Value]:
    return compute_periods([period], scope, keys)[0]


def ids(qs: QuerySet[Any, Any], field: str = "pk") -> QuerySet[Any, Any]:
    """A subquery of a queryset's distinct values, for `pk__in=` drill-downs over distinct objects."""
    return qs.values(field).distinct()


__all__ = [
    "Metric",
    "Period",
    "Scope",
    "Value",
    "SECTIONS",
    "all_metrics",
    "by_section",
    "compute",
    "compute_all",
    "compute_fresh",
    "compute_periods",
    "get",
    "ids",
    "metric",
    "register",
]
