"""The import error report holds the rejected rows themselves with an 错误原因 column: a user fixes them in
place and uploads the report again, which then imports (the engine does it for every declaration)."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from shanglian.excel.models import ImportJob, ImportStatus
from shanglian.registry.models import Enterprise
from shanglian.registry.tests.test_roster_import import HEADER, code, good_rows, industries_and_tags, upload  # noqa: F401

pytestmark = pytest.mark.django_db


def _latest(user):
    return ImportJob.objects.visible_to(user).order_by("-pk").first()


def test_the_fixed_report_uploads_and_imports(world, login):
    client = login(world.admin)
    rows = good_rows(3)
    rows[1][0] = "不是信用代码"
    rows[2][7] = "很多人"
    upload(client, world.fed, rows, name="会员名单.xlsx")
    job = _latest(world.admin)
    assert job.status == ImportStatus.INVALID

    response = client.get(reverse("roster_import:errors", args=[job.pk]))
    assert response.status_code == 200
    assert response.filename == "错误报告-会员名单.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert book.sheetnames == ["错误行", "错误明细"] and book.active.title == "错误行"
    sheet = book["错误行"]
    table = [[c.value for c in r] for r in sheet.iter_rows()]
    assert table[0][:2] == ["统一社会信用代码", "企业名称"] and table[0][-1] == "错误原因"
    assert len(table) == 3  # the header and the two rejected rows, not the good one
    assert table[1][0] == "不是信用代码" and table[1][1] == "青岛导入1号科技有限公司"
    assert "统一社会信用代码" in table[1][-1]
    assert table[2][1] == "青岛导入2号科技有限公司" and "员工数" in table[2][-1]
    assert [c.value for c in book["错误明细"][1]] == ["行号", "列", "填写的值", "错误原因"]

    # fixed in place, the report itself is uploaded again
    sheet.cell(row=2, column=1, value=code(1))
    sheet.cell(row=3, column=8, value=120)
    fixed = io.BytesIO()
    book.save(fixed)
    client.post(
        reverse("roster_import:index"),
        {"target": world.fed.pk, "file": SimpleUploadedFile("错误报告-会员名单.xlsx", fixed.getvalue())},
    )
    job = _latest(world.admin)
    assert job.status == ImportStatus.READY, job.message
    assert job.created_count == 2
    client.post(reverse("roster_import:confirm", args=[job.pk]))
    assert Enterprise.unscoped_objects.filter(credit_code__in=[code(1), code(2)]).count() == 2


def test_a_report_without_the_upload_still_lists_the_errors():
    from shanglian.excel.imports.jobs import error_report_bytes
    from shanglian.excel.imports.results import RowError

    book = openpyxl.load_workbook(io.BytesIO(error_report_bytes([RowError(3, "数量", "x", "不是数字")])))
    assert book.sheetnames == ["错误明细"]
    assert [c.value for c in book.active[2]] == [3, "数量", "x", "不是数字"]
