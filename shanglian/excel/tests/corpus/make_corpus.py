"""Regenerate the committed bad-file corpus (run once, by hand; the tests only read the results).

Needs xlsxwriter, xlwt and msoffcrypto-tool, e.g.:
    python -m venv /tmp/c && /tmp/c/bin/pip install xlsxwriter xlwt msoffcrypto-tool
    /tmp/c/bin/python shanglian/excel/tests/corpus/make_corpus.py
Every file is tiny. The other bad cases (oversize, too many rows, duplicates …) are built in the tests.
"""

import io
from pathlib import Path

import xlsxwriter
import xlwt
from msoffcrypto.format.ooxml import OOXMLFile

HERE = Path(__file__).parent
HEADERS = ["统一社会信用代码", "企业名称", "法定代表人"]
ROWS = [
    ["913702140000000195", "青岛示范一号有限公司", "张三"],
    ["913702140000000270", "青岛示范二号有限公司", "李四"],
]


def xlsx_bytes() -> bytes:
    buffer = io.BytesIO()
    wb = xlsxwriter.Workbook(buffer)
    ws = wb.add_worksheet()
    for r, row in enumerate([HEADERS, *ROWS]):
        for c, value in enumerate(row):
            ws.write_string(r, c, value)
    wb.close()
    return buffer.getvalue()


def main():
    plain = xlsx_bytes()
    # A password-protected workbook (Excel "用密码进行加密"): an OLE container with EncryptionInfo.
    source = OOXMLFile(io.BytesIO(plain))
    out = io.BytesIO()
    source.encrypt("secret-123", out)
    (HERE / "encrypted.xlsx").write_bytes(out.getvalue())
    # The zip cut in half: the central directory is gone.
    (HERE / "truncated.xlsx").write_bytes(plain[: len(plain) // 2])
    # A PDF renamed to .xlsx.
    (HERE / "renamed_pdf.xlsx").write_bytes(
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    )
    # A zip that is not a workbook (e.g. a .docx renamed).
    buffer = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("word/document.xml", "<w:document/>")
    (HERE / "docx_renamed.xlsx").write_bytes(buffer.getvalue())
    # A legacy .xls (BIFF8) with the same rows, to read through calamine.
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Sheet1")
    for r, row in enumerate([HEADERS, *ROWS]):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    book.save(str(HERE / "legacy.xls"))
    # CSV as Chinese Excel saves it: GB18030, CRLF.
    text = "\r\n".join(",".join(row) for row in [HEADERS, *ROWS]) + "\r\n"
    (HERE / "gbk.csv").write_bytes(text.encode("gb18030"))


if __name__ == "__main__":
    main()
