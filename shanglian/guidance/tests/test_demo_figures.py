"""The seed's 2020 figures (#10, #11, #32–35) from seed2020.build, twice; each agrees with its drill-down."""

import pytest

from shanglian.guidance import seed2020
from shanglian.guidance.tests.test_seed2020 import EXPECTED, Y2020, _figures, _metric
from shanglian.metrics import registry
from shanglian.metrics.registry import Scope

pytestmark = pytest.mark.usefixtures("demo_db")  # the demo, loaded once per run


def test_demo_holds_the_seed_figures_and_every_state():

    from shanglian.guidance.models import Donation, DonationStatus
    from shanglian.orgs.models import Organization

    fed = Organization.objects.get(name="城阳区工商联（总商会）")
    seed2020.build(fed)  # what seed_chengyang_2020 does after load_demo: nothing more
    assert _figures(Scope.whole(fed)) == EXPECTED
    assert set(Donation.unscoped_objects.values_list("status", flat=True)) == set(DonationStatus.values)
    assert registry.compute(_metric("registry.red_alliance"), Y2020, Scope.whole(fed)).value == 20
