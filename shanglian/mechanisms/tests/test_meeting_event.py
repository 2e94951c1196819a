"""参加区内重大会议 linked to the event recorded among the events (参加（外部）): the log names it and links to it;
only an attended event the admin can see may be chosen."""

from datetime import date

import pytest
from django.urls import reverse

from shanglian.audit.models import AuditAction, AuditEntry
from shanglian.core.errors import ServiceError
from shanglian.events.factories import EventFactory
from shanglian.events.models import EventKind, EventMode
from shanglian.mechanisms import services
from shanglian.mechanisms.models import DistrictMeeting

pytestmark = pytest.mark.django_db

FIELDS = {
    "title": "全区优化营商环境大会",
    "held_on": "2020-06-18",
    "organiser": "区委区政府",
    "attendees": "城阳街道商会 张会长",
}


def _attended(org, title="区优化营商环境大会（外部）"):
    return EventFactory(organizer=org, mode=EventMode.ATTENDED, kind=EventKind.SYMPOSIUM, title=title)


def test_a_meeting_names_its_event_and_links_to_it(world, login):
    event = _attended(world.fed)
    EventFactory(organizer=world.fed, title="本会举办的活动")  # hosted: not offered
    admin = login(world.admin)
    form = admin.get(reverse("mechanisms:meeting_create")).content.decode()
    assert "区优化营商环境大会（外部）" in form and "本会举办的活动" not in form
    response = admin.post(reverse("mechanisms:meeting_create"), {**FIELDS, "event": event.pk})
    assert response.status_code == 302
    meeting = DistrictMeeting.unscoped_objects.get()
    assert meeting.event == event
    assert AuditEntry.unscoped_objects.filter(
        action=AuditAction.CREATE, object_type="mechanisms.districtmeeting"
    ).exists()
    listing = login(world.leader).get(reverse("mechanisms:meeting_list")).content.decode()
    assert reverse("events:event_detail", args=[event.pk]) in listing


def test_the_event_is_optional(world, login):
    assert login(world.admin).post(reverse("mechanisms:meeting_create"), FIELDS).status_code == 302
    assert DistrictMeeting.unscoped_objects.get().event is None


def test_another_federations_event_is_refused(world, login):
    foreign = _attended(world.fed_b, title="他方的会议")
    response = login(world.admin).post(reverse("mechanisms:meeting_create"), {**FIELDS, "event": foreign.pk})
    assert response.status_code == 200 and "他方的会议" not in response.content.decode()
    assert not DistrictMeeting.unscoped_objects.exists()
    with pytest.raises(ServiceError, match="不在您的数据范围内"):
        services.log_district_meeting(
            actor=world.admin,
            federation=world.fed,
            title="x",
            held_on=date(2020, 6, 18),
            organiser="",
            attendees="a",
            event=foreign,
        )


def test_anonymous_and_weak_roles(world, login, client):
    url = reverse("mechanisms:meeting_create")
    assert "/accounts/login/" in client.get(url)["Location"]
    assert login(world.secretary).post(url, {**FIELDS}).status_code == 403
    assert not DistrictMeeting.unscoped_objects.exists()
