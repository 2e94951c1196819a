"""The demo data reproduces the seed's 组织建设 figures when computed from records."""

from datetime import date

import pytest

from shanglian.governance import selectors as gov
from shanglian.governance.models import HiringMode, PresidentRotation, StaffAppointment, Term
from shanglian.orgs.models import Organization
from shanglian.party import selectors

pytestmark = pytest.mark.usefixtures("demo_db")  # the demo, loaded once per run


def test_demo_reproduces_seed_figures():
    fed = Organization.objects.get(name="城阳区工商联（总商会）")
    start, end = date(2020, 1, 1), date(2020, 12, 31)
    assert selectors.party_orgs_founded(fed, start, end) == 12
    coverage = selectors.coverage_rate(fed, end)
    assert 85 <= coverage.percent <= 95, coverage
    assert selectors.cross_appointment_share(fed, end).percent == 100.0
    assert selectors.cross_appointment_people_share(fed, end).percent == 100.0
    assert selectors.model_sites(fed, start, end) == 10
    assert selectors.brands(fed, start, end) == 5
    assert 0.5 < gov.meetings_covering_party_share(fed, start, end).ratio < 1
    rotation = gov.rotation_status(PresidentRotation.objects.unscoped())
    assert [r.chamber.name for r in rotation] == ["城阳街道商会"]
    street_hired = StaffAppointment.unscoped_objects.filter(hiring_mode=HiringMode.STREET)
    assert street_hired.count() == 2 and {s.chamber.name for s in street_hired} == {"上马街道商会"}
    kinds = {a.kind for a in gov.term_alerts(Term.objects.unscoped(), date(2026, 11, 25))}
    assert kinds == {"due", "expired"}
