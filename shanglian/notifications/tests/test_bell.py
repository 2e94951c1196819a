"""The bell in the top bar: the user's own unread figure. Pages pay nothing for it; the badge loads with one
bounded, indexed read of its own."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shanglian.notifications.models import Notification

pytestmark = pytest.mark.django_db
BADGE = "/notifications/badge/"


def _figure(response):
    assert response.status_code == 200
    match = re.search(r'id="notification-count"[^>]*>([^<]*)<', response.content.decode())
    return match.group(1) if match else None


def test_every_page_has_the_bell_that_loads_its_badge(world, login):
    body = login(world.secretary).get("/").content.decode()
    assert 'id="notification-bell"' in body and 'href="/notifications/"' in body
    assert f'hx-get="{BADGE}" hx-trigger="load"' in body


def test_badge_shows_own_unread_count(world, login, send):
    first, *_ = send(world.secretary, 4)
    Notification.objects.filter(pk=first.pk).update(is_read=True)
    send(world.admin, 5)  # somebody else's messages never count
    response = login(world.secretary).get(BADGE)
    assert _figure(response) == "3"
    assert response["Cache-Control"] == "no-store"
    assert 'id="notification-badge"' in response.content.decode()  # what the page's hx-select picks


def test_no_figure_when_all_read(world, login, send):
    send(world.secretary, 2)
    Notification.objects.update(is_read=True)
    response = login(world.secretary).get(BADGE)
    assert _figure(response) is None and 'id="notification-badge"' in response.content.decode()


def test_a_long_backlog_shows_99_plus(world, login, send):
    send(world.liaison, 120)
    assert _figure(login(world.liaison).get(BADGE)) == "99+"


def test_anonymous_has_no_bell_and_the_badge_asks_to_log_in(world, client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200 and 'id="notification-bell"' not in response.content.decode()
    response = client.get(BADGE)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_the_badge_costs_one_bounded_read_and_no_count(world, login, send):
    send(world.secretary, 150)
    client = login(world.secretary)
    client.get(BADGE)  # warm the session
    with CaptureQueriesContext(connection) as queries:
        assert _figure(client.get(BADGE)) == "99+"
    reads = [q["sql"] for q in queries.captured_queries if "notifications_notification" in q["sql"]]
    assert len(reads) == 1, reads
    assert "COUNT(" not in reads[0].upper() and "LIMIT 100" in reads[0].upper()
    assert len(queries.captured_queries) <= 6, [q["sql"] for q in queries.captured_queries]


def test_pages_pay_nothing_for_the_bell(world, login, send):
    send(world.secretary, 2)
    client = login(world.secretary)
    for url in ("/", "/accounts/password/", "/api/v1/accounts/me"):
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        assert not any("notifications_notification" in q["sql"] for q in queries.captured_queries), url
