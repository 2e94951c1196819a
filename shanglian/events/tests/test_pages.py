"""Event pages: list and detail by role (liaisons see what their department is invited to), create and
edit, minutes with a file; another tenant's event is a 404, a reader's edit a 403."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from shanglian.audit.models import AuditEntry
from shanglian.core.testing.matrix import Owner
from shanglian.events.models import MINUTES, Event, EventKind, EventMode
from shanglian.events.tests.makers import make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def other(world):
    owner = Owner(federation=world.fed_b, chamber=world.chamber_b, enterprise=world.enterprise_b)
    return make_event(owner)


def test_list_by_role(world, event, other, login):
    uninvited = Event.unscoped_objects.create(
        organizer=world.chamber2,
        title="他方商会内部会议",
        kind=EventKind.CHAMBER_MEETING,
        starts_at=timezone.now(),
    )
    for user, sees_uninvited in [
        (world.admin, True),
        (world.leader, True),
        (world.secretary, False),  # sees the federation's event: its chamber is invited
        (world.enterprise_user, False),
        (world.liaison, False),  # its department is invited
    ]:
        body = login(user).get(reverse("events:event_list")).content.decode()
        assert event.title in body, user
        assert other.title not in body, user
        assert (uninvited.title in body) == sees_uninvited, user


def test_liaison_sees_only_invited(world, event, login):
    event.invited_departments.clear()
    client = login(world.liaison)
    assert event.title not in client.get(reverse("events:event_list")).content.decode()
    assert client.get(reverse("events:event_detail", args=[event.pk])).status_code == 404


def test_detail_other_tenant_404_and_anonymous(world, event, other, login, client):
    assert client.get(reverse("events:event_detail", args=[event.pk])).status_code == 302
    assert login(world.admin).get(reverse("events:event_detail", args=[other.pk])).status_code == 404
    assert login(world.leader).get(reverse("events:event_edit", args=[event.pk])).status_code == 403


def test_create_edit_and_bad_input(world, login):
    client = login(world.admin)
    url = reverse("events:event_create")
    data = {
        "organizer": world.fed.pk,
        "title": "2026 年政策解读会",
        "kind": EventKind.POLICY,
        "mode": EventMode.HOSTED,
        "starts_at": "2026-12-20T09:00",
        "registration_closes_at": "2026-12-21T09:00",
        "quota": 50,
        "invited_departments": [world.department.pk],
    }
    resp = client.post(url, data)
    assert resp.status_code == 200 and "报名截止时间不能晚于活动开始时间" in resp.content.decode()
    assert not Event.unscoped_objects.exists()
    data["registration_closes_at"] = "2026-12-19T18:00"
    resp = client.post(url, data)
    assert resp.status_code == 302
    event = Event.unscoped_objects.get()
    assert list(event.invited_departments.all()) == [world.department]
    assert AuditEntry.unscoped_objects.filter(object_type="events.event", action="create").count() == 1
    data["title"] = "2026 年政策解读会（改期）"
    assert client.post(reverse("events:event_edit", args=[event.pk]), data).status_code == 302
    event.refresh_from_db()
    assert event.title.endswith("(改期)")  # NFKC on single-line text
    # A secretary cannot make its chamber the organiser of another's event, nor pick the federation.
    sec = login(world.secretary)
    resp = sec.post(url, {**data, "organizer": world.fed.pk})
    assert resp.status_code == 200 and Event.unscoped_objects.count() == 1


def test_minutes_with_file(world, event, login):
    client = login(world.admin)
    upload = SimpleUploadedFile("纪要.pdf", b"%PDF-1.4 minutes", content_type="application/pdf")
    resp = client.post(
        reverse("events:event_minutes", args=[event.pk]),
        {"minutes": "会议听取了企业意见。", "outcome": "收集诉求 3 条", "upload": upload},
    )
    assert resp.status_code == 302
    event.refresh_from_db()
    assert event.minutes == "会议听取了企业意见。" and event.minutes_file is not None
    assert event.minutes_file.use == MINUTES
    bad = SimpleUploadedFile("纪要.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    resp = client.post(reverse("events:event_minutes", args=[event.pk]), {"minutes": "改", "upload": bad})
    assert resp.status_code == 200
    event.refresh_from_db()
    assert event.minutes == "会议听取了企业意见。"
    assert login(world.leader).get(reverse("events:event_minutes", args=[event.pk])).status_code == 403


def test_detail_queries(world, event, login):
    from shanglian.events.tests.test_checkin import page_queries

    client = login(world.admin)
    client.get(reverse("events:event_detail", args=[event.pk]))  # content types cached, as in a running site
    page, queries = page_queries(client, reverse("events:event_detail", args=[event.pk]))
    assert page.status_code == 200 and "报名与签到" in page.content.decode()
    assert len(queries) <= 10, "\n".join(q["sql"][:150] for q in queries)
