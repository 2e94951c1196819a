"""The 2020 seed gives figures #24 and #31, and a second run changes nothing."""

from datetime import date

import pytest

from shanglian.events import seed2020
from shanglian.events.models import Event
from shanglian.metrics import registry
from shanglian.metrics.registry import Period, Scope

pytestmark = pytest.mark.django_db
Y2020 = Period(date(2020, 1, 1), date(2020, 12, 31))


def test_seed_figures_and_idempotent(world):
    seed2020.build(world.fed)
    count = Event.unscoped_objects.count()
    seed2020.build(world.fed)
    assert Event.unscoped_objects.count() == count == 44
    for key, value in [("events.forums_attended", 22), ("events.symposia", 22)]:
        m = registry.get(key)
        assert m is not None
        assert registry.compute(m, Y2020, Scope.whole(world.fed)).value == value
        assert registry.compute(m, Y2020, Scope(world.admin)).value == value
        assert registry.compute(m, Y2020, Scope(world.secretary)).value == 0  # the federation's, not A1's
        assert registry.compute(m, Y2020, Scope(world.liaison)).value == 0
