"""Results: response rate by chamber, per-question counts, the export a person can read; reminders."""

import io
from datetime import timedelta

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from shanglian.audit.models import AuditAction, AuditEntry
from shanglian.notifications.models import Notification
from shanglian.surveys import selectors, services
from shanglian.surveys.jobs import remind_unanswered
from shanglian.surveys.tests.conftest import qs

pytestmark = pytest.mark.django_db


def _answer(world, published):
    q1, q2, q3, q4 = qs(published)
    answers = {
        q1.pk: q1.options.get(label="是").pk,
        q2.pk: "12",
        q3.pk: {
            "options": [q3.options.get(label="普工").pk, q3.options.get(label="研发").pk],
            "other": "电工",
        },
        q4.pk: "希望组织招聘会",
    }
    services.save_response(actor=world.enterprise_user, survey=published, answers=answers, submit=True)


def test_results_and_rates(world, login, published):
    _answer(world, published)
    results = selectors.results(published)
    assert results[0].counts == [("是", 1), ("否", 0)]
    assert results[1].average == 12
    assert results[2].counts == [("普工", 1), ("技工", 0), ("研发", 1)] and results[2].others == ["电工"]
    assert [(r.chamber, r.invited, r.submitted) for r in selectors.rates_by_chamber(published)] == [
        (world.chamber.name, 1, 1)
    ]
    page = login(world.leader).get(reverse("surveys:results", args=[published.pk])).content.decode()
    assert "回收率：1/1" in page and "希望组织招聘会" in page


def test_export_one_row_per_sheet_with_option_columns(world, login, published):
    _answer(world, published)
    response = login(world.secretary).get(reverse("surveys:export", args=[published.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header, row = [c.value for c in sheet[1]], [c.value for c in sheet[2]]
    assert header[3:] == [
        "1. 是否缺工",
        "2. 缺口人数",
        "3. 缺口岗位",
        "3. 普工",
        "3. 技工",
        "3. 研发",
        "3. 其他（填写）",
        "4. 建议",
    ]
    assert row[0] == world.enterprise.name
    assert row[3:] == ["是", 12, "普工；研发；其他：电工", 1, 0, 1, "电工", "希望组织招聘会"]
    assert AuditEntry.unscoped_objects.filter(action=AuditAction.EXPORT).exists()
    assert login(world.enterprise_user).get(reverse("surveys:export", args=[published.pk])).status_code == 403


def test_reminder_goes_once_to_those_who_have_not_answered(world, published):
    published.closes_on = timezone.localdate() + timedelta(days=2)
    published.save()
    assert remind_unanswered() == 1
    assert remind_unanswered() == 0
    assert Notification.objects.filter(recipient=world.enterprise_user, title__contains="将于").count() == 1
