"""The seed's 2020 figures (#10, #11, #32–35) from seed2020.build, twice; each agrees with its drill-down."""

from datetime import date
from decimal import Decimal

import pytest

from shanglian.guidance import seed2020
from shanglian.guidance.models import DonationCorrection, DonationEntry
from shanglian.metrics import registry
from shanglian.metrics.registry import Period, Scope

pytestmark = pytest.mark.django_db

Y2020 = Period(date(2020, 1, 1), date(2020, 12, 31))
EXPECTED = {
    "guidance.red_alliance_epidemic_amount": Decimal("1712.60"),
    "guidance.red_alliance_epidemic_donors": 20,
    "guidance.epidemic_donors": 288,
    "guidance.epidemic_amount": Decimal("2619.70"),
    "guidance.paired_amount": Decimal("193.90"),
    "guidance.facilities_exhibition": 1,
    "guidance.facilities_distribution": 1,
    "guidance.purchases_amount": Decimal("347.00"),
    "guidance.volunteer_gift_value": Decimal("20.36"),
    "guidance.volunteer_activities": 12,
}


def _metric(key):
    m = registry.get(key)
    assert m is not None
    return m


def _figures(scope):
    out = {}
    for key in EXPECTED:
        m = _metric(key)
        value = registry.compute(m, Y2020, scope).value
        rows = list(m.rows(Y2020, scope))
        if m.sum_field:
            exact = sum((getattr(r, m.sum_field) for r in rows), Decimal(0))
            assert (exact / 10000).quantize(Decimal("0.01")) == value, key
        else:
            assert len({r.pk for r in rows}) == len(rows) == value, key
        out[key] = value
    return out


def test_build_twice_gives_the_seed_figures_exactly(world):
    seed2020.build(world.fed)
    entries = DonationEntry.unscoped_objects.count()
    seed2020.build(world.fed)
    assert DonationEntry.unscoped_objects.count() == entries
    assert _figures(Scope.whole(world.fed)) == EXPECTED
    assert _figures(Scope(world.admin)) == EXPECTED
    # The exact yuan behind 1700余万 and 2619.7万, the corrected gift counted at its new value.
    red = _metric("guidance.red_alliance_epidemic_amount").rows(Y2020, Scope.whole(world.fed))
    assert sum(r.amount for r in red) == Decimal("17126000.00")
    assert DonationCorrection.unscoped_objects.count() == 1
    assert DonationEntry.unscoped_objects.filter(correction__isnull=False).get().amount == Decimal(
        "-10000.00"
    )
    # Another federation sees none of it.
    other = _figures(Scope(world.users_b["federation_admin"]))
    assert all(not v for v in other.values())
