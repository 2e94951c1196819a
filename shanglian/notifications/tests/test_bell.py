"""The bell in the top bar: the user's own unread figure, read with one bounded, indexed query."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shanglian.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _badge(response):
    match = re.search(r'id="notification-count">([^<]*)<', response.content.decode())
    return match.group(1) if match else None


def test_bell_shows_own_unread_count(world, login, send):
    first, *_ = send(world.secretary, 4)
    Notification.objects.filter(pk=first.pk).update(is_read=True)
    send(world.admin, 5)  # somebody else's messages never count
    client = login(world.secretary)
    response = client.get("/")
    assert _badge(response) == "3"
    assert 'id="notification-bell"' in response.content.decode()
    assert 'href="/notifications/"' in response.content.decode()


def test_no_badge_when_all_read(world, login, send):
    send(world.secretary, 2)
    Notification.objects.update(is_read=True)
    response = login(world.secretary).get("/")
    assert 'id="notification-bell"' in response.content.decode() and _badge(response) is None


def test_a_long_backlog_shows_99_plus(world, login, send):
    send(world.liaison, 120)
    assert _badge(login(world.liaison).get("/")) == "99+"


def test_anonymous_pages_have_no_bell(world, client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200 and 'id="notification-bell"' not in response.content.decode()


def test_bell_costs_one_bounded_query_and_no_count(world, login, send):
    send(world.secretary, 150)
    client = login(world.secretary)
    client.get("/accounts/password/")  # warm the session
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/accounts/password/")
    assert _badge(response) == "99+"
    bell = [q["sql"] for q in queries.captured_queries if "notifications_notification" in q["sql"]]
    assert len(bell) == 1, bell
    assert "COUNT(" not in bell[0].upper() and "LIMIT 100" in bell[0].upper()
    # The page as a whole stays within the house limit.
    assert len(queries.captured_queries) <= 10, [q["sql"] for q in queries.captured_queries]


def test_bell_is_lazy_on_pages_without_the_top_bar(world, login, send):
    send(world.secretary, 2)
    client = login(world.secretary)
    with CaptureQueriesContext(connection) as queries:
        client.get("/api/v1/accounts/me")
    assert not any("notifications_notification" in q["sql"] for q in queries.captured_queries)
