"""Cooperation and events figures honour the cockpit's scope: a chamber, or a kind of chamber, counts
its chambers' rows only (not the federation's own), and each figure equals its drill-down's rows."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from shanglian.cooperation.models import Deal, Liaison
from shanglian.events.models import Event, EventKind, EventMode
from shanglian.metrics import registry
from shanglian.metrics.registry import Period, Scope
from shanglian.orgs.models import Organization

pytestmark = pytest.mark.django_db

YEAR = Period(date(2020, 1, 1), date(2020, 12, 31))


def _deal(organizer, title, amount):
    return Deal.unscoped_objects.create(
        organizer=organizer,
        title=title,
        deal_type="trade",
        party_a_name=f"{title}甲",
        party_b_name=f"{title}乙",
        amount=Decimal(amount),
        signed_amount=Decimal(amount),
        signed_on=date(2020, 5, 1),
    )


def _event(organizer, title):
    return Event.unscoped_objects.create(
        organizer=organizer,
        title=title,
        kind=EventKind.SYMPOSIUM,
        mode=EventMode.HOSTED,
        starts_at=timezone.make_aware(datetime(2020, 6, 1, 9)),
    )


@pytest.fixture
def rows(world):
    # Two chambers of different kinds: the world's A1 becomes a street chamber, A2 an industry chamber.
    Organization.objects.unscoped().filter(pk=world.chamber.pk).update(chamber_kind="street")
    Organization.objects.unscoped().filter(pk=world.chamber2.pk).update(chamber_kind="industry")
    _deal(world.fed, "工商联合作", "30000")
    _deal(world.chamber, "街道合作", "20000")
    _deal(world.chamber2, "行业合作", "10000")
    for org, name in ((world.fed, "工商联联络"), (world.chamber, "街道联络")):
        Liaison.unscoped_objects.create(
            organizer=org, organisation=name, level="city", kind="association", contacted_on=date(2020, 3, 1)
        )
    _event(world.fed, "工商联座谈会")
    _event(world.chamber, "街道座谈会")
    _event(world.chamber2, "行业座谈会")


@pytest.mark.parametrize(
    "key,whole,street,industry",
    [
        ("cooperation.deal_amount", Decimal("6.00"), Decimal("2.00"), Decimal("1.00")),
        ("cooperation.deals", 3, 1, 1),
        ("cooperation.liaisons", 2, 1, 0),
        ("events.symposia", 3, 1, 1),
        ("events.hosted_symposium", 3, 1, 1),
    ],
)
def test_chamber_kind_and_chamber_scope(world, rows, key, whole, street, industry):
    m = registry.get(key)
    assert m is not None
    for scope, expected in (
        (Scope(world.admin, world.fed), whole),
        (Scope(world.admin, world.fed, chamber_kind="street"), street),
        (Scope(world.admin, world.fed, chamber_kind="industry"), industry),
        (Scope(world.admin, world.chamber), street),
        (Scope(world.secretary), street),  # a secretary's own chamber
    ):
        value = registry.compute_fresh(m, YEAR, scope).value
        assert value == expected, (key, scope.chamber_kind, scope.org)
        drill = list(m.rows(YEAR, scope))
        if m.sum_field:
            assert sum(getattr(r, m.sum_field) for r in drill) / 10000 == value
        else:
            assert len(drill) == value
        # The federation's own rows never count for a chamber scope.
        if scope.by_chambers:
            assert all(getattr(r, "organizer_id", None) != world.fed.pk for r in drill)
