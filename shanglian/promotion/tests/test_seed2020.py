"""The seed's year: 线下实地走访企业近千家 and 签约合作产学研项目60余个 come out of the records."""

from datetime import date

import pytest

from shanglian.metrics import registry
from shanglian.metrics.registry import Period, Scope
from shanglian.orgs.models import Organization
from shanglian.promotion import seed2020
from shanglian.promotion.models import ResearchProject, Visit
from shanglian.registry.models import Enterprise

pytestmark = pytest.mark.usefixtures("demo_db")  # the demo, loaded once per run

YEAR = Period(date(2020, 1, 1), date(2020, 12, 31))


def test_build_twice_gives_the_seed_figures_once():
    fed = Organization.objects.unscoped().get(name="城阳区工商联（总商会）")
    classified = registry.compute_fresh(_metric("registry.classified"), YEAR, Scope.whole(fed)).value
    seed2020.build(fed)
    counts = (Visit.unscoped_objects.count(), ResearchProject.unscoped_objects.count())
    enterprises = Enterprise.unscoped_objects.filter(federation=fed).count()
    seed2020.build(fed)
    assert (Visit.unscoped_objects.count(), ResearchProject.unscoped_objects.count()) == counts
    scope = Scope.whole(fed)
    keys = ("promotion.visited_offline", "promotion.research_projects", "registry.classified")
    figure = {k: registry.compute(_metric(k), YEAR, scope).value for k in keys}
    # 线下实地走访企业近千家 though 分类梳理 lists 400-odd: the firms visited beyond the lists are registered
    # by the seed, on no list and in no chamber.
    assert figure == {
        "promotion.visited_offline": seed2020.VISITED_OFFLINE,
        "promotion.research_projects": seed2020.PROJECTS,
        "registry.classified": classified,
    }
    assert classified is not None and 400 <= classified < seed2020.VISITED_OFFLINE
    assert Enterprise.unscoped_objects.filter(federation=fed).count() == enterprises


def _metric(key):
    found = registry.get(key)
    assert found is not None, key
    return found
