"""站内消息 list: own messages only, newest first, unread emphasised, 全部/未读, keyset paging, few queries."""

import re

import pytest

from shanglian.notifications.models import Notification

pytestmark = pytest.mark.django_db
URL = "/notifications/"


def _ids(response):
    return [n.pk for n in response.context["page"].items]


def test_newest_first_unread_emphasised(world, login, send):
    old, new = send(world.secretary, 2, title="会费催缴")
    Notification.objects.filter(pk=old.pk).update(is_read=True)
    send(world.admin, title="管理员的消息")
    response = login(world.secretary).get(URL)
    assert response.status_code == 200
    assert _ids(response) == [new.pk, old.pk]
    body = response.content.decode()
    assert "管理员的消息" not in body
    rows = re.findall(r'data-unread="(\d)"', body)
    assert rows == ["1", "0"]
    assert body.count("未读</span>") == 1
    assert f'href="/notifications/{new.pk}/"' in body


def test_unread_filter(world, login, send):
    old, new = send(world.secretary, 2)
    Notification.objects.filter(pk=new.pk).update(is_read=True)
    client = login(world.secretary)
    assert _ids(client.get(URL, {"filter": "unread"})) == [old.pk]
    assert _ids(client.get(URL, {"filter": "anything-else"})) == [new.pk, old.pk]
    Notification.objects.update(is_read=True)
    assert "没有未读消息" in client.get(URL, {"filter": "unread"}).content.decode()


def test_empty_inbox(world, login):
    assert "暂无消息" in login(world.enterprise_user).get(URL).content.decode()


def test_keyset_paging_both_ways(world, login, send):
    rows = send(world.secretary, 45)
    newest_first = [n.pk for n in reversed(rows)]
    client = login(world.secretary)
    first = client.get(URL)
    page = first.context["page"]
    assert _ids(first) == newest_first[:20] and page.has_older and not page.has_newer
    assert "更早" in first.content.decode() and "较新" not in first.content.decode()
    second = client.get(URL, {"before": page.before})
    assert _ids(second) == newest_first[20:40] and second.context["page"].has_newer
    third = client.get(URL, {"before": second.context["page"].before})
    assert _ids(third) == newest_first[40:] and not third.context["page"].has_older
    back = client.get(URL, {"after": third.context["page"].after})
    assert _ids(back) == newest_first[20:40]
    # Fewer than a page newer than this: the first page.
    assert _ids(client.get(URL, {"after": back.context["page"].after})) == newest_first[:20]


def test_keyset_paging_keeps_the_filter(world, login, send):
    send(world.secretary, 25)
    client = login(world.secretary)
    first = client.get(URL, {"filter": "unread"})
    assert f"?filter=unread&amp;before={first.context['page'].before}" in first.content.decode()


@pytest.mark.parametrize(
    "params", [{"before": "abc"}, {"before": "-3"}, {"after": "0"}, {"before": "9" * 30}, {"filter": "'"}]
)
def test_bad_input_is_harmless(world, login, send, params):
    send(world.secretary, 2)
    response = login(world.secretary).get(URL, params)
    assert response.status_code == 200 and len(_ids(response)) == 2


def test_anonymous_goes_to_login(world, client):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_every_role_has_an_inbox(world, login, send):
    for user in world.users.values():
        send(user, title=f"给{user.username}的消息")
    for user in world.users.values():
        body = login(user).get(URL).content.decode()
        assert f"给{user.username}的消息" in body
        assert sum(f"给{u.username}的消息" in body for u in world.users.values()) == 1


def test_query_count_is_small_and_constant(world, login, send, django_assert_max_num_queries):
    send(world.secretary, 3)
    client = login(world.secretary)
    client.get(URL)
    with django_assert_max_num_queries(10) as few:
        client.get(URL)
    send(world.secretary, 60)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(URL, {"filter": "unread"})
    assert len(_ids(response)) == 20
    assert not any("COUNT(" in q["sql"].upper() for q in few.captured_queries)
