"""Regenerate the hostile-file corpus (issue 11): files an outsider would upload to break the import.

    .venv/bin/python shanglian/excel/tests/corpus/make_hostile.py

Each file is tiny and committed; `test_hostile_files.py` uploads every one through the roster import and
checks the Chinese answer and that no row was written (HOSTILE below is that table). Decompression bombs
are built at test time (`bomb_bytes`), so no bomb sits in the repository.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import xlsxwriter

HERE = Path(__file__).parent
HEADER = ["统一社会信用代码", "企业名称", "法定代表人", "员工数", "年度", "营业收入(万元)"]
# Valid credit codes (registry.codes checksum) of enterprises that do not exist.
CODES = ["91370214009900013H", "91370214009900021C", "9137021400990003X4", "913702140099000484"]

# file → (where the answer is: "message" for the whole file, "errors" for row errors, "sheet" for the
# sheet read), the Chinese text the answer holds. Rows written: 0 for every file.
HOSTILE = {
    "far_cell.xlsx": ("message", "超过 200 列的上限"),
    "hidden_first_sheet.xlsx": ("sheet", "会员名册"),
    "huge_number.xlsx": ("errors", "金额过大"),
    "int_beyond_column.xlsx": ("errors", "员工数过大"),
    "int_beyond_column_text.xlsx": ("errors", "数值过大"),
    "nul.csv": ("errors", "空字符（NUL）"),
    "control_chars.xlsx": ("errors", "控制字符"),
    "bidi_override.xlsx": ("errors", "改变文字方向的控制字符（U+202E）"),
    "formula_name.xlsx": ("errors", "疑似公式"),
}


def workbook(rows, *, header=HEADER, sheets=None) -> bytes:
    buffer = io.BytesIO()
    wb = xlsxwriter.Workbook(buffer, {"strings_to_numbers": False, "strings_to_formulas": False})
    for title, data, hidden in sheets or [("Sheet1", rows, False)]:
        ws = wb.add_worksheet(title)
        for r, row in enumerate([header, *data]):
            for c, value in enumerate(row):
                if value is None:
                    continue
                if c == 3 and isinstance(value, str) and value.startswith("="):  # 员工数 as a real formula
                    ws.write_formula(r, c, value, None, "2")
                elif isinstance(value, str):
                    ws.write_string(r, c, value)
                else:
                    ws.write_number(r, c, value)
        if hidden:
            ws.hide()
        else:
            ws.activate()
    wb.close()
    return buffer.getvalue()


def far_cell() -> bytes:
    buffer = io.BytesIO()
    wb = xlsxwriter.Workbook(buffer)
    ws = wb.add_worksheet()
    for c, value in enumerate(HEADER):
        ws.write_string(0, c, value)
    ws.write_string(1, 0, CODES[0])
    ws.write_string(1, 1, "青岛远端单元格有限公司")
    ws.write_string(199998, 16383, "x")  # XFD199999: calamine would allocate ~98 GiB
    wb.close()
    return buffer.getvalue()


def bomb_bytes(unzipped: int = 8 << 20) -> bytes:
    """A workbook whose shared strings unzip to `unzipped` bytes from a few KB (ratio ~1000)."""
    plain = workbook([[CODES[0], "青岛压缩炸弹有限公司", "张三", 1, None, None]])
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(plain)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/sharedStrings.xml":
                data = data.replace(b"</sst>", b"<si><t>" + b"A" * unzipped + b"</t></si></sst>")
            dst.writestr(item, data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def main() -> None:
    row = [CODES[0], "青岛正常名称有限公司", "张三", 12, None, None]
    (HERE / "far_cell.xlsx").write_bytes(far_cell())
    (HERE / "hidden_first_sheet.xlsx").write_bytes(
        workbook(
            [],
            sheets=[
                ("隐藏的旧数据", [[CODES[1], "青岛隐藏工作表有限公司", "李四", 5, None, None]], True),
                ("会员名册", [row], False),
            ],
        )
    )
    (HERE / "huge_number.xlsx").write_bytes(workbook([[*row[:4], 2024, 1e30]]))
    (HERE / "int_beyond_column.xlsx").write_bytes(workbook([[*row[:3], 8361555697, None, None]]))
    (HERE / "int_beyond_column_text.xlsx").write_bytes(
        workbook([[*row[:3], "99999999999999999999", None, None]])
    )
    csv = ",".join(HEADER) + "\r\n" + f"{CODES[0]},青岛空\x00字符有限公司,张三,3,,\r\n"
    (HERE / "nul.csv").write_bytes(csv.encode("utf-8"))
    (HERE / "control_chars.xlsx").write_bytes(
        workbook(
            [
                [CODES[0], "青岛响铃\x07有限公司", "张三", 1, None, None],
                [CODES[1], "青岛转义\x1b[31m有限公司", "李四", 1, None, None],
                [CODES[2], "青岛删除\x7f有限公司", "王五", 1, None, None],
            ]
        )
    )
    (HERE / "bidi_override.xlsx").write_bytes(
        workbook([[CODES[0], "青岛\u202e司公限有反倒", "张三", 1, None, None]])
    )
    (HERE / "formula_name.xlsx").write_bytes(
        workbook(
            [],
            sheets=[
                (
                    "含公式",
                    [
                        [CODES[0], "=cmd|' /C calc'!A0", "张三", "=1+1", None, None],
                        [CODES[1], "@SUM(1+1)*cmd|' /C calc'!A0", "李四", 1, None, None],
                    ],
                    False,
                )
            ],
        )
    )


if __name__ == "__main__":
    main()
