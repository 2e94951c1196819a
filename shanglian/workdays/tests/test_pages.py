"""The calendar page (系统管理 → 工作日历): list a year, add / edit / delete a day, rights, audit."""

from datetime import date

import pytest
from django.urls import reverse

from shanglian.audit.models import AuditAction, AuditEntry
from shanglian.core.roles import Role
from shanglian.core.todos import todos_for
from shanglian.workdays.models import DayKind, DaySource, WorkingDay
from shanglian.workdays.services import add_working_days

pytestmark = pytest.mark.usefixtures("seeded")
LIST = reverse("workdays:day_list")
FORM = reverse("workdays:day_form")
DELETE = reverse("workdays:day_delete")


def _audit(action):
    return AuditEntry.unscoped_objects.filter(action=action, object_type="workdays.workingday")


def test_staff_see_a_years_holidays_and_make_up_days(world, login, django_assert_max_num_queries):
    client = login(world.leader)
    with django_assert_max_num_queries(10):
        response = client.get(LIST, {"year": 2025})
    body = response.content.decode()
    assert response.status_code == 200
    assert "2025-10-08" in body and "国庆节" in body and "2025-10-11" in body and "调休上班" in body
    assert "248 天" in body  # working days of 2025
    assert FORM not in body and DELETE not in body  # a leader reads, only the admin manages
    assert "尚未录入" not in body


def test_a_year_beyond_the_table_says_so(world, login):
    body = login(world.admin).get(LIST, {"year": 2027}).content.decode()
    assert "2027 年节假日安排尚未录入" in body and "261 天" in body


def test_bad_year_shows_the_current_year(world, login):
    assert login(world.admin).get(LIST, {"year": "abc"}).status_code == 200
    assert login(world.admin).get(LIST, {"year": "99999"}).status_code == 200


def test_rights(world, login, client):
    assert client.get(LIST).status_code == 302
    assert client.post(FORM, {"date": "2027-10-01", "kind": "holiday"}).status_code == 302
    for role in (Role.ENTERPRISE_USER, Role.DEPARTMENT_LIAISON):
        assert login(world.users[role]).get(LIST).status_code == 403
    for role in (Role.FEDERATION_LEADER, Role.CHAMBER_SECRETARY, Role.ENTERPRISE_USER):
        c = login(world.users[role])
        assert c.get(FORM).status_code == 403
        assert c.post(FORM, {"date": "2027-10-01", "kind": "holiday"}).status_code == 403
        assert c.post(DELETE, {"date": "2025-10-01"}).status_code == 403
        assert c.get(reverse("workdays:import_template")).status_code == 403
    assert not WorkingDay.objects.filter(date=date(2027, 10, 1)).exists()
    assert WorkingDay.objects.filter(date=date(2025, 10, 1)).exists()


def test_admin_adds_a_holiday_and_deadlines_move(world, login):
    client = login(world.admin)
    assert client.get(FORM, {"date": "2027-10-01"}).status_code == 200
    response = client.post(FORM, {"date": "2027-10-01", "kind": DayKind.HOLIDAY, "name": "国庆节"})
    assert response.status_code == 302 and response["Location"].endswith("?year=2027")
    day = WorkingDay.objects.get(date=date(2027, 10, 1))
    assert (day.is_working, day.kind, day.name, day.source) == (False, "holiday", "国庆节", DaySource.ADMIN)
    assert add_working_days(date(2027, 9, 30), 1) == date(2027, 10, 4)
    entry = _audit(AuditAction.CREATE).get()
    assert entry.actor == world.admin and entry.organization == world.fed and entry.object_id == str(day.pk)


def test_admin_edits_and_deletes_a_day(world, login):
    client = login(world.admin)
    assert "国庆节" in client.get(FORM, {"date": "2025-10-08"}).content.decode()
    client.post(FORM, {"original": "2025-10-08", "date": "2025-10-08", "kind": DayKind.NORMAL, "name": ""})
    day = WorkingDay.objects.get(date=date(2025, 10, 8))
    assert day.is_working and day.kind == DayKind.NORMAL
    assert _audit(AuditAction.UPDATE).get().changes["kind"] == ["holiday", "normal"]
    response = client.post(DELETE, {"date": "2025-10-08"})
    assert response.status_code == 302
    assert not WorkingDay.objects.filter(date=date(2025, 10, 8)).exists()
    assert _audit(AuditAction.DELETE).count() == 1
    # deleted, the day follows the rule: a Wednesday
    assert add_working_days(date(2025, 10, 7), 1) == date(2025, 10, 8)


@pytest.mark.parametrize(
    "data,message",
    [
        ({"date": "2027-10-04", "kind": DayKind.MAKEUP}, "调休上班日应为周六或周日"),
        ({"date": "2025-10-01", "kind": DayKind.HOLIDAY}, "2025-10-01 已在日历中"),
        ({"date": "2027-13-01", "kind": DayKind.HOLIDAY}, "日期格式不正确"),
        ({"date": "", "kind": DayKind.HOLIDAY}, "请填写日期"),
        ({"date": "2027-10-01", "kind": "weekend"}, "请选择列表中的类型"),
        ({"date": "2027-10-01", "kind": DayKind.HOLIDAY, "name": "节" * 51}, "名称不能超过 50 个字"),
    ],
)
def test_bad_input_writes_nothing(world, login, data, message):
    before = WorkingDay.objects.count()
    response = login(world.admin).post(FORM, data)
    assert response.status_code == 200 and message in response.content.decode()
    assert WorkingDay.objects.count() == before
    assert not _audit(AuditAction.CREATE).exists()


def test_deleting_a_missing_day_is_a_chinese_message(world, login):
    client = login(world.admin)
    response = client.post(DELETE, {"date": "2027-10-01"}, follow=True)
    assert "不在日历中" in response.content.decode()
    response = client.post(DELETE, {"date": "昨天"}, follow=True)
    assert "日期格式不正确" in response.content.decode()
    assert client.get(DELETE).status_code == 405
    assert not _audit(AuditAction.DELETE).exists()


def test_the_calendar_is_national_shared_by_every_federation(world, login):
    admin_b = world.users_b[Role.FEDERATION_ADMIN]
    login(admin_b).post(FORM, {"date": "2027-01-01", "kind": DayKind.HOLIDAY, "name": "元旦"})
    assert _audit(AuditAction.CREATE).get().organization == world.fed_b
    assert "元旦" in login(world.admin).get(LIST, {"year": 2027}).content.decode()


def test_todo_warns_about_a_missing_year(world, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2026, 11, 30))
    assert "工作日历" not in todos_for(world.admin)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2026, 12, 1))
    todo = todos_for(world.admin)["工作日历"][0]
    assert todo.level == "warning" and "2027" in todo.title and todo.url.endswith("?year=2027")
    assert "工作日历" not in todos_for(world.leader)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2027, 1, 5))
    assert todos_for(world.admin)["工作日历"][0].level == "danger"


def test_an_empty_post_is_a_chinese_error(world, login):
    response = login(world.admin).post(FORM, {})
    assert response.status_code == 200 and "请填写日期" in response.content.decode()
