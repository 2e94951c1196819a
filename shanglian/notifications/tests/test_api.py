"""/api/v1/notifications: the caller's own messages, by bearer token (mini-program) or browser session."""

import pytest
from django.test import Client

from shanglian.accounts.services import issue_api_token
from shanglian.notifications.models import Notification

pytestmark = pytest.mark.django_db
API = "/api/v1/notifications"


def _bearer(user):
    _, raw = issue_api_token(actor=user, name="测试")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_list_is_mine_newest_first_and_paged(world, send):
    rows = send(world.secretary, 5, title="会费提醒", body="请缴纳", link="/registry/")
    send(world.admin, title="管理员的消息")
    client = _bearer(world.secretary)
    first = client.get(f"{API}/", {"limit": 3}).json()
    assert [n["id"] for n in first["items"]] == [n.pk for n in reversed(rows)][:3]
    assert first["items"][0] | {"created_at": None} == {
        "id": rows[-1].pk,
        "title": "会费提醒",
        "body": "请缴纳",
        "link": "/registry/",
        "is_read": False,
        "created_at": None,
        "read_at": None,
    }
    second = client.get(f"{API}/", {"limit": 3, "before": first["next_before"]}).json()
    assert [n["id"] for n in second["items"]] == [rows[1].pk, rows[0].pk] and second["next_before"] is None


def test_unread_count_and_filter(world, send):
    rows = send(world.secretary, 3)
    Notification.objects.filter(pk=rows[0].pk).update(is_read=True)
    client = _bearer(world.secretary)
    assert client.get(f"{API}/unread-count").json() == {"unread": 2}
    unread = client.get(f"{API}/", {"unread": "true"}).json()["items"]
    assert [n["id"] for n in unread] == [rows[2].pk, rows[1].pk]


def test_mark_one_and_all_read(world, send):
    rows = send(world.secretary, 3)
    client = _bearer(world.secretary)
    one = client.post(f"{API}/{rows[0].pk}/read").json()
    assert one["id"] == rows[0].pk and one["is_read"] and one["read_at"]
    assert client.post(f"{API}/{rows[0].pk}/read").status_code == 200  # again: no-op
    assert client.post(f"{API}/read-all").json() == {"marked": 2}
    assert client.post(f"{API}/read-all").json() == {"marked": 0}
    assert client.get(f"{API}/unread-count").json() == {"unread": 0}


def test_another_users_notification_is_404(world, send):
    (theirs,) = send(world.admin, title="管理员的消息")
    client = _bearer(world.secretary)
    response = client.post(f"{API}/{theirs.pk}/read")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert "管理员的消息" not in client.get(f"{API}/").content.decode()
    client.post(f"{API}/read-all")
    assert not Notification.objects.get(pk=theirs.pk).is_read


def test_session_works_too(world, login, send):
    send(world.enterprise_user, 2)
    client = login(world.enterprise_user)
    assert client.get(f"{API}/unread-count").json() == {"unread": 2}
    assert client.post(f"{API}/read-all").json() == {"marked": 2}


def test_session_post_needs_csrf(world, send):
    send(world.secretary)
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.secretary, backend="shanglian.accounts.backends.UserBackend")
    assert client.post(f"{API}/read-all").status_code in (401, 403)
    assert Notification.objects.filter(is_read=False).count() == 1


@pytest.mark.parametrize(
    ("method", "path"),
    [("get", "/"), ("get", "/unread-count"), ("post", "/read-all"), ("post", "/1/read")],
)
def test_anonymous_and_bad_token_get_401(world, send, method, path):
    send(world.secretary)
    for client in (Client(), Client(HTTP_AUTHORIZATION="Bearer sl_wrong")):
        response = getattr(client, method)(API + path)
        assert response.status_code == 401 and response.json()["code"] == "unauthenticated"
    assert not Notification.objects.filter(is_read=True).exists()


@pytest.mark.parametrize(
    "query",
    [{"limit": 0}, {"limit": 101}, {"limit": "abc"}, {"before": 0}, {"before": "x"}, {"unread": "maybe"}],
)
def test_bad_input_is_422(world, query):
    response = _bearer(world.secretary).get(f"{API}/", query)
    assert response.status_code == 422 and response.json()["code"] == "invalid_input"


def test_bad_id_is_422(world):
    assert _bearer(world.secretary).post(f"{API}/abc/read").status_code == 422
