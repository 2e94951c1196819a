"""Registry figures (#3 member growth, #4 high-tech, #9 红盟企业, #19 enterprises classified) in the
metric registry. Member figures count distinct member enterprises of the scope's chambers on a day."""

from __future__ import annotations

import datetime

from shanglian.metrics.registry import Period, Scope, metric
from shanglian.orgs.models import Organization, OrgKind
from shanglian.registry.models import Enterprise, Person, TalentPool
from shanglian.registry.selectors import member_ids_on, members_on, talent_pool

HIGH_TECH = "high_tech"
RED_ALLIANCE = "red_alliance"


def enterprises(scope: Scope, day: datetime.date):
    """The enterprises of the scope: a federation's registry, or a chamber's members on the day."""
    root = scope.root
    if root is None:
        return Enterprise.unscoped_objects.none()
    base = (
        Enterprise.unscoped_objects.all() if scope.user is None else Enterprise.objects.visible_to(scope.user)
    )
    if scope.by_chambers:
        return base.filter(pk__in=members_on(scope, day).values("pk"))
    return base.filter(federation__path__startswith=root.path)


def members_at_end(period: Period, scope: Scope):
    return members_on(scope, period.end)


def members_at_start(period: Period, scope: Scope):
    return members_on(scope, period.start)


def _members_tally(end: bool):
    def tally(period: Period, scope: Scope) -> int:
        """The member count on the memberships alone: at 1M members, probing the wide enterprise table for
        each id cost most of the cockpit's time (BENCHMARKS.md)."""
        return member_ids_on(scope, period.end if end else period.start).count()

    return tally


metric(
    "registry.member_growth",
    "商会会员增幅",
    "%",
    denominator=members_at_start,
    growth=True,
    order=20,
    tally=_members_tally(True),
    denominator_tally=_members_tally(False),
)(members_at_end)


@metric("registry.high_tech", "高新技术创新类会员企业", "家", order=21)
def high_tech(period: Period, scope: Scope):
    """#4 高新技术创新类企业近百家: member enterprises tagged 高新技术企业 at the period's end."""
    return members_on(scope, period.end).filter(tags__code=HIGH_TECH).distinct()


@metric("registry.red_alliance", "党建红盟企业", "家", order=22)
def red_alliance(period: Period, scope: Scope):
    """#9 党建红盟企业已达 N 家."""
    return enterprises(scope, period.end).filter(tags__code=RED_ALLIANCE).distinct()


@metric("registry.classified", "分类梳理企业", "家", order=23)
def classified(period: Period, scope: Scope):
    """#19 400多家企业名单: every enterprise of the registry gets a 贡献等级 (see selectors.classified_enterprises)."""
    return enterprises(scope, period.end)


def _pool(pool: str):
    def rows(period: Period, scope: Scope):
        """The people of one of the three databases (人才库) as its rules select them now; for chambers,
        those whose enterprise is a member at the period's end."""
        root = scope.root
        if root is None:
            return Person.unscoped_objects.none()
        federation = root if root.kind == OrgKind.FEDERATION else Organization.objects.get_parent(root)
        base = Person.unscoped_objects.all() if scope.user is None else Person.objects.visible_to(scope.user)
        if scope.by_chambers:
            base = base.filter(enterprise__in=members_on(scope, period.end).values("pk"))
        return talent_pool(federation, pool, queryset=base)

    return rows


metric("registry.pool_excellent", "优秀企业家库", "人", order=61)(_pool(TalentPool.EXCELLENT))
metric("registry.pool_key_industry", "重点行业企业家库", "人", order=62)(_pool(TalentPool.KEY_INDUSTRY))
metric("registry.pool_youth", "青年企业家库", "人", order=63)(_pool(TalentPool.YOUTH))
