from datetime import date, timedelta

import pytest
from django.urls import reverse

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
