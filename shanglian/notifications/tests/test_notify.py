"""notify(): one row per (recipient, key), a local link only, nothing written on bad input."""

import pytest

from shanglian.core.access import SYSTEM
from shanglian.core.errors import ServiceError
from shanglian.notifications.models import Notification
from shanglian.notifications.services import BadNotification, check_link, notify

pytestmark = pytest.mark.django_db


def test_notify_writes_once_per_key(world):
    users = [world.admin, world.secretary]
    assert notify(recipients=users, title="换届提醒", key="term:1:due", actor=SYSTEM, link="/x/") == 2
    # The same job run again writes nothing more, and a recipient named twice gets one message.
    assert notify(recipients=[*users, world.admin], title="换届提醒", key="term:1:due", actor=SYSTEM) == 0
    assert Notification.objects.filter(key="term:1:due").count() == 2
    # A new recipient of the same key still gets theirs; a user without a pk (or None) is skipped.
    assert (
        notify(recipients=[*users, world.leader, None], title="换届提醒", key="term:1:due", actor=SYSTEM) == 1
    )
    row = Notification.objects.get(recipient=world.secretary)
    assert (row.title, row.link, row.is_read, row.read_at) == ("换届提醒", "/x/", False, None)


def test_a_user_acting_is_an_actor_too(world):
    assert notify(recipients=[world.secretary], title="请审核", key="k", actor=world.admin) == 1


def test_notify_needs_an_actor(world):
    with pytest.raises(TypeError):
        notify(recipients=[world.admin], title="t", key="k", actor=None)
    assert not Notification.objects.exists()


@pytest.mark.parametrize(
    "link",
    [
        "https://evil.example/",
        "//evil.example/x",
        "/\\evil.example/x",
        "\\\\evil.example",
        "javascript:alert(1)",
        "relative/path",
        " /x/",
        "/x/\n/y",
        "/" + "a" * 500,
    ],
)
def test_a_link_off_this_site_is_refused_and_nothing_written(world, link):
    with pytest.raises(BadNotification) as exc:
        notify(recipients=[world.admin], title="t", key="k", actor=SYSTEM, link=link)
    assert "本站" in str(exc.value.messages[0])
    # Both contracts: a ServiceError for pages and the API, a ValueError for programming errors.
    assert isinstance(exc.value, ServiceError) and isinstance(exc.value, ValueError)
    assert not Notification.objects.exists()


@pytest.mark.parametrize("link", ["", "/", "/registry/enterprises/12/", "/notifications/?filter=unread#top"])
def test_local_links_pass(link):
    check_link(link)


@pytest.mark.parametrize(("title", "key"), [("", "k"), ("   ", "k"), ("t", ""), ("t", "k" * 201)])
def test_empty_title_or_bad_key_is_refused(world, title, key):
    with pytest.raises(BadNotification):
        notify(recipients=[world.admin], title=title, key=key, actor=SYSTEM)
    assert not Notification.objects.exists()
