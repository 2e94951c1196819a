"""The registry's demo data produces the seed's figures and fills the three databases."""

import datetime

import pytest
from stdnum.cn import ric

from shanglian.orgs.models import Organization
from shanglian.registry import selectors
from shanglian.registry.models import (
    ApplicationStatus,
    Enterprise,
    MembershipApplication,
    Person,
    TalentPool,
)

pytestmark = pytest.mark.usefixtures("demo_db")  # the demo, loaded once per run


def test_demo_data():
    fed = Organization.objects.get(name="城阳区工商联（总商会）")
    assert selectors.tagged_count(fed, "red_alliance") == 20  # seed figure 9
    assert selectors.high_tech_count(fed) == 98  # seed figure 4: 近百家
    growth = selectors.member_growth(fed, datetime.date(2020, 1, 1), datetime.date(2020, 12, 31))
    assert 0.28 <= growth.rate <= 0.32  # seed figure 3: 30 %
    assert Enterprise.unscoped_objects.filter(federation=fed).count() >= 400  # seed figure 19
    assert not Enterprise.unscoped_objects.filter(name_pinyin="").exists()
    assert 380 <= Person.unscoped_objects.count() <= 480
    assert all(ric.is_valid(n) for n in Person.unscoped_objects.values_list("id_number", flat=True)[:50])
    for pool in TalentPool.values:
        assert selectors.talent_pool(fed, pool).count() >= 20, pool
    assert MembershipApplication.unscoped_objects.filter(status=ApplicationStatus.SUBMITTED).count() >= 3
