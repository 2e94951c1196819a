"""Writing .xlsx with xlsxwriter in constant_memory mode (rows go straight to disk), and templates.

Every text cell passes `neutralise()`: text starting with = + - @ (or a tab/CR) would be taken for a
formula by Excel or another spreadsheet after a round trip through CSV, so it gets a leading apostrophe
(OWASP "CSV injection"); `normalize.clean_text` removes it again on import.
"""

from __future__ import annotations

import datetime
import decimal
import io

import xlsxwriter

from shanglian.excel.normalize import FORMULA_PREFIXES

MAX_VALIDATED_ROWS = 10_000


def neutralise(text: str) -> str:
    if text and text[0] in FORMULA_PREFIXES:
        return "'" + text
    return text


class XlsxWriter:
    """`with XlsxWriter(target, headers) as w: w.write_row([...])` — target is a path or a BytesIO."""

    def __init__(self, target, headers: list[str], *, sheet_name="Sheet1", widths=None, header_color=None):
        self.workbook = xlsxwriter.Workbook(
            target, {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
        )
        self.sheet = self.workbook.add_worksheet(sheet_name)
        self.header_format = self.workbook.add_format(
            {"bold": True, "bg_color": header_color or "#DDEBF7", "border": 1, "valign": "vcenter"}
        )
        self.date_format = self.workbook.add_format({"num_format": "yyyy-mm-dd"})
        self.datetime_format = self.workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"})
        self.row = 0
        for col, width in enumerate(widths or [max(10, min(40, len(h) * 2 + 4)) for h in headers]):
            self.sheet.set_column(col, col, width)
        if headers:
            self.write_row(headers, cell_format=self.header_format)
            self.sheet.freeze_panes(1, 0)

    def write_row(self, values, cell_format=None):
        write_cell(self.sheet, self.row, values, cell_format, self.date_format, self.datetime_format)
        self.row += 1

    def close(self):
        self.workbook.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False


def write_cell(sheet, row, values, cell_format, date_format, datetime_format):
    for col, value in enumerate(values):
        if value is None or value == "":
            continue
        if isinstance(value, bool):
            sheet.write_string(row, col, "是" if value else "否", cell_format)
        elif isinstance(value, int | float | decimal.Decimal):
            sheet.write_number(row, col, float(value), cell_format)
        elif isinstance(value, datetime.datetime):
            sheet.write_datetime(row, col, value.replace(tzinfo=None), cell_format or datetime_format)
        elif isinstance(value, datetime.date):
            sheet.write_datetime(row, col, value, cell_format or date_format)
        else:
            sheet.write_string(row, col, neutralise(str(value)), cell_format)


def write_xlsx(headers, rows, *, sheet_name="Sheet1", widths=None) -> bytes:
    buffer = io.BytesIO()
    with XlsxWriter(buffer, headers, sheet_name=sheet_name, widths=widths) as writer:
        for row in rows:
            writer.write_row(row)
    return buffer.getvalue()


def build_template(columns, *, sheet_name="导入数据", instructions: list[str] = (), example=True) -> bytes:
    """An import template: Chinese headers (required ones red with *), dropdowns for enumerations
    (a hidden "选项" sheet holds long lists), an example row marked （示例）, and a 填写说明 sheet."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"strings_to_formulas": False, "strings_to_urls": False})
    sheet = workbook.add_worksheet(sheet_name)
    guide = workbook.add_worksheet("填写说明")
    options = workbook.add_worksheet("选项")
    required_fmt = workbook.add_format(
        {"bold": True, "font_color": "#C00000", "bg_color": "#FCE4D6", "border": 1}
    )
    header_fmt = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    example_fmt = workbook.add_format({"font_color": "#808080", "italic": True})
    text_fmt = workbook.add_format({"num_format": "@"})
    date_fmt = workbook.add_format({"num_format": "yyyy-mm-dd", "font_color": "#808080", "italic": True})
    sheet.freeze_panes(1, 0)
    option_col = 0
    for col, column in enumerate(columns):
        sheet.set_column(col, col, column.width, text_fmt if column.key.endswith("code") else None)
        header = f"*{column.header}" if column.required else column.header
        sheet.write_string(0, col, header, required_fmt if column.required else header_fmt)
        if column.note:
            sheet.write_comment(0, col, column.note, {"x_scale": 2})
        if column.choices:
            if sum(len(c) + 1 for c in column.choices) < 250:
                source = list(column.choices)
            else:
                options.write_string(0, option_col, column.header)
                for i, label in enumerate(column.choices, start=1):
                    options.write_string(i, option_col, label)
                letter = xlsxwriter.utility.xl_col_to_name(option_col)
                source = f"=选项!${letter}$2:${letter}${len(column.choices) + 1}"
                option_col += 1
            sheet.data_validation(
                1,
                col,
                MAX_VALIDATED_ROWS,
                col,
                {
                    "validate": "list",
                    "source": source,
                    "error_title": "请从下拉列表中选择",
                    "error_message": f"“{column.header}”只能填写下拉列表中的值。",
                },
            )
        if example and column.example not in ("", None):
            value = column.example
            if isinstance(value, datetime.date):
                sheet.write_datetime(1, col, value, date_fmt)
            elif isinstance(value, int | float):
                sheet.write_number(1, col, value, example_fmt)
            else:
                sheet.write_string(1, col, str(value), example_fmt)
    options.hide()
    guide.set_column(0, 0, 100)
    lines = [
        "填写说明",
        "1. 请在“导入数据”工作表中逐行填写，第一行表头请勿修改；红色带 * 的列为必填。",
        "2. 第二行为示例（企业名称以“（示例）”开头），导入时会自动跳过，可直接覆盖或删除。",
        "3. 日期可写作 2020-01-05、2020/1/5 或 2020年1月5日；金额可带“万”“元”或千分位逗号。",
        "4. 有下拉列表的列请从列表中选择。",
        *instructions,
    ]
    bold = workbook.add_format({"bold": True, "font_size": 14})
    for i, line in enumerate(lines):
        guide.write_string(i, 0, line, bold if i == 0 else None)
    workbook.close()
    return buffer.getvalue()


EXAMPLE_MARKERS = ("(示例)", "（示例）", "示例：", "示例:")


def is_example(text: str) -> bool:
    return text.startswith(EXAMPLE_MARKERS)
