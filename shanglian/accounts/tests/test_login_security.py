import time

import pytest
from django.test import Client
from django.urls import reverse

from shanglian.audit.models import AuditAction, AuditEntry
from shanglian.core.testing.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def test_login_logout_are_audited_with_ip(world):
    client = Client(REMOTE_ADDR="10.1.2.3")
    response = client.post(reverse("accounts:login"), {"username": "sec_a", "password": TEST_PASSWORD})
    assert response.status_code == 302
    entry = AuditEntry.unscoped_objects.get(action=AuditAction.LOGIN, actor=world.secretary)
    assert entry.ip == "10.1.2.3"
    client.post(reverse("accounts:logout"))
    assert AuditEntry.unscoped_objects.filter(action=AuditAction.LOGOUT, actor=world.secretary).exists()


def test_wrong_password_gives_chinese_error_and_audit(world):
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": "sec_a", "password": "wrong"})
    assert response.status_code == 200
    assert "请输入一个正确的" in response.content.decode()
    assert AuditEntry.unscoped_objects.filter(action=AuditAction.LOGIN_FAILED, object_repr="sec_a").exists()


def test_five_failures_lock_the_account(world):
    client = Client()
    for _ in range(5):
        client.post(reverse("accounts:login"), {"username": "sec_a", "password": "wrong"})
    response = client.post(reverse("accounts:login"), {"username": "sec_a", "password": TEST_PASSWORD})
    assert response.status_code == 429
    assert "锁定" in response.content.decode()


def test_idle_session_expires(world, settings):
    settings.SESSION_IDLE_TIMEOUT = 60
    client = Client()
    client.post(reverse("accounts:login"), {"username": "sec_a", "password": TEST_PASSWORD})
    assert client.get("/").status_code == 200
    session = client.session
    session["_last_seen"] = int(time.time()) - 120
    session.save()
    response = client.get("/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get("/").status_code == 302  # really logged out


def test_tampered_csrf_token_is_a_chinese_403(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.admin, backend="shanglian.accounts.backends.UserBackend")
    response = client.post(reverse("accounts:user_create"), {"csrfmiddlewaretoken": "tampered"})
    assert response.status_code == 403
    assert "页面已过期" in response.content.decode()


def test_password_change_validates(world, login):
    client = login(world.secretary)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": TEST_PASSWORD, "new_password1": "1234567890", "new_password2": "1234567890"},
    )
    assert response.status_code == 200
    world.secretary.refresh_from_db()
    assert world.secretary.check_password(TEST_PASSWORD)


def test_a_session_that_only_logged_in_still_expires(world, settings):
    """Issue 11, defect 9: the idle clock starts at login, not at the first page after it."""
    settings.SESSION_IDLE_TIMEOUT = 60
    client = Client()
    client.post(reverse("accounts:login"), {"username": "sec_a", "password": TEST_PASSWORD})
    stamped = client.session.get("_last_seen")
    assert stamped is not None and abs(stamped - time.time()) < 5
    session = client.session
    session["_last_seen"] = stamped - 120  # nothing was requested since the login, two minutes ago
    session.save()
    response = client.get("/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_last_seen_is_written_at_most_once_a_minute(world):
    """Issue 13: the idle clock used to rewrite django_session on every request."""
    from django.contrib.sessions.models import Session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.post(reverse("accounts:login"), {"username": "sec_a", "password": TEST_PASSWORD})
    client.get("/")
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/").status_code == 200
    assert not [q for q in ctx.captured_queries if "django_session" in q["sql"] and "UPDATE" in q["sql"]]

    session = client.session
    session["_last_seen"] = int(time.time()) - 61  # a minute since the last stamp: written again
    session.save()
    assert client.get("/").status_code == 200
    stored = Session.objects.get(session_key=client.session.session_key).get_decoded()
    assert abs(stored["_last_seen"] - time.time()) < 5
