from datetime import timedelta
from typing import Any

from django.utils import timezone

from shanglian.core.testing.matrix import register
from shanglian.events import codes
from shanglian.events.models import Event, EventKind, Registration


@register("event_id")
def make_event(owner: Any) -> Event:
    return Event.unscoped_objects.create(
        organizer=owner.chamber,
        title="他方座谈会",
        kind=EventKind.SYMPOSIUM,
        starts_at=timezone.now() + timedelta(days=3),
        quota=10,
    )


@register("registration_id")
def make_registration(owner: Any) -> Registration:
    event = owner.get("event_id")
    return Registration.unscoped_objects.create(
        event=event, enterprise=owner.enterprise, name="他方参会人", nonce=codes.new_nonce()
    )
