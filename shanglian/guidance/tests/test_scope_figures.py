"""Guidance figures in the cockpit's scope: a chamber (or a kind of chamber) counts what its member
enterprises gave; the figure equals the sum of its drill-down rows; the federation counts everything."""

from datetime import date
from decimal import Decimal

import pytest

from shanglian.guidance.factories import CampaignFactory, DonationEntryFactory, DonationFactory
from shanglian.metrics.registry import Metric, Period, Scope, compute_fresh, get, total

pytestmark = pytest.mark.django_db

YEAR = Period(date(2026, 1, 1), date(2026, 12, 31))


def _metric(key: str) -> Metric:
    m = get(key)
    assert m is not None, key
    return m


@pytest.fixture
def gifts(world):
    campaign = CampaignFactory(organization=world.fed, start_on=date(2026, 1, 1))
    day = date(2026, 3, 1)
    for enterprise, cash in [(world.enterprise, "1000.00"), (world.enterprise2, "500.00")]:
        gift = DonationFactory(campaign=campaign, donated_on=day, cash_amount=Decimal(cash))
        DonationEntryFactory(donation=gift, enterprise=enterprise)
    return campaign


@pytest.mark.parametrize(
    "where,expected", [("chamber", "0.10"), ("chamber2", "0.05"), ("kind", "0.15"), ("fed", "0.15")]
)
def test_figure_follows_the_scope_and_equals_its_rows(world, gifts, where, expected):
    if where == "kind":
        scope = Scope(world.admin, world.fed, chamber_kind=world.chamber.chamber_kind)
    else:
        scope = Scope(world.admin, getattr(world, where))
    m = _metric("guidance.donation_amount")
    value = compute_fresh(m, YEAR, scope).value
    rows = m.rows(YEAR, scope)
    assert value == Decimal(expected)
    assert (total(rows, "amount") / 10000).quantize(Decimal("0.01")) == value
    donors = _metric("guidance.donors")
    assert compute_fresh(donors, YEAR, scope).value == donors.rows(YEAR, scope).count()
