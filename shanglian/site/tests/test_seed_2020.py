"""`manage.py seed_chengyang_2020`: the seed's year as data, idempotent."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.management import call_command

from shanglian.audit.models import AuditEntry
from shanglian.metrics import registry
from shanglian.metrics.registry import Period, Scope
from shanglian.orgs.models import Organization
from shanglian.site.management.commands.seed_chengyang_2020 import FEDERATION, seed_builders

pytestmark = pytest.mark.django_db

SEED = {  # figures.md #: metric key -> the seed's value
    "chambers.reorganised": 15,  # 1
    "party.model_sites": 10,  # 2
    "registry.member_growth": Decimal("30.0"),  # 3
    "registry.high_tech": 98,  # 4 近百家
    "party.orgs_founded": 12,  # 6
    "party.coverage": Decimal("90.0"),  # 7
    "party.cross_appointment": Decimal("100.0"),  # 8
    "registry.red_alliance": 20,  # 9
    "party.brands": 5,  # 12
    "chambers.street_registered": 6,  # 13
    "chambers.four_good": 4,  # 14
    "chambers.grade_3a": 3,  # 15
    "chambers.dormant_cleaned": 5,  # 16
    "chambers.irregular_rectified": 4,  # 17
    "chambers.hometown_founded": 1,  # 18
}


def _figures():
    fed = Organization.objects.unscoped().get(name=FEDERATION)
    period = Period(date(2020, 1, 1), date(2020, 12, 31))
    return {v.metric.key: v.value for v in registry.compute_all(period, Scope.whole(fed))}


def _row_counts():
    return {
        m._meta.label: m._base_manager.count() for m in apps.get_models() if m._meta.app_label != "sessions"
    }


def test_seed_year_gives_the_seed_figures_and_a_second_run_changes_nothing():
    call_command("seed_chengyang_2020", stdout=io.StringIO())  # loads the demo first
    got = _figures()
    for key, value in SEED.items():
        assert got[key] == value, key
    assert got["registry.classified"] >= 400  # 19: 400多家
    system_rows = AuditEntry.unscoped_objects.filter(actor__isnull=True).count()
    assert system_rows > 0  # the seed's own writes, audited as 系统
    before = _row_counts()
    out = io.StringIO()
    call_command("seed_chengyang_2020", stdout=out)
    assert "2020 年度数据已就绪" in out.getvalue()
    assert _row_counts() == before
    assert _figures() == got


def test_builders_run_in_installed_apps_order():
    names = [name for name, _ in seed_builders()]
    order = [c.name for c in apps.get_app_configs()]
    assert names == sorted(names, key=order.index)
    assert {"shanglian.registry", "shanglian.chambers", "shanglian.party"} <= set(names)
