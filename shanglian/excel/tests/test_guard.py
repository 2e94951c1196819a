"""Hostile workbooks are refused before python-calamine loads them (issue 11, defect 1): a far cell (which
would make calamine allocate the whole extent), a decompression bomb, too many columns — with or without a
truthful <dimension>. Each answer is Chinese and nothing is read."""

import io
import re
import zipfile

import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from shanglian.excel.guard import ArchiveRefused, inspect_xlsx
from shanglian.excel.models import ImportJob, ImportStatus
from shanglian.excel.reading import Column, ExcelError, open_table

COLUMNS = [Column("name", "企业名称", True)]


def workbook(cells: dict[str, object]) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.write("A1", "企业名称")
    for ref, value in cells.items():
        sheet.write(ref, value)
    book.close()
    return buffer.getvalue()


def rewritten(data: bytes, edit) -> bytes:
    """The same archive with each sheet's XML passed through edit(bytes)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename.startswith("xl/worksheets/"):
                body = edit(body)
            dst.writestr(info.filename, body)
    return out.getvalue()


def with_entry(data: bytes, name: str, body: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info))
        dst.writestr(name, body)
    return out.getvalue()


def saved(tmp_path, data: bytes, name="名册.xlsx"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_a_plain_workbook_passes(tmp_path):
    path = saved(tmp_path, workbook({"A2": "青岛甲公司", "C3": 1}))
    inspect_xlsx(path)
    assert [raw["name"] for _, raw in open_table(path, "名册.xlsx", COLUMNS).rows()] == ["青岛甲公司", ""]


def test_a_far_cell_is_refused_before_loading(tmp_path):
    data = workbook({"XFD199999": "x"})
    assert len(data) < 10_000  # a few KB that would ask calamine for ~98 GiB
    with pytest.raises(ExcelError, match="列的上限"):
        open_table(saved(tmp_path, data), "名册.xlsx", COLUMNS)


def test_a_far_cell_hidden_behind_a_false_dimension_is_found(tmp_path):
    lying = rewritten(
        workbook({"A299999": "x"}),
        lambda xml: re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1"/>', xml),
    )
    with pytest.raises(ArchiveRefused, match="行的上限"):
        inspect_xlsx(saved(tmp_path, lying))
    no_dimension = rewritten(workbook({"ZZ5": "x"}), lambda xml: re.sub(rb"<dimension[^>]*/>", b"", xml))
    with pytest.raises(ArchiveRefused, match="列的上限"):
        inspect_xlsx(saved(tmp_path, no_dimension, "b.xlsx"))


def test_too_many_rows_by_extent_are_refused(tmp_path, settings):
    settings.IMPORT_MAX_ROWS = 100
    with pytest.raises(ExcelError, match="100 行的上限"):
        open_table(saved(tmp_path, workbook({"A500": "x"})), "名册.xlsx", COLUMNS)


def test_a_decompression_bomb_is_refused(tmp_path):
    bomb = with_entry(workbook({"A2": "x"}), "xl/media/padding.xml", b"0" * (8 << 20))
    assert len(bomb) < 100_000
    with pytest.raises(ExcelError, match="压缩炸弹"):
        open_table(saved(tmp_path, bomb), "名册.xlsx", COLUMNS)


def test_too_large_once_unzipped_is_refused(tmp_path, settings):
    settings.IMPORT_MAX_UNZIPPED_BYTES = 1 << 20
    settings.IMPORT_MAX_ZIP_RATIO = 10_000
    big = with_entry(workbook({"A2": "x"}), "xl/media/padding.xml", b"0" * (2 << 20))
    with pytest.raises(ExcelError, match="解压后超过 1 MB"):
        open_table(saved(tmp_path, big), "名册.xlsx", COLUMNS)


@pytest.mark.django_db
def test_the_import_page_refuses_it_in_chinese_and_writes_nothing(world, login):
    from shanglian.registry.models import Enterprise

    before = Enterprise.unscoped_objects.count()
    client = login(world.admin)
    upload = SimpleUploadedFile("名册.xlsx", workbook({"XFD199999": "x"}))
    client.post(reverse("roster_import:index"), {"target": world.fed.pk, "file": upload})
    job = ImportJob.objects.visible_to(world.admin).order_by("-pk").first()
    assert job.status == ImportStatus.INVALID and "列的上限" in job.message
    assert Enterprise.unscoped_objects.count() == before


def _sheets(active: int, hidden: set[int]) -> bytes:
    buffer = io.BytesIO()
    wb = xlsxwriter.Workbook(buffer)
    for i in range(3):
        ws = wb.add_worksheet(f"表{i}")
        ws.write_string(0, 0, "统一社会信用代码")
        ws.write_string(1, 0, f"第{i}表")
    wb.worksheets()[active].activate()
    for i in hidden:
        wb.worksheets()[i].hide()
    wb.close()
    return buffer.getvalue()


@pytest.mark.parametrize(
    "active,hidden,expected",
    [(0, set(), "表0"), (2, set(), "表2"), (2, {0}, "表2"), (1, {0}, "表1")],
)
def test_the_sheet_read_is_the_active_visible_one(tmp_path, active, hidden, expected):
    """Issue 11 defect 5: python-calamine's sheet 0 may be hidden; the guard checks and names the sheet read."""
    path = saved(tmp_path, _sheets(active, hidden))
    table = open_table(path, "名册.xlsx", [Column("credit_code", "统一社会信用代码", required=True)])
    assert table.sheet == expected
    assert [raw["credit_code"] for _, raw in table.rows()] == [f"第{expected[1]}表"]


def test_an_active_tab_pointing_at_a_hidden_sheet_falls_back_to_the_first_visible(tmp_path):
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(_sheets(1, {0}))) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "xl/workbook.xml":
                assert b'activeTab="1"' in body
                body = body.replace(b'activeTab="1"', b'activeTab="0"')  # the hidden one
            dst.writestr(info.filename, body)
    path = saved(tmp_path, out.getvalue())
    table = open_table(path, "名册.xlsx", [Column("credit_code", "统一社会信用代码", required=True)])
    assert table.sheet == "表1"


def test_the_extent_is_found_wherever_and_however_a_reference_is_written(tmp_path, settings):
    """The scans behind the guard (no per-cell loop): a far row out of order mid-sheet, zero-padded or
    longer than 12 digits, a far column among single letters, and a file within every limit passes."""
    settings.IMPORT_MAX_ROWS = 1000
    settings.IMPORT_MAX_COLUMNS = 20
    cells = {f"A{n}": "x" for n in range(2, 900)}
    assert inspect_xlsx(saved(tmp_path, workbook(cells))) == 0
    for n, far in enumerate([b'r="C0002000"', b'r="B12345678901234"', b'r="Z7"', b'r="AB7"']):
        hostile = rewritten(workbook(cells), lambda xml, far=far: xml.replace(b'r="A450"', far, 1))
        with pytest.raises(ArchiveRefused, match="行的上限" if n < 2 else "列的上限"):
            inspect_xlsx(saved(tmp_path, hostile, f"{n}.xlsx"))
