from datetime import date

import pytest

from shanglian.chambers import selectors
from shanglian.orgs.models import Organization

pytestmark = pytest.mark.usefixtures("demo_db")  # the demo, loaded once per run


def test_demo_data_gives_the_seed_figures_for_2020():
    fed = Organization.objects.get(name="城阳区工商联（总商会）")
    period = (date(2020, 1, 1), date(2020, 12, 31))
    assert selectors.chambers_reorganised(fed, *period) == 15
    assert selectors.dormant_cleaned(fed, *period) == 5
    assert selectors.irregular_rectified(fed, *period) == 4
    assert selectors.hometown_founded(fed, *period) == 1
    assert selectors.registered_street_chambers(fed, as_of=period[1]) == 6
    assert selectors.four_good_granted(fed, *period) == 4
    assert selectors.grade_granted(fed, *period, grade="3A") == 3
    for name in ("城阳区房地产商会", "城阳区小企业商会"):
        assert Organization.objects.get(name=name).chamber_profile.state == "dissolved"
