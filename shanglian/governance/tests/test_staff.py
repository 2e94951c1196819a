from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from shanglian.attachments.models import Attachment
from shanglian.audit.models import AuditAction, AuditEntry
from shanglian.governance.models import HiringMode, StaffAppointment, StaffPost

pytestmark = pytest.mark.django_db


def _data(world, **over):
    today = date.today()
    data = {
        "chamber": world.chamber.pk,
        "name": "周秘书",
        "post": StaffPost.SECRETARIAT_STAFF,
        "hiring_mode": HiringMode.STREET,
        "hired_by": "上马街道办事处",
        "contract_start": today - timedelta(days=300),
        "contract_end": today + timedelta(days=30),
    }
    data.update(over)
    return data


def test_secretary_records_staff_and_sees_expiring_flag(world, login):
    client = login(world.secretary)
    response = client.post(reverse("governance:staff_create"), _data(world))
    assert response.status_code == 302
    staff = StaffAppointment.unscoped_objects.get()
    assert staff.hired_by == "上马街道办事处"
    assert AuditEntry.unscoped_objects.filter(
        action=AuditAction.CREATE, object_type="governance.staffappointment"
    ).exists()
    body = client.get(reverse("governance:staff_list")).content.decode()
    assert "合同即将到期" in body and "街道选聘" in body


def test_expired_contract_flagged_on_home_todos(world, login):
    today = date.today()
    StaffAppointment.unscoped_objects.create(
        chamber=world.chamber,
        name="钱秘书长",
        post=StaffPost.SECRETARY_GENERAL,
        hiring_mode=HiringMode.CHAMBER,
        hired_by="商会理事会",
        contract_start=today - timedelta(days=800),
        contract_end=today - timedelta(days=3),
    )
    StaffAppointment.unscoped_objects.create(
        chamber=world.chamber2,
        name="他方秘书",
        post=StaffPost.SECRETARIAT_STAFF,
        hiring_mode=HiringMode.CHAMBER,
        hired_by="他方",
        contract_start=today - timedelta(days=800),
        contract_end=today + timedelta(days=10),
    )
    home = login(world.admin).get("/").content.decode()
    assert "钱秘书长" in home and "已到期" in home and "他方秘书" in home
    home = login(world.secretary).get("/").content.decode()
    assert "钱秘书长" in home and "他方" not in home
    assert "聘任合同到期" not in login(world.enterprise_user).get("/").content.decode()


def test_contract_end_before_start_refused(world, login):
    client = login(world.admin)
    response = client.post(reverse("governance:staff_create"), _data(world, contract_end=date(2000, 1, 1)))
    assert "合同结束日期必须晚于开始日期" in response.content.decode()
    assert not StaffAppointment.unscoped_objects.exists()


def test_secretary_cannot_edit_other_chamber_staff(world, login):
    other = StaffAppointment.unscoped_objects.create(
        chamber=world.chamber2,
        name="他方秘书",
        post=StaffPost.SECRETARIAT_STAFF,
        hiring_mode=HiringMode.CHAMBER,
        hired_by="他方",
        contract_start=date(2025, 1, 1),
        contract_end=date(2027, 1, 1),
    )
    client = login(world.secretary)
    assert client.post(reverse("governance:staff_edit", args=[other.pk]), _data(world)).status_code == 404
    other.refresh_from_db()
    assert other.name == "他方秘书"
    assert login(world.enterprise_user).get(reverse("governance:staff_create")).status_code == 403


def test_contract_file_is_uploaded_listed_served_and_replaced(world, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = login(world.secretary)
    contract = SimpleUploadedFile("周秘书聘任合同.pdf", b"%PDF-1.4 contract v1")
    assert (
        client.post(reverse("governance:staff_create"), _data(world, contract_file=contract)).status_code
        == 302
    )
    staff = StaffAppointment.unscoped_objects.get()
    link = reverse("attachments:download", args=[staff.contract_file.pk])
    assert link in client.get(reverse("governance:staff_list")).content.decode()
    download = client.get(link)
    assert b"".join(download.streaming_content) == b"%PDF-1.4 contract v1"
    assert "filename*=utf-8''" in download["Content-Disposition"]
    v2 = SimpleUploadedFile("合同（续签）.pdf", b"%PDF-1.4 contract v2")
    client.post(reverse("governance:staff_edit", args=[staff.pk]), _data(world, contract_file=v2))
    assert Attachment.objects.get().original_name == "合同（续签）.pdf"
    assert client.get(link).status_code == 404  # the replaced file is gone
    link = reverse("attachments:download", args=[staff.contract_file.pk])
    assert b"".join(client.get(link).streaming_content) == b"%PDF-1.4 contract v2"
    assert login(world.admin).get(link).status_code == 200
    assert login(world.enterprise_user).get(link).status_code in (403, 404)


def test_renamed_executable_as_contract_writes_nothing(world, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = login(world.secretary)
    evil = SimpleUploadedFile("合同.pdf", b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 64)
    response = client.post(reverse("governance:staff_create"), _data(world, contract_file=evil))
    assert response.status_code == 200 and "聘任合同实为可执行程序" in response.content.decode()
    assert not StaffAppointment.unscoped_objects.exists() and not Attachment.objects.exists()
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]


def test_other_chambers_contract_is_404_and_delete_takes_the_file(
    world, login, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    admin = login(world.admin)
    contract = SimpleUploadedFile("他方合同.pdf", b"%PDF-1.4 other")
    admin.post(
        reverse("governance:staff_create"), _data(world, chamber=world.chamber2.pk, contract_file=contract)
    )
    staff = StaffAppointment.unscoped_objects.get()
    link = reverse("attachments:download", args=[staff.contract_file.pk])
    assert login(world.secretary).get(link).status_code == 404
    admin = login(world.admin)
    with django_capture_on_commit_callbacks(execute=True):
        assert admin.post(reverse("governance:staff_delete", args=[staff.pk])).status_code == 302
    assert not Attachment.objects.exists() and not [p for p in tmp_path.rglob("*") if p.is_file()]
    assert AuditEntry.unscoped_objects.filter(
        action=AuditAction.DELETE, object_type="attachments.attachment"
    ).exists()
