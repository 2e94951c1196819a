"""随机走访: a reproducible draw of a chamber's members, planned visits for each."""

from datetime import date

import pytest
from django.urls import reverse

from shanglian.audit.models import AuditAction, AuditEntry
from shanglian.core.errors import ServiceError
from shanglian.promotion import services
from shanglian.promotion.models import Visit, VisitDraw, VisitSelection, VisitStatus
from shanglian.registry.factories import EnterpriseFactory, MembershipFactory
from shanglian.registry.models import Position

pytestmark = pytest.mark.django_db


@pytest.fixture
def members(world):
    made = []
    for n in range(12):
        e = EnterpriseFactory.create(federation=world.fed, name=f"抽取企业{n}")
        MembershipFactory.create(
            enterprise=e, chamber=world.chamber, position=Position.DIRECTOR if n < 4 else Position.MEMBER
        )
        made.append(e)
    return made


def _form(world, **over):
    data = {
        "organization": world.chamber.pk,
        "chamber": world.chamber.pk,
        "size": 5,
        "planned_on": "2026-05-06",
        "exclude_visited": "on",
    }
    data.update(over)
    return data


def test_draw_plans_visits_and_replays_from_its_seed(world, login, members):
    client = login(world.secretary)
    response = client.post(reverse("promotion:draw_create"), _form(world, seed=12345))
    draw = VisitDraw.unscoped_objects.get()
    assert response.status_code == 302 and draw.seed == 12345 and draw.candidates == 13
    picked = sorted(Visit.unscoped_objects.filter(draw=draw).values_list("enterprise_id", flat=True))
    assert len(picked) == 5
    assert all(
        v.selection == VisitSelection.RANDOM and v.status == VisitStatus.PLANNED for v in draw.visits.all()
    )
    # Replaying the same candidates with the same seed gives the same enterprises.
    candidates = services.draw_candidates(world.chamber, directors_only=False, exclude_visited_year=2026)
    assert services.replay_draw(candidates, 5, 12345) == picked
    assert (
        AuditEntry.unscoped_objects.filter(action=AuditAction.CREATE, object_type="promotion.visit").count()
        == 5
    )
    page = client.get(reverse("promotion:draw_detail", args=[draw.pk])).content.decode()
    assert "12345" in page


def test_directors_only_and_visited_are_excluded(world, members):
    services.record_visit(
        actor=world.admin, organization=world.chamber, enterprise=members[0], visited_on=date(2026, 2, 1)
    )
    directors = services.draw_candidates(world.chamber, directors_only=True, exclude_visited_year=2026)
    assert directors == sorted(e.pk for e in members[1:4])


def test_too_many_and_wrong_roles(world, login, members):
    with pytest.raises(ServiceError, match="只有 13 家"):
        services.draw_visits(
            actor=world.admin,
            organization=world.chamber,
            chamber=world.chamber,
            size=14,
            planned_on=date(2026, 5, 1),
        )
    assert login(world.leader).post(reverse("promotion:draw_create"), _form(world)).status_code == 403
    response = login(world.secretary).post(
        reverse("promotion:draw_create"), _form(world, chamber=world.chamber2.pk)
    )
    assert response.status_code == 200  # another chamber is not offered
    assert (
        login(world.admin)
        .post(reverse("promotion:draw_create"), _form(world, chamber=world.chamber_b.pk))
        .status_code
        == 200
    )
    assert not VisitDraw.unscoped_objects.exists()


def test_anonymous_and_other_tenant(world, client, login, members):
    assert client.get(reverse("promotion:draw_create")).status_code == 302
    draw = services.draw_visits(
        actor=world.admin,
        organization=world.chamber,
        chamber=world.chamber,
        size=2,
        planned_on=date(2026, 5, 1),
    )
    assert (
        login(world.users_b["federation_admin"])
        .get(reverse("promotion:draw_detail", args=[draw.pk]))
        .status_code
        == 404
    )
