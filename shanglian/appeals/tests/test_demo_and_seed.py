"""Demo appeals in every state (some overdue), and the seed's 2020: 213 collected, 156 solved."""

from datetime import date

import pytest

from shanglian.appeals import seed2020
from shanglian.appeals.models import Appeal, AppealState
from shanglian.metrics import registry
from shanglian.metrics.registry import Period, Scope
from shanglian.notifications.models import Notification
from shanglian.orgs.models import Organization

pytestmark = pytest.mark.usefixtures("demo_db")  # the demo, loaded once per run
YEAR_2020 = Period(date(2020, 1, 1), date(2020, 12, 31))


def value(key, period, scope):
    m = registry.get(key)
    assert m is not None
    return registry.compute(m, period, scope).value


def test_demo_has_every_state_some_overdue_and_the_seed_gives_2020s_figures():
    fed = Organization.objects.get(name="城阳区工商联（总商会）")
    states = set(Appeal.unscoped_objects.values_list("state", flat=True))
    assert states == set(AppealState.values)
    assert Appeal.unscoped_objects.filter(
        state=AppealState.HANDLING, finish_due__lt=date(2026, 11, 25)
    ).exists()
    assert Appeal.unscoped_objects.filter(duplicate_of__isnull=False).exists()
    assert Notification.objects.filter(title__startswith="督办").exists()
    # Nothing of the demo falls in 2020: the year's figures are the seed's alone.
    assert value("appeals.collected", YEAR_2020, Scope.whole(fed)) == 0

    seed2020.build(fed)
    seed2020.build(fed)  # a second run changes nothing
    whole = Scope.whole(fed)
    assert value("appeals.collected", YEAR_2020, whole) == 213
    assert value("appeals.solved", YEAR_2020, whole) == 156
    assert value("appeals.resolved", YEAR_2020, whole) == 201
    assert value("appeals.satisfaction", YEAR_2020, whole) == 100
    assert Appeal.unscoped_objects.filter(submitted_on__year=2020).count() == 213
