"""一企一档: the enterprise page's timeline gathers visits, projects and survey answers, scoped."""

from datetime import date

import pytest
from django.urls import reverse

from shanglian.promotion import services
from shanglian.promotion.factories import VisitFactory

pytestmark = pytest.mark.django_db


def test_timeline_shows_what_the_user_may_see(world, login, django_assert_max_num_queries):
    services.record_visit(
        actor=world.secretary,
        organization=world.chamber,
        enterprise=world.enterprise,
        visited_on=date(2026, 3, 1),
        problems="融资难",
    )
    VisitFactory.create(organization=world.chamber2, enterprise=world.enterprise, notes="他方商会走访")
    url = reverse("registry:enterprise_timeline", args=[world.enterprise.pk])
    client = login(world.secretary)
    with django_assert_max_num_queries(10):
        page = client.get(url).content.decode()
    assert "城阳街道商会走访" in page and "融资难" in page
    assert "他方" not in page  # the other chamber's visit is not the secretary's to see
    admin_page = login(world.admin).get(url).content.decode()
    assert "他方商会" in admin_page or admin_page.count("走访") >= 2
    detail = client.get(reverse("registry:enterprise_detail", args=[world.enterprise.pk])).content.decode()
    assert url in detail


def test_timeline_rights(world, client, login):
    url = reverse("registry:enterprise_timeline", args=[world.enterprise.pk])
    assert client.get(url).status_code == 302
    assert (
        login(world.admin)
        .get(reverse("registry:enterprise_timeline", args=[world.enterprise_b.pk]))
        .status_code
        == 404
    )
    assert login(world.liaison).get(url).status_code in (403, 404)
