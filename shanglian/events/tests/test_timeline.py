"""一企一档: appeals and event registrations (with the check-in) show on the enterprise's timeline, scoped."""

import pytest
from django.urls import reverse

from shanglian.appeals.factories import AppealFactory
from shanglian.events.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def test_appeals_and_events_on_the_timeline(world, login, django_assert_max_num_queries):
    AppealFactory.create(enterprise=world.enterprise, title="厂区道路维修")
    RegistrationFactory.create(enterprise=world.enterprise, event=EventFactory.create(organizer=world.fed))
    url = reverse("registry:enterprise_timeline", args=[world.enterprise.pk])
    client = login(world.admin)
    client.get(url)
    with django_assert_max_num_queries(10):
        page = client.get(url).content.decode()
    assert "诉求：厂区道路维修" in page and "参加活动" in page
    assert "他方" not in page
    assert (
        login(world.admin)
        .get(reverse("registry:enterprise_timeline", args=[world.enterprise_b.pk]))
        .status_code
        == 404
    )
