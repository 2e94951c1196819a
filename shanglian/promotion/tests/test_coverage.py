"""走访覆盖: each chamber's visited share of directors and members against the year's target."""

from datetime import date

import pytest
from django.urls import reverse

from shanglian.audit.models import AuditAction, AuditEntry
from shanglian.core.testing.world import MARK
from shanglian.orgs.models import Organization
from shanglian.promotion import selectors, services
from shanglian.promotion.models import CoverageTarget
from shanglian.registry.factories import EnterpriseFactory, MembershipFactory
from shanglian.registry.models import Position

pytestmark = pytest.mark.django_db


def test_coverage_counts_visited_members_and_directors(world, login):
    director = EnterpriseFactory.create(federation=world.fed, name="理事企业")
    MembershipFactory.create(enterprise=director, chamber=world.chamber, position=Position.DIRECTOR)
    services.record_visit(
        actor=world.admin, organization=world.fed, enterprise=director, visited_on=date(2026, 3, 1)
    )
    row = selectors.coverage(Organization.objects.unscoped().filter(pk=world.chamber.pk), 2026)[0]
    assert (row.members, row.members_visited, row.directors, row.directors_visited) == (2, 1, 1, 1)
    assert row.members_share == 50 and row.directors_share == 100 and row.met
    page = login(world.secretary).get(reverse("promotion:coverage") + "?year=2026").content.decode()
    assert "1/1" in page and "1/2" in page and MARK not in page


def test_target_set_by_secretary_and_audited(world, login):
    client = login(world.secretary)
    data = {"chamber": world.chamber.pk, "year": 2026, "directors_pct": 40, "members_pct": 25}
    assert client.post(reverse("promotion:target_edit"), data).status_code == 302
    target = CoverageTarget.unscoped_objects.get()
    assert (target.directors_pct, target.members_pct) == (40, 25)
    assert AuditEntry.unscoped_objects.filter(
        action=AuditAction.CREATE, object_type="promotion.coveragetarget"
    ).exists()


def test_target_bad_input_and_rights(world, client, login):
    assert client.get(reverse("promotion:coverage")).status_code == 302
    assert login(world.leader).get(reverse("promotion:target_edit")).status_code == 403
    secretary = login(world.secretary)
    bad = {"chamber": world.chamber.pk, "year": 2026, "directors_pct": 140, "members_pct": 25}
    assert secretary.post(reverse("promotion:target_edit"), bad).status_code == 200
    other = {"chamber": world.chamber_b.pk, "year": 2026, "directors_pct": 40, "members_pct": 25}
    assert secretary.post(reverse("promotion:target_edit"), other).status_code == 200
    assert not CoverageTarget.unscoped_objects.exists()
