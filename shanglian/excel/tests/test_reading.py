"""The reader on real files: good ones in each format, and the corpus of bad ones (corpus/)."""

import io
import zipfile
from pathlib import Path

import pytest
import xlsxwriter

from shanglian.excel.reading import Column, ExcelError, open_table, read_all

CORPUS = Path(__file__).parent / "corpus"
COLUMNS = [
    Column("credit_code", "统一社会信用代码", True, ("信用代码",)),
    Column("name", "企业名称", True),
    Column("legal_representative", "法定代表人"),
]


def xlsx(path, rows):
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet()
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            ws.write(r, c, value)
    wb.close()
    return path


def test_xlsx_rows_stream_with_excel_row_numbers(tmp_path):
    path = xlsx(
        tmp_path / "a.xlsx",
        [["企业名单"], ["*统一社会信用代码", "企业名称（全称）", "备注"], ["913702140000000195", "一号", "x"], [],
         ["913702140000000270", "二号"]],
    )  # fmt: skip
    table = open_table(path, "a.xlsx", COLUMNS)
    assert table.header_row == 2 and table.unknown_headers == ["备注"]
    rows = list(table.rows())
    assert rows == [
        (3, {"credit_code": "913702140000000195", "name": "一号"}),
        (5, {"credit_code": "913702140000000270", "name": "二号"}),
    ]


def test_legacy_xls_and_gbk_csv_read_like_xlsx():
    for name in ("legacy.xls", "gbk.csv"):
        rows = read_all(CORPUS / name, name, COLUMNS)
        assert [r[1]["name"] for r in rows] == ["青岛示范一号有限公司", "青岛示范二号有限公司"], name
        assert rows[0][1]["legal_representative"] == "张三"


def test_utf8_csv_with_bom_and_semicolons(tmp_path):
    path = tmp_path / "x.csv"
    path.write_bytes("\ufeff信用代码;企业名称\n913702140000000195;一号\n".encode())
    assert read_all(path, "x.csv", COLUMNS) == [(2, {"credit_code": "913702140000000195", "name": "一号"})]


@pytest.mark.parametrize(
    "name,message",
    [
        ("encrypted.xlsx", "密码"),
        ("truncated.xlsx", "损坏"),
        ("renamed_pdf.xlsx", "损坏"),
        ("docx_renamed.xlsx", "不是有效的 Excel"),
    ],
)
def test_bad_file_corpus_is_refused_in_chinese(name, message):
    with pytest.raises(ExcelError, match=message):
        read_all(CORPUS / name, name, COLUMNS)


def test_wrong_type_empty_and_oversize(tmp_path, settings):
    path = tmp_path / "a.pdf"
    path.write_bytes(b"%PDF-1.4")
    with pytest.raises(ExcelError, match="仅支持"):
        read_all(path, "a.pdf", COLUMNS)
    empty = tmp_path / "e.xlsx"
    empty.write_bytes(b"")
    with pytest.raises(ExcelError, match="空"):
        read_all(empty, "e.xlsx", COLUMNS)
    settings.UPLOAD_MAX_BYTES = 100
    big = xlsx(tmp_path / "big.xlsx", [["统一社会信用代码", "企业名称"], *[["x", "y"]] * 50])
    with pytest.raises(ExcelError, match="文件过大"):
        read_all(big, "big.xlsx", COLUMNS)


def test_missing_required_column_and_no_header(tmp_path):
    path = xlsx(tmp_path / "m.xlsx", [["企业名称", "法定代表人"], ["一号", "张三"]])
    with pytest.raises(ExcelError, match="缺少必填列：统一社会信用代码"):
        read_all(path, "m.xlsx", COLUMNS)
    path = xlsx(tmp_path / "n.xlsx", [["a", "b"], ["c", "d"]])
    with pytest.raises(ExcelError, match="没有找到表头"):
        read_all(path, "n.xlsx", COLUMNS)
    path = xlsx(tmp_path / "d.xlsx", [["企业名称", "企业名称", "信用代码"]])
    with pytest.raises(ExcelError, match="表头重复"):
        read_all(path, "d.xlsx", COLUMNS)


def test_row_limit_xlsx_and_csv(tmp_path, settings):
    settings.IMPORT_MAX_ROWS = 3
    rows = [["统一社会信用代码", "企业名称"], *[[str(i), "n"] for i in range(5)]]
    with pytest.raises(ExcelError, match="超过 3 行"):
        read_all(xlsx(tmp_path / "r.xlsx", rows), "r.xlsx", COLUMNS)
    csv_path = tmp_path / "r.csv"
    csv_path.write_text("\n".join(",".join(r) for r in rows), encoding="utf-8")
    with pytest.raises(ExcelError, match="超过 3 行"):
        read_all(csv_path, "r.csv", COLUMNS)


def test_corrupt_sheet_inside_a_valid_zip(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<not-closed")
    path = tmp_path / "bad.xlsx"
    path.write_bytes(buffer.getvalue())
    with pytest.raises(ExcelError, match="损坏"):
        read_all(path, "bad.xlsx", COLUMNS)
