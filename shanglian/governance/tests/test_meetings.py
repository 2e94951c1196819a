from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from shanglian.attachments.models import Attachment
from shanglian.attachments.services import attach
from shanglian.audit.models import AuditAction, AuditEntry
from shanglian.core.access import SYSTEM
from shanglian.governance import selectors
from shanglian.governance.models import MINUTES, AgendaItem, Meeting, Organ

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _data(world, people, **over):
    data = {
        "chamber": world.chamber.pk,
        "organ": Organ.COUNCIL,
        "title": "2026年第一次理事会",
        "held_on": "2026-03-15",
        "attendees": [people["a"].pk, people["b"].pk],
        "agenda": "审议年度工作报告\n研究新会员入会",
        "party_agenda": "研究部署商会党建工作",
        "resolutions": "通过年度工作报告。",
    }
    data.update(over)
    return data


def test_secretary_records_meeting_with_party_item_and_minutes(world, login, people):
    client = login(world.secretary)
    data = _data(
        world, people, minutes=SimpleUploadedFile("纪要.pdf", b"%PDF-1.4 minutes", "application/pdf")
    )
    response = client.post(reverse("governance:meeting_create"), data)
    meeting = Meeting.unscoped_objects.get()
    assert response.status_code == 302
    assert set(meeting.attendees.all()) == {people["a"], people["b"]}
    assert [(i.title, i.party_building) for i in meeting.items.all()] == [
        ("审议年度工作报告", False),
        ("研究新会员入会", False),
        ("研究部署商会党建工作", True),
    ]
    entry = AuditEntry.unscoped_objects.get(action=AuditAction.CREATE, object_type="governance.meeting")
    assert entry.changes["agenda"][1][-1] == "[党建]研究部署商会党建工作"
    link = reverse("attachments:download", args=[meeting.minutes.pk])
    download = client.get(link)
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 minutes"
    assert meeting.minutes.original_name == "纪要.pdf"
    detail = client.get(reverse("governance:meeting_detail", args=[meeting.pk])).content.decode()
    assert "党建" in detail and "张会长" in detail and link in detail
    listing = client.get(reverse("governance:meeting_list")).content.decode()
    assert "已上传" in listing


def test_party_share_and_last_meeting(world, people):
    for day, party in ((date(2020, 3, 1), True), (date(2020, 6, 1), False), (date(2021, 1, 1), True)):
        m = Meeting.unscoped_objects.create(
            chamber=world.chamber, organ=Organ.COUNCIL, title="会", held_on=day
        )
        AgendaItem.unscoped_objects.create(meeting=m, title="议题", party_building=party)
    share = selectors.meetings_covering_party_share(world.fed, date(2020, 1, 1), date(2020, 12, 31))
    assert (share.part, share.whole, share.percent) == (1, 2, 50.0)
    assert selectors.meetings_covering_party_share(world.fed_b).whole == 0
    assert selectors.last_meeting_dates([world.chamber.pk, world.chamber2.pk]) == {
        world.chamber.pk: date(2021, 1, 1)
    }


def test_meeting_needs_an_agenda_item_and_valid_file(world, login, people):
    client = login(world.admin)
    response = client.post(
        reverse("governance:meeting_create"), _data(world, people, agenda="", party_agenda="")
    )
    assert "请至少填写一项议题" in response.content.decode()
    bad = SimpleUploadedFile("evil.exe", b"MZ", "application/octet-stream")
    response = client.post(reverse("governance:meeting_create"), _data(world, people, minutes=bad))
    assert "会议纪要格式不支持" in response.content.decode()
    renamed = SimpleUploadedFile("纪要.pdf", b"MZ\x90\x00" + b"\x00" * 60, "application/pdf")
    response = client.post(reverse("governance:meeting_create"), _data(world, people, minutes=renamed))
    assert "可执行程序" in response.content.decode()
    assert not Meeting.unscoped_objects.exists()


def test_attendee_outside_scope_is_refused(world, login, people):
    client = login(world.secretary)
    response = client.post(
        reverse("governance:meeting_create"), _data(world, people, attendees=[people["a2"].pk])
    )
    assert response.status_code == 200 and not Meeting.unscoped_objects.exists()


def test_edit_records_changed_agenda(world, login, people):
    client = login(world.secretary)
    client.post(reverse("governance:meeting_create"), _data(world, people))
    meeting = Meeting.unscoped_objects.get()
    client.post(reverse("governance:meeting_edit", args=[meeting.pk]), _data(world, people, party_agenda=""))
    assert not meeting.items.filter(party_building=True).exists()
    update = AuditEntry.unscoped_objects.get(action=AuditAction.UPDATE, object_type="governance.meeting")
    assert "agenda" in update.changes and "title" not in update.changes


def test_secretary_cannot_reach_other_chamber_meeting(world, login):
    other = Meeting.unscoped_objects.create(
        chamber=world.chamber2, organ=Organ.COUNCIL, title="他方会", held_on=date(2026, 1, 1)
    )
    client = login(world.secretary)
    for name in ("meeting_detail", "meeting_edit", "meeting_delete"):
        assert client.get(reverse(f"governance:{name}", args=[other.pk])).status_code == 404
    minutes = attach(
        owner=other, use=MINUTES, upload=SimpleUploadedFile("他方纪要.txt", "纪要".encode()), actor=SYSTEM
    )
    assert client.get(reverse("attachments:download", args=[minutes.pk])).status_code == 404
    assert "他方" not in client.get(reverse("governance:meeting_list")).content.decode()
    assert login(world.enterprise_user).get(reverse("governance:meeting_list")).status_code == 403
    admin_page = login(world.admin).get(reverse("governance:meeting_list")).content.decode()
    assert "他方会" in admin_page and "共 1 次会议" in admin_page


def test_delete_meeting_is_audited(world, login, people, media, django_capture_on_commit_callbacks):
    client = login(world.admin)
    minutes = SimpleUploadedFile("纪要.txt", "会议纪要".encode())
    client.post(reverse("governance:meeting_create"), _data(world, people, minutes=minutes))
    meeting = Meeting.unscoped_objects.get()
    assert meeting.minutes and [p for p in media.rglob("*") if p.is_file()]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("governance:meeting_delete", args=[meeting.pk]))
    assert not Meeting.unscoped_objects.exists() and not AgendaItem.unscoped_objects.exists()
    assert not Attachment.objects.exists() and not [p for p in media.rglob("*") if p.is_file()]
    assert AuditEntry.unscoped_objects.filter(
        action=AuditAction.DELETE, object_type="governance.meeting"
    ).exists()
