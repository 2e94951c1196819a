"""The chambers' figures (商会改革: 规范提升 / 清理整顿 / 新建), registered in the metric registry.

Each drills to the chambers it counts (one row per chamber, however many steps it took in the period).
"""

from __future__ import annotations

from django.db.models import F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from shanglian.chambers.models import (
    Cause,
    ChamberProfile,
    ChamberState,
    ChamberTransition,
    Rating,
    RatingLevel,
    RatingScheme,
    RatingStatus,
    RegistrationStatus,
    TransitionKind,
)
from shanglian.metrics.registry import Period, Scope, metric
from shanglian.orgs.models import ChamberKind

REORGANISING_KINDS = (
    TransitionKind.FOUND,
    TransitionKind.ESTABLISH,
    TransitionKind.RECTIFY,
    TransitionKind.DISSOLVE,
)
FOUNDING_KINDS = (TransitionKind.FOUND, TransitionKind.ESTABLISH)


def _with_steps(period, scope, q):
    steps = ChamberTransition.objects.unscoped().filter(
        q, effective_on__gte=period.start, effective_on__lte=period.end
    )
    return scope.chambers().filter(pk__in=steps.values("chamber_id"))


def _with_rating(period, scope, q):
    granted = Rating.objects.unscoped().filter(
        q, status=RatingStatus.GRANTED, granted_on__gte=period.start, granted_on__lte=period.end
    )
    return scope.chambers().filter(pk__in=granted.values("chamber_id"))


@metric("chambers.reorganised", "整顿、清理、新建商会组织", "家", order=10)
def reorganised(period: Period, scope: Scope):
    """#1 共先后整顿、清理、新建商会组织 N 家."""
    return _with_steps(period, scope, Q(kind__in=REORGANISING_KINDS))


@metric("chambers.dormant_cleaned", "清理“僵尸商会”", "家", order=11)
def dormant_cleaned(period: Period, scope: Scope):
    """#16 对……等 N 家“僵尸商会”进行清理."""
    return _with_steps(period, scope, Q(kind=TransitionKind.DISSOLVE, cause=Cause.DORMANT))


@metric("chambers.irregular_rectified", "整顿“不规范商会”", "家", order=12)
def irregular_rectified(period: Period, scope: Scope):
    """#17 对……等 N 家“不规范商会”进行整顿."""
    return _with_steps(period, scope, Q(kind=TransitionKind.RECTIFY, cause=Cause.IRREGULAR))


@metric("chambers.founded", "新建商会", "家", order=13)
def founded(period: Period, scope: Scope):
    return _with_steps(period, scope, Q(kind__in=FOUNDING_KINDS))


@metric("chambers.hometown_founded", "异地商会正式成立", "家", order=14)
def hometown_founded(period: Period, scope: Scope):
    """#18 首家异地商会正式成立 (筹建 → 规范运行)."""
    return _with_steps(
        period, scope, Q(kind=TransitionKind.ESTABLISH, chamber__chamber_kind=ChamberKind.HOMETOWN)
    )


def four_good_rows(period: Period, scope: Scope, levels=(RatingLevel.PROVINCIAL, RatingLevel.MUNICIPAL)):
    return _with_rating(period, scope, Q(scheme=RatingScheme.FOUR_GOOD, level__in=list(levels)))


def grade_rows(period: Period, scope: Scope, grade: str = "3A"):
    return _with_rating(period, scope, Q(scheme=RatingScheme.CIVIL_AFFAIRS_GRADE, grade=grade))


@metric("chambers.four_good", "新增省、市级“四好”商会", "家", order=15)
def four_good(period: Period, scope: Scope):
    """#14 新增省、市级“四好”商会 N 家."""
    return four_good_rows(period, scope)


@metric("chambers.grade_3a", "民政认定“3A”级商会", "家", order=16)
def grade_3a(period: Period, scope: Scope):
    """#15 民政认定“3A”级商会 N 家."""
    return grade_rows(period, scope)


@metric("chambers.street_registered", "街道商会已注册登记", "个", order=17)
def street_registered(period: Period, scope: Scope):
    """#13 街道商会已正式注册登记 N 个 (registered on or before the period's end)."""
    return street_registered_rows(scope, period.end)


def street_registered_rows(scope: Scope, as_of=None):
    profiles = ChamberProfile.objects.unscoped().filter(registration_status=RegistrationStatus.REGISTERED)
    if as_of is not None:
        profiles = profiles.filter(registered_on__lte=as_of)
    return scope.chambers().filter(chamber_kind=ChamberKind.STREET, pk__in=profiles.values("chamber_id"))


# ---------------------------------------------------------------- the chambers as they stand (cockpit charts)


def existing_chambers(period: Period, scope: Scope):
    """The scope's chambers founded by the period's end (or with no founding date)."""
    return scope.chambers().filter(Q(founded_on__isnull=True) | Q(founded_on__lte=period.end))


def _of_kind(kind: str):
    def rows(period: Period, scope: Scope):
        """Chambers of one kind on the period's last day, cleaned-up ones left out."""
        return (
            existing_chambers(period, scope)
            .filter(chamber_kind=kind)
            .exclude(pk__in=_in_state(period, scope, ChamberState.DISSOLVED).values("pk"))
        )

    return rows


def _in_state(period: Period, scope: Scope, state: str):
    """Chambers whose lifecycle state on the period's last day is `state`: the target of their last step
    by then, or their profile's state when no step was recorded."""
    last = (
        ChamberTransition.objects.unscoped()
        .filter(chamber_id=OuterRef("pk"), effective_on__lte=period.end)
        .order_by("-effective_on", "-pk")
        .values("to_state")[:1]
    )
    return (
        existing_chambers(period, scope)
        .annotate(
            state_then=Coalesce(Subquery(last), F("chamber_profile__state"), Value(ChamberState.NORMAL))
        )
        .filter(state_then=state)
    )


def _state(state: str):
    def rows(period: Period, scope: Scope):
        return _in_state(period, scope, state)

    return rows


for _order, (_kind, _label) in enumerate(ChamberKind.choices, start=50):
    metric(f"chambers.kind_{_kind}", _label, "家", order=_order)(_of_kind(_kind))
for _order, (_state_value, _label) in enumerate(ChamberState.choices, start=55):
    metric(f"chambers.state_{_state_value}", f"{_label}商会", "家", order=_order)(_state(_state_value))
