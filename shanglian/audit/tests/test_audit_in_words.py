"""The audit detail speaks Chinese: the object's kind and name, fields by their verbose names, local time
(Asia/Shanghai), and the page a denial was for in words."""

import datetime
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from shanglian.audit.models import AuditAction, AuditEntry
from shanglian.audit.services import record
from shanglian.chambers.models import ChamberProfile

pytestmark = pytest.mark.django_db


def _detail(client, entry):
    return client.get(reverse("audit:entry_detail", args=[entry.pk])).content.decode()


def test_an_update_names_the_object_and_its_fields_in_chinese(world, login):
    profile = ChamberProfile.unscoped_objects.create(chamber=world.chamber)
    entry = record(
        actor=world.admin,
        action=AuditAction.UPDATE,
        obj=profile,
        organization=world.chamber,
        changes={"registration_status": ["preparing", "registered"], "credit_code": ["", "51370214X"]},
    )
    page = _detail(login(world.admin), entry)
    assert "商会档案" in page and "chambers.chamberprofile" not in page
    assert "民政登记状态" in page and "统一社会信用代码" in page
    assert "registration_status" not in page


def test_the_time_is_local(world, login):
    utc = datetime.datetime(2026, 3, 1, 20, 30, tzinfo=datetime.UTC)
    with mock.patch("django.utils.timezone.now", return_value=utc):
        entry = record(
            actor=world.admin, action=AuditAction.UPDATE, obj=world.chamber, organization=world.chamber
        )
    page = _detail(login(world.admin), entry)
    assert "2026-03-02 04:30:00（北京时间）" in page
    assert timezone.localtime(utc).hour == 4


def test_a_denial_names_the_page_in_words(world, login):
    client = login(world.enterprise_user)
    client.get(reverse("audit:entry_list"))  # a page the enterprise user may not open: 403 and a DENIED row
    entry = AuditEntry.unscoped_objects.filter(action=AuditAction.DENIED).order_by("-pk").first()
    assert entry is not None
    page = _detail(login(world.admin), entry)
    assert "访问的页面" in page and "审计日志 · 列表" in page


def test_an_import_row_names_its_counts(world, login):
    entry = record(
        actor=world.admin,
        action=AuditAction.IMPORT,
        obj=world.chamber,
        organization=world.chamber,
        changes={"rows": 3, "created": 2},
    )
    page = _detail(login(world.admin), entry)
    assert "行数" in page and "新增" in page


def test_another_tenants_entry_is_404_and_a_weak_role_403(world, login):
    entry = record(actor=None, action=AuditAction.UPDATE, obj=world.chamber_b, organization=world.chamber_b)
    assert login(world.admin).get(reverse("audit:entry_detail", args=[entry.pk])).status_code == 404
    mine = record(actor=world.admin, action=AuditAction.UPDATE, obj=world.chamber, organization=world.chamber)
    assert login(world.secretary).get(reverse("audit:entry_detail", args=[mine.pk])).status_code == 403
