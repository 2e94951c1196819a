"""党建 figures (#2, 6, 7, 8, 9 is the registry's tag, 12) in the metric registry.

Point-in-time figures (coverage, 交叉任职) are taken on the period's last day; showcases (示范点/品牌) count
those named in the period's years.
"""

from __future__ import annotations

from django.db.models import Q

from shanglian.metrics.registry import Period, Scope, metric
from shanglian.orgs.models import OrgKind
from shanglian.party import crossing
from shanglian.party.models import PartyBrand, PartyModelSite, PartyOrganization


def active_chambers(scope: Scope, on):
    """Chambers active on a date: enabled, founded on or before it (or with no founding date)."""
    return scope.chambers().filter(is_active=True).filter(Q(founded_on__isnull=True) | Q(founded_on__lte=on))


def orgs_on(scope: Scope, on):
    return PartyOrganization.objects.unscoped().filter(
        Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=on),
        chamber__in=scope.chambers(),
        founded_on__lte=on,
    )


@metric("party.orgs_founded", "新建商会党组织", "个", order=30)
def orgs_founded(period: Period, scope: Scope):
    """#6 新建并完善商会党组织 N 家."""
    return PartyOrganization.objects.unscoped().filter(
        chamber__in=scope.chambers(), founded_on__gte=period.start, founded_on__lte=period.end
    )


def covered_chambers(period: Period, scope: Scope):
    on = period.end
    return active_chambers(scope, on).filter(pk__in=orgs_on(scope, on).values("chamber_id"))


def coverage_base(period: Period, scope: Scope):
    return active_chambers(scope, period.end)


metric("party.coverage", "商会党组织覆盖率", "%", denominator=coverage_base, order=31)(covered_chambers)


def cross_rows(scope: Scope, on):
    """交叉任职 per active chamber (the one computation: party.crossing.cross_appointment)."""
    chamber_ids = list(active_chambers(scope, on).values_list("pk", flat=True))
    return crossing.cross_appointment(chamber_ids, on).values()


def cross_eligible(period: Period, scope: Scope):
    """Chambers with a party organisation and recorded 班子成员 on the period's last day."""
    ids = [r.chamber_id for r in cross_rows(scope, period.end) if r.party_org_id and r.leaders]
    return scope.chambers().filter(pk__in=ids)


def cross_complete(period: Period, scope: Scope):
    """…of which every 班子成员 is in the chamber's party organisation."""
    ids = [r.chamber_id for r in cross_rows(scope, period.end) if r.party_org_id and r.complete]
    return scope.chambers().filter(pk__in=ids)


metric("party.cross_appointment", "班子成员与党组织交叉任职", "%", denominator=cross_eligible, order=32)(
    cross_complete
)


def _showcases(model, period: Period, scope: Scope):
    root = scope.root
    manager = model.objects
    qs = manager.unscoped() if scope.user is None else manager.visible_to(scope.user)
    if root is None:
        return qs.none()
    if root.kind == OrgKind.CHAMBER:
        qs = qs.filter(chamber=root)
    elif scope.chamber_kind:
        qs = qs.filter(chamber__in=scope.chambers())
    else:
        qs = qs.filter(federation__path__startswith=root.path)
    return qs.filter(year__gte=period.start.year, year__lte=period.end.year)


@metric("party.model_sites", "党建示范点", "个", order=33)
def model_sites(period: Period, scope: Scope):
    """#2 党建示范点 N 个 (named in the period's years)."""
    return _showcases(PartyModelSite, period, scope)


@metric("party.brands", "商会党建品牌", "个", order=34)
def brands(period: Period, scope: Scope):
    """#12 商会党建品牌 N 个."""
    return _showcases(PartyBrand, period, scope)
