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
    seed2020.build(fed)
    counts = (Visit.unscoped_objects.count(), ResearchProject.unscoped_objects.count())
    seed2020.build(fed)
    assert (Visit.unscoped_objects.count(), ResearchProject.unscoped_objects.count()) == counts
    scope = Scope.whole(fed)
    figure = {
        k: registry.compute(_metric(k), YEAR, scope).value
        for k in ("promotion.visited_offline", "promotion.research_projects")
    }
    visited = min(seed2020.VISITED_OFFLINE, Enterprise.unscoped_objects.filter(federation=fed).count())
    assert figure == {
        "promotion.visited_offline": visited,
        "promotion.research_projects": seed2020.PROJECTS,
    }


def _metric(key):
    found = registry.get(key)
    assert found is not None, key
    return found
