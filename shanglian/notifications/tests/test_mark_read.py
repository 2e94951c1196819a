"""Opening a message marks it read and follows its local link; 全部标为已读; nobody touches another's inbox."""

import pytest
from django.http import Http404

from shanglian.audit.models import AuditEntry
from shanglian.core.access import SYSTEM, AccessDenied
from shanglian.notifications.models import Notification
from shanglian.notifications.services import mark_all_read, mark_read

pytestmark = pytest.mark.django_db


def test_open_marks_read_and_goes_to_the_link(world, login, send):
    (n,) = send(world.secretary, title="商会年检", link=f"/orgs/{world.chamber.pk}/")
    client = login(world.secretary)
    response = client.get(f"/notifications/{n.pk}/")
    assert response.status_code == 302 and response["Location"] == f"/orgs/{world.chamber.pk}/"
    n.refresh_from_db()
    assert n.is_read and n.read_at is not None
    # Opening it again keeps the first reading time.
    first_read = n.read_at
    client.get(f"/notifications/{n.pk}/")
    n.refresh_from_db()
    assert n.read_at == first_read


def test_a_link_to_another_tenants_object_is_that_pages_404(world, login, send):
    (n,) = send(world.secretary, link=f"/orgs/{world.chamber_b.pk}/")
    client = login(world.secretary)
    response = client.get(f"/notifications/{n.pk}/", follow=True)
    assert response.status_code == 404 and "即墨" not in response.content.decode()


def test_a_message_without_link_shows_its_text_on_the_list(world, login, send):
    (n,) = send(world.secretary, title="系统维护通知", body="今晚 22:00 停机")
    response = login(world.secretary).get(f"/notifications/{n.pk}/", follow=True)
    assert response.redirect_chain == [("/notifications/", 302)]
    assert "系统维护通知：今晚 22:00 停机" in response.content.decode()


def test_a_bad_link_already_stored_is_never_followed(world, login, send):
    (n,) = send(world.secretary)
    Notification.objects.filter(pk=n.pk).update(link="//evil.example/")  # written around notify()
    response = login(world.secretary).get(f"/notifications/{n.pk}/")
    assert response["Location"] == "/notifications/"


def test_another_users_notification_is_404_and_untouched(world, login, send):
    (theirs,) = send(world.admin, title="管理员的消息")
    for user in world.users.values():
        if user == world.admin:
            continue
        response = login(user).get(f"/notifications/{theirs.pk}/")
        assert response.status_code == 404 and "管理员的消息" not in response.content.decode()
    assert login(world.secretary).get("/notifications/999999/").status_code == 404
    theirs.refresh_from_db()
    assert not theirs.is_read
    with pytest.raises(Http404):
        mark_read(notification_id=theirs.pk, actor=world.secretary)


def test_mark_all_read(world, login, send):
    mine = send(world.secretary, 3)
    (theirs,) = send(world.admin)
    client = login(world.secretary)
    response = client.post("/notifications/read-all/", follow=True)
    assert "已将 3 条消息标为已读" in response.content.decode()
    assert all(n.is_read for n in Notification.objects.filter(pk__in=[n.pk for n in mine]))
    assert not Notification.objects.get(pk=theirs.pk).is_read
    # Idempotent: nothing left to mark.
    assert "没有未读消息" in client.post("/notifications/read-all/", follow=True).content.decode()
    assert mark_all_read(actor=world.secretary) == 0


def test_read_all_is_post_only_and_anonymous_goes_to_login(world, client, login, send):
    (n,) = send(world.secretary)
    assert login(world.secretary).get("/notifications/read-all/").status_code == 405
    client.logout()
    for response in (client.post("/notifications/read-all/"), client.get(f"/notifications/{n.pk}/")):
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert not Notification.objects.get(pk=n.pk).is_read


def test_inbox_actions_need_a_person(world, send):
    (n,) = send(world.secretary)
    with pytest.raises(TypeError):
        mark_read(notification_id=n.pk, actor=None)
    with pytest.raises(AccessDenied):
        mark_all_read(actor=SYSTEM)
    assert not Notification.objects.get(pk=n.pk).is_read


def test_reading_is_not_audited(world, login, send):
    # The read flag is the recipient's own inbox state; `read_at` is its record.
    (n,) = send(world.secretary)
    client = login(world.secretary)
    before = AuditEntry.unscoped_objects.count()
    client.get(f"/notifications/{n.pk}/")
    assert Notification.objects.get(pk=n.pk).is_read
    assert AuditEntry.unscoped_objects.count() == before
