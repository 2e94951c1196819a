"""The seed's year: 累计开展各类线上调查12次."""

from datetime import date

import pytest

from shanglian.metrics import registry
from shanglian.metrics.registry import Period, Scope
from shanglian.surveys import seed2020
from shanglian.surveys.models import Survey

pytestmark = pytest.mark.django_db


def test_twelve_surveys_in_2020_once(world):
    seed2020.build(world.fed)
    seed2020.build(world.fed)
    assert Survey.objects.unscoped().count() == 12
    metric = registry.get("promotion.online_surveys")
    assert metric is not None
    value = registry.compute(
        metric, Period(date(2020, 1, 1), date(2020, 12, 31)), Scope.whole(world.fed)
    ).value
    assert value == 12
