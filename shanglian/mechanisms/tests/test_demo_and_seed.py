from datetime import date

import pytest

from shanglian.mechanisms import seed2020
from shanglian.mechanisms.models import (
    RuleDocument,
    Suggestion,
)
from shanglian.metrics.registry import Period, Scope, compute, get

pytestmark = pytest.mark.django_db
YEAR = Period(date(2020, 1, 1), date(2020, 12, 31))


def value(key, scope):
    m = get(key)
    assert m is not None
    return compute(m, YEAR, scope).value


def test_seed_year_gives_6_and_15_rules_and_42_suggestions_and_is_idempotent(world):
    seed2020.build(world.fed)
    counts = (RuleDocument.unscoped_objects.count(), Suggestion.unscoped_objects.count())
    seed2020.build(world.fed)
    assert (RuleDocument.unscoped_objects.count(), Suggestion.unscoped_objects.count()) == counts
    scope = Scope.whole(world.fed)
    assert value("mechanisms.rules_guiding", scope) == 6
    assert value("mechanisms.rules_supporting", scope) == 15
    assert value("mechanisms.suggestions", scope) == 42
    assert value("mechanisms.suggestions_adopted", scope) == 14
    assert value("mechanisms.suggestions_implemented", scope) == 7
    assert value("mechanisms.suggestions", Scope.whole(world.fed_b)) == 0
