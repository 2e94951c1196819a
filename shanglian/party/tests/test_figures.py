from datetime import date

import pytest
from django.urls import reverse

from shanglian.governance.models import MemberRole, Organ, OrganMember, Term
from shanglian.party import selectors
from shanglian.party.models import PartyBrand, PartyMember, PartyModelSite, PartyOrganization, PartyOrgKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(world, people):
    council = Term.unscoped_objects.create(
        chamber=world.chamber,
        organ=Organ.COUNCIL,
        number=1,
        start_on=date(2019, 1, 1),
        end_on=date(2099, 1, 1),
    )
    OrganMember.unscoped_objects.create(term=council, person=people["a"], role=MemberRole.PRESIDENT)
    OrganMember.unscoped_objects.create(term=council, person=people["b"], role=MemberRole.VICE_PRESIDENT)
    org = PartyOrganization.unscoped_objects.create(
        chamber=world.chamber, name="党支部", kind=PartyOrgKind.BRANCH, founded_on=date(2020, 4, 1)
    )
    PartyMember.unscoped_objects.create(party_org=org, person=people["a"])
    PartyOrganization.unscoped_objects.create(
        chamber=world.chamber_b, name="他方党支部", kind=PartyOrgKind.BRANCH, founded_on=date(2020, 4, 1)
    )
    PartyModelSite.unscoped_objects.create(
        federation=world.fed, chamber=world.chamber, name="示范点", year=2020
    )
    PartyModelSite.unscoped_objects.create(federation=world.fed_b, name="他方示范点", year=2020)
    PartyBrand.unscoped_objects.create(federation=world.fed, name="品牌", year=2021)
    return org


def test_figures_from_records(world, people, records):
    y2020 = (date(2020, 1, 1), date(2020, 12, 31))
    assert selectors.party_orgs_founded(world.fed, *y2020) == 1
    assert selectors.coverage_rate(world.fed, date(2020, 12, 31)).percent == 50.0  # 1 of 2 chambers
    assert selectors.coverage_rate(world.fed, date(2020, 1, 1)).part == 0  # any date
    assert selectors.cross_appointment_share(world.fed, date(2021, 1, 1)).percent == 0.0
    PartyMember.unscoped_objects.create(party_org=records, person=people["b"])
    assert selectors.cross_appointment_share(world.fed, date(2021, 1, 1)).percent == 100.0
    assert selectors.cross_appointment_people_share(world.fed, date(2021, 1, 1)).part == 2
    assert selectors.model_sites(world.fed, *y2020) == 1
    assert selectors.brands(world.fed, *y2020) == 0 and selectors.brands(world.fed) == 1


def test_inactive_chamber_leaves_the_denominator(world, records):
    world.chamber2.is_active = False
    world.chamber2.save()
    assert selectors.coverage_rate(world.fed, date(2021, 1, 1)).percent == 100.0


def test_overview_shows_figures_to_admin_only(world, login, records):
    body = login(world.admin).get(reverse("party:overview") + "?on=2021-01-01&year=2020").content.decode()
    assert 'id="fig-coverage">50%' in body and 'id="fig-founded">1<' in body
    secretary = login(world.secretary).get(reverse("party:overview")).content.decode()
    assert "fig-coverage" not in secretary and "他方" not in secretary
    assert login(world.liaison).get(reverse("party:overview")).status_code == 403


def test_figures_api(world, login, records):
    data = (
        login(world.admin).get("/api/v1/party/figures?on=2021-01-01&start=2020-01-01&end=2020-12-31").json()
    )
    assert data["party_orgs_founded"] == 1 and data["coverage_rate"]["percent"] == 50.0
    assert data["model_sites"] == 1
    assert login(world.secretary).get("/api/v1/party/figures").status_code == 403
    orgs = login(world.secretary).get("/api/v1/party/orgs").json()
    assert [o["name"] for o in orgs] == ["党支部"]


def test_overview_export(world, login, records):
    response = login(world.leader).get(reverse("party:overview") + "?format=xlsx")
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
