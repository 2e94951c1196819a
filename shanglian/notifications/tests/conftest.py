import pytest

from shanglian.core.access import SYSTEM
from shanglian.notifications.models import Notification
from shanglian.notifications.services import notify


@pytest.fixture
def send():
    """send(user, n=1, **fields) -> the user's new notifications, oldest first (ids ascending)."""
    counter = iter(range(10**6))

    def _send(user, n=1, *, title="待办提醒", body="", link="", prefix="t"):
        keys = []
        for _ in range(n):
            key = f"{prefix}:{next(counter)}"
            notify(recipients=[user], title=title, body=body, link=link, key=key, actor=SYSTEM)
            keys.append(key)
        return list(Notification.objects.filter(recipient=user, key__in=keys).order_by("pk"))

    return _send
