"""Mechanisms figures in the cockpit's scope: a chamber (or a kind of chamber) counts its members'
suggestions and none of the federation's own work (rules, rounds, consultations); figure = drill rows."""

from datetime import date

import pytest

from shanglian.mechanisms.factories import RuleDocumentFactory, SuggestionFactory
from shanglian.metrics.registry import Metric, Period, Scope, compute_fresh, get

pytestmark = pytest.mark.django_db

YEAR = Period(date(2026, 1, 1), date(2026, 12, 31))


def _metric(key: str) -> Metric:
    m = get(key)
    assert m is not None, key
    return m


@pytest.mark.parametrize(
    "where,suggestions,rules", [("chamber", 1, 0), ("chamber2", 1, 0), ("kind", 2, 0), ("fed", 3, 1)]
)
def test_figures_follow_the_scope(world, where, suggestions, rules):
    day = date(2026, 3, 1)
    SuggestionFactory(federation=world.fed, enterprise=world.enterprise, submitted_on=day)
    SuggestionFactory(federation=world.fed, enterprise=world.enterprise2, submitted_on=day)
    SuggestionFactory(federation=world.fed, enterprise=None, submitted_on=day)  # a person, no enterprise
    RuleDocumentFactory(federation=world.fed, effective_on=date(2025, 1, 1))
    if where == "kind":
        scope = Scope(world.admin, world.fed, chamber_kind=world.chamber.chamber_kind)
    else:
        scope = Scope(world.admin, getattr(world, where))
    for key, expected in [("mechanisms.suggestions", suggestions), ("mechanisms.rules_guiding", rules)]:
        m = _metric(key)
        assert compute_fresh(m, YEAR, scope).value == m.rows(YEAR, scope).count() == expected, key
