import pytest

from shanglian.core.access import SYSTEM
from shanglian.notifications.models import Notification
from shanglian.notifications.services import notify


@pytest.mark.django_db
def test_notify_writes_once_per_key(world):
    users = [world.admin, world.secretary]
    assert notify(recipients=users, title="换届提醒", key="term:1:due", actor=SYSTEM, link="/x/") == 2
    # The same job run again writes nothing more.
    assert notify(recipients=users, title="换届提醒", key="term:1:due", actor=SYSTEM) == 0
    assert Notification.objects.filter(key="term:1:due").count() == 2


@pytest.mark.django_db
def test_notify_needs_an_actor_and_a_local_link(world):
    with pytest.raises(TypeError):
        notify(recipients=[world.admin], title="t", key="k", actor=None)
    with pytest.raises(ValueError):
        notify(recipients=[world.admin], title="t", key="k", actor=SYSTEM, link="https://evil.example/")
    assert not Notification.objects.exists()
