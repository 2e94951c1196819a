"""The metric registry: every figure agrees with its drill-down, for every period and scope; the API."""

from decimal import Decimal

import pytest

from shanglian.metrics import registry
from shanglian.metrics.registry import Scope
from shanglian.metrics.tests.test_metrics import PERIODS, _check
from shanglian.orgs.models import Organization

pytestmark = pytest.mark.usefixtures("demo_db")  # the demo, loaded once per run


def test_demo_data_gives_the_seed_figures_and_agrees_with_drill_downs():
    fed = Organization.objects.get(name="城阳区工商联（总商会）")
    y2020 = PERIODS[0]
    scope = Scope.whole(fed)
    got = {v.metric.key: v for v in (_check(m, y2020, scope) for m in registry.all_metrics())}
    assert got["chambers.reorganised"].value == 15  # figures.md #1
    assert got["party.model_sites"].value == 10  # #2
    assert Decimal(28) <= got["registry.member_growth"].value <= Decimal(32)  # #3
    assert got["party.orgs_founded"].value == 12  # #6
    assert Decimal(85) <= got["party.coverage"].value <= Decimal(95)  # #7 (17/19 on the demo: "达90%")
    assert got["party.cross_appointment"].value == Decimal(100)  # #8
    assert got["registry.red_alliance"].value == 20  # #9
    assert got["party.brands"].value == 5  # #12
    assert got["chambers.street_registered"].value == 6  # #13
    assert got["chambers.four_good"].value == 4  # #14
    assert got["chambers.grade_3a"].value == 3  # #15
    assert got["chambers.dormant_cleaned"].value == 5  # #16
    assert got["chambers.irregular_rectified"].value == 4  # #17
    assert got["chambers.hometown_founded"].value == 1  # #18
    assert got["registry.classified"].value >= 400  # #19
    for chamber in Organization.objects.filter(path__startswith=fed.path, kind="chamber")[:3]:
        for m in registry.all_metrics():
            _check(m, y2020, Scope.whole(chamber))
