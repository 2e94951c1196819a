"""Members counted ahead (MemberTally): kept on every membership and tag write, equal to counting the
memberships for each scope the cockpit offers, and to a rebuild from scratch."""

from datetime import date

import pytest

from shanglian.metrics.registry import Scope
from shanglian.registry import member_tally
from shanglian.registry.factories import EnterpriseFactory, MembershipFactory
from shanglian.registry.metrics import HIGH_TECH
from shanglian.registry.models import Membership, MemberTally, Tag
from shanglian.registry.selectors import member_ids_on

pytestmark = pytest.mark.django_db

DAYS = [
    date(2018, 1, 1),
    date(2019, 6, 30),
    date(2020, 1, 1),
    date(2020, 6, 1),
    date(2020, 12, 31),
    date(2030, 1, 1),
]


def _scopes(world):
    kind = world.chamber.chamber_kind
    return [
        Scope.whole(world.fed),
        Scope.whole(world.chamber),
        Scope.whole(world.chamber2),
        Scope(None, world.fed, kind),
    ]


def _check(world):
    for scope in _scopes(world):
        chamber_ids = list(scope.chambers().values_list("pk", flat=True))
        for day in DAYS:
            for tag in ("", HIGH_TECH):
                counted = member_ids_on(scope, day)
                if tag:
                    counted = counted.filter(enterprise__tags__code=tag)
                ahead = member_tally.count_on(chamber_ids, scope.root, scope.chamber_kind, day, tag)
                assert ahead == counted.count(), (scope, day, tag)


def _rows():
    return sorted(
        MemberTally.objects.filter(delta__gt=0).values_list("org_id", "chamber_kind", "tag", "day", "delta")
    ) + sorted(
        MemberTally.objects.filter(delta__lt=0).values_list("org_id", "chamber_kind", "tag", "day", "delta")
    )


def test_kept_on_every_write_and_equal_to_a_rebuild(world):
    tag, _ = Tag.objects.get_or_create(code=HIGH_TECH, defaults={"name": "高新技术企业"})
    e = EnterpriseFactory(federation=world.fed)
    # Overlapping spells in two chambers: one member of the federation, two chamber memberships.
    a = MembershipFactory(enterprise=e, chamber=world.chamber, joined_on=date(2019, 1, 1))
    b = MembershipFactory(
        enterprise=e, chamber=world.chamber2, joined_on=date(2019, 6, 1), left_on=date(2020, 6, 1)
    )
    _check(world)
    e.tags.add(tag)
    _check(world)
    a.left_on = date(2020, 3, 1)  # leaves: the federation keeps it until b ends
    a.save()
    _check(world)
    b.delete()
    _check(world)
    MembershipFactory(enterprise=e, chamber=world.chamber, joined_on=date(2020, 5, 1))  # rejoins
    tag.enterprises.remove(e)
    _check(world)
    e.tags.add(tag)
    MembershipFactory(enterprise=e, chamber=world.chamber2, joined_on=date(2020, 1, 1))
    kept = _rows()
    assert member_tally.rebuild() > 0
    assert _rows() == kept
    e.delete()  # cascades to its memberships: each pre_delete starts from the previous one's removal
    _check(world)
    assert not Membership.unscoped_objects.filter(enterprise_id=e.pk).exists()


def test_a_scope_that_is_no_group_is_counted_on_the_memberships(world):
    both = [world.chamber.pk, world.chamber2.pk]
    assert member_tally.count_on(both, world.chamber, "", date(2020, 1, 1)) is None
    assert member_tally.count_on([], world.fed, "", date(2020, 1, 1)) == 0


def test_a_chamber_given_another_kind_moves_its_members(world):
    from shanglian.orgs.models import ChamberKind

    MembershipFactory(
        enterprise=EnterpriseFactory(federation=world.fed), chamber=world.chamber, joined_on=date(2019, 1, 1)
    )
    _check(world)
    old = world.chamber.chamber_kind
    world.chamber.chamber_kind = next(k for k in ChamberKind.values if k != old)
    world.chamber.save()
    _check(world)
    for kind in ChamberKind.values:  # every kind's figure, the old one's included
        scope = Scope(None, world.fed, kind)
        ids = list(scope.chambers().values_list("pk", flat=True))
        ahead = member_tally.count_on(ids, world.fed, kind, date(2020, 1, 1))
        assert ahead == member_ids_on(scope, date(2020, 1, 1)).count(), kind
