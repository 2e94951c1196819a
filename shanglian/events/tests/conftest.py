from datetime import timedelta

import pytest
from django.utils import timezone

from shanglian.events.models import Event, EventKind


@pytest.fixture
def event(world):
    """A symposium of our federation with two places, inviting chamber A1 and the tax department."""
    e = Event.unscoped_objects.create(
        organizer=world.fed,
        title="民营企业家座谈会",
        kind=EventKind.SYMPOSIUM,
        starts_at=timezone.now() + timedelta(days=5),
        place="区工商联三楼会议室",
        quota=2,
    )
    e.invited_chambers.add(world.chamber)
    e.invited_departments.add(world.department)
    return e
