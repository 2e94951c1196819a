"""Excel import of the State Council schedule: all or nothing, row-level Chinese errors, one audit row."""

import io
from datetime import date, datetime

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from shanglian.audit.models import AuditAction, AuditEntry
from shanglian.core.roles import Role
from shanglian.workdays.importing import COLUMNS, parse_rows
from shanglian.workdays.models import DayKind, DaySource, WorkingDay
from shanglian.workdays.services import add_working_days

pytestmark = pytest.mark.usefixtures("seeded")
IMPORT = reverse("workdays:import")

# 2027 as a State Council notice might publish it (元旦 and 国庆节 parts).
SCHEDULE_2027 = [
    ("日期", "类型", "名称"),
    (date(2027, 1, 1), "放假", "元旦"),
    ("2027/1/2", "放假", "元旦"),
    ("2027年1月3日", "放假", "元旦"),
    (date(2027, 10, 1), "放假", "国庆节"),
    (datetime(2027, 10, 4), "放假", "国庆节"),
    ("2027-10-09", "调休上班", "国庆节"),
]


def xlsx(rows, name="2027年节假日安排.xlsx"):
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def _imports():
    return AuditEntry.unscoped_objects.filter(action=AuditAction.IMPORT, object_type="workdays.workingday")


def test_admin_imports_a_new_year(world, login):
    response = login(world.admin).post(IMPORT, {"file": xlsx(SCHEDULE_2027)})
    assert response.status_code == 302 and response["Location"].endswith("?year=2027")
    days = {d.date: d for d in WorkingDay.objects.filter(date__year=2027)}
    assert len(days) == 6
    assert days[date(2027, 1, 2)].kind == DayKind.HOLIDAY and days[date(2027, 1, 2)].name == "元旦"
    assert days[date(2027, 10, 9)].is_working and days[date(2027, 10, 9)].source == DaySource.IMPORT
    assert add_working_days(date(2026, 12, 31), 1) == date(2027, 1, 4)
    assert add_working_days(date(2027, 10, 8), 1) == date(2027, 10, 9)  # make-up Saturday
    entry = _imports().get()
    assert entry.actor == world.admin and entry.organization == world.fed
    assert entry.changes["2027-10-09"] == ["", "调休上班 国庆节"] and "新增 6 天" in entry.message


def test_reimport_overwrites_existing_dates(world, login):
    client = login(world.admin)
    client.post(IMPORT, {"file": xlsx(SCHEDULE_2027)})
    rows = [("日期", "类型", "名称"), ("2027-10-04", "放假", "国庆节、中秋节"), ("2025-10-11", "放假", "")]
    response = client.post(IMPORT, {"file": xlsx(rows)}, follow=True)
    assert "新增 0 天，更新 2 天" in response.content.decode()
    assert WorkingDay.objects.get(date=date(2027, 10, 4)).name == "国庆节、中秋节"
    assert WorkingDay.objects.get(date=date(2025, 10, 11)).is_working is False
    assert _imports().count() == 2


@pytest.mark.parametrize(
    "bad_row,message",
    [
        (("2027-01-01", "放假", "元旦"), "第 8 行“日期”：2027-01-01 与第 2 行重复"),
        (("明年元旦", "放假", "元旦"), "第 8 行“日期”：日期格式无法识别"),
        (("2027-02-30", "放假", "春节"), "日期不存在"),
        (("2027-02-06", "补休", "春节"), "第 8 行“类型”：无法识别“补休”"),
        (("2027-02-08", "调休上班", "春节"), "2027-02-08 是工作日，调休上班日应为周六或周日"),
        (("", "放假", "春节"), "第 8 行“日期”：必填"),
        (("2027-02-06", "", "春节"), "第 8 行“类型”：必填"),
        (("2027-02-06", "放假", "春\u202e节"), "含有改变文字方向的控制字符（U+202E）"),  # issue 11 defect 7
    ],
)
def test_one_bad_row_and_nothing_is_written(world, login, bad_row, message):
    response = login(world.admin).post(IMPORT, {"file": xlsx([*SCHEDULE_2027, bad_row])})
    body = response.content.decode()
    assert response.status_code == 200 and "文件未导入" in body
    text = " ".join(str(e) for e in parse_rows(_rows([*SCHEDULE_2027, bad_row]))[1])
    assert message in text, text
    assert not WorkingDay.objects.filter(date__year=2027).exists()
    assert not _imports().exists()


def _rows(rows):
    keys = [c.key for c in COLUMNS]
    return [(n, dict(zip(keys, r, strict=True))) for n, r in enumerate(rows[1:], start=2)]


def test_a_file_that_is_not_a_schedule(world, login):
    client = login(world.admin)
    response = client.post(IMPORT, {"file": SimpleUploadedFile("假的.xlsx", b"MZ\x90\x00 not excel")})
    assert "文件已损坏或不是有效的 Excel 文件" in response.content.decode()
    response = client.post(IMPORT, {"file": xlsx([("名称", "备注"), ("元旦", "")])})
    assert "缺少必填列" in response.content.decode() or "没有找到表头行" in response.content.decode()
    response = client.post(IMPORT, {"file": xlsx([("日期", "类型", "名称")])})
    assert "文件中没有数据行" in response.content.decode()
    response = client.post(IMPORT, {})
    assert "请选择要上传的文件" in response.content.decode()
    assert not _imports().exists()


def test_template_round_trips(world, login):
    client = login(world.admin)
    response = client.get(reverse("workdays:import_template"))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [c.value for c in sheet[1]] == ["*日期", "*类型", "名称"]
    sheet.append([date(2027, 5, 1), "放假", "劳动节"])
    buffer = io.BytesIO()
    sheet.parent.save(buffer)
    response = client.post(IMPORT, {"file": SimpleUploadedFile("模板.xlsx", buffer.getvalue())})
    assert response.status_code == 302
    assert WorkingDay.objects.get(date=date(2027, 5, 1)).name == "劳动节"


def test_only_the_admin_imports(world, login):
    for role in (Role.FEDERATION_LEADER, Role.CHAMBER_SECRETARY):
        assert login(world.users[role]).post(IMPORT, {"file": xlsx(SCHEDULE_2027)}).status_code == 403
    assert not WorkingDay.objects.filter(date__year=2027).exists()
