"""Registry figures (#3 member growth, #4 high-tech, #9 红盟企业, #19 enterprises classified) in the
metric registry. Member figures count distinct member enterprises of the scope's chambers on a day."""

from __future__ import annotations

import datetime

from shanglian.core.scope import reads_subtree
from shanglian.metrics.registry import Period, Scope, metric
from shanglian.orgs.models import Organization, OrgKind
from shanglian.registry import enterprise_tally, member_tally
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
    # The federations as a list of ids, read first: as a join or subquery PostgreSQL estimates the path
    # LIKE at one row and loops over the tagged enterprises once per federation (24 s at a million, 101 orgs).
    federations = list(
        Organization.objects.unscoped()
        .filter(kind=OrgKind.FEDERATION, path__startswith=root.path)
        .values_list("pk", flat=True)
    )
    return base.filter(federation_id__in=federations)


def members_at_end(period: Period, scope: Scope):
    return members_on(scope, period.end)


def members_at_start(period: Period, scope: Scope):
    return members_on(scope, period.start)


def _counted_ahead(scope: Scope, day: datetime.date, tag: str = "") -> int:
    """Distinct member enterprises of the scope's chambers on the day: from the counts kept on write
    (MemberTally) when the chambers are one chamber or all of a federation's (of a kind) — the cockpit's
    scopes — else counted on the memberships (the narrow table, not the enterprises)."""
    chamber_ids = list(scope.chambers().values_list("pk", flat=True))
    ahead = member_tally.count_on(chamber_ids, scope.root, scope.chamber_kind, day, tag)
    if ahead is not None:
        return ahead
    ids = member_ids_on(scope, day)
    if tag:
        ids = ids.filter(enterprise__tags__code=tag)
    return ids.count()


def _members_tally(end: bool):
    def tally(period: Period, scope: Scope) -> int:
        return _counted_ahead(scope, period.end if end else period.start)

    return tally


def _high_tech_tally(period: Period, scope: Scope) -> int:
    return _counted_ahead(scope, period.end, HIGH_TECH)


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


@metric("registry.high_tech", "高新技术创新类会员企业", "家", order=21, tally=_high_tech_tally)
def high_tech(period: Period, scope: Scope):
    """#4 高新技术创新类企业近百家: member enterprises tagged 高新技术企业 at the period's end."""
    return members_on(scope, period.end).filter(tags__code=HIGH_TECH).distinct()


def _registry_counted(scope: Scope, tag: str = "") -> int | None:
    """A federation's registry (all, or those tagged) from EnterpriseTally, when the figure covers whole
    federations the user reads in full; None otherwise (a chamber's members, a narrower user scope)."""
    root = scope.root
    if root is None or scope.by_chambers:
        return None
    if scope.user is not None and not reads_subtree(scope.user, root.path):
        return None
    federations = Organization.objects.unscoped().filter(kind=OrgKind.FEDERATION, path__startswith=root.path)
    return enterprise_tally.count_in(federations.values_list("pk", flat=True), tag)


def _red_alliance_tally(period: Period, scope: Scope) -> int:
    """Counted ahead for a federation; else the rows counted by id (`.distinct().count()` of the rows
    compares whole enterprise rows: 20 s at a million enterprises, BENCHMARKS.md)."""
    ahead = _registry_counted(scope, RED_ALLIANCE)
    if ahead is not None:
        return ahead
    return red_alliance(period, scope).values("pk").distinct().count()


@metric("registry.red_alliance", "党建红盟企业", "家", order=22, tally=_red_alliance_tally)
def red_alliance(period: Period, scope: Scope):
    """#9 党建红盟企业已达 N 家."""
    return enterprises(scope, period.end).filter(tags__code=RED_ALLIANCE).distinct()


@metric("registry.classified", "分类梳理企业", "家", order=23)
def classified(period: Period, scope: Scope):
    """#19 按照企业贡献、重点行业、年龄层次分类梳理400多家企业名单: the distinct enterprises of the people on
    the three databases' lists (人才库), as their rules select them now — not every enterprise of the
    registry, which also holds firms only visited or served (走访近千家 are more than the 400 listed).
    No count is kept ahead: the lists' rules read today's reference year, so a stored count would drift."""
    people = None
    for pool in TalentPool.values:
        rows = _pool(pool)(period, scope)
        people = rows if people is None else people | rows
    listed = people.filter(enterprise__isnull=False).values("enterprise_id")
    return enterprises(scope, period.end).filter(pk__in=listed)


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
