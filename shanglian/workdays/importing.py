"""The State Council schedule as an Excel sheet: its column schema, the row parser and the template.

Kept apart from the page and the writer so it can become a declaration on the shared import engine
later: `COLUMNS` is the one schema the template and the parser derive from, `parse_rows` turns raw rows
into days or row-level Chinese errors, and `services.import_schedule` writes them all or nothing.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import xlsxwriter

from shanglian.excel.normalize import clean_text, forbidden_character, parse_date
from shanglian.excel.reading import Column, open_table
from shanglian.workdays.models import DayKind

COLUMNS: list[Column] = [
    Column("date", "日期", required=True, width=14, note="如 2027-10-01；放假期间的每一天各占一行"),
    Column(
        "kind",
        "类型",
        required=True,
        choices=("放假", "调休上班"),
        width=12,
        note="放假：这一天休息；调休上班：周六或周日照常上班",
    ),
    Column("name", "名称", aliases=("节日", "假日名称"), width=16, note="如 国庆节、春节"),
]

# What people write in the 类型 column; the State Council's notice says 放假 / 上班.
KIND_WORDS: dict[str, str] = {
    "放假": DayKind.HOLIDAY,
    "休息": DayKind.HOLIDAY,
    "休假": DayKind.HOLIDAY,
    "节假日": DayKind.HOLIDAY,
    "调休上班": DayKind.MAKEUP,
    "上班": DayKind.MAKEUP,
    "补班": DayKind.MAKEUP,
    "调休": DayKind.MAKEUP,
}
NAME_MAX = 50


@dataclass(frozen=True)
class ParsedDay:
    row: int
    date: date
    kind: str
    name: str


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"第 {self.row} 行“{self.column}”：{self.message}"


def parse_rows(rows: Iterable[tuple[int, dict[str, Any]]]) -> tuple[list[ParsedDay], list[RowError]]:
    """Days from `(row number, {column key: raw value})`; any error means the caller writes nothing."""
    days: list[ParsedDay] = []
    errors: list[RowError] = []
    first_row_of: dict[date, int] = {}
    for number, raw in rows:
        day = _parse_day(number, raw.get("date"), errors)
        kind = _parse_kind(number, raw.get("kind"), errors)
        name = clean_text(raw.get("name"))
        raw_name = raw.get("name")
        if isinstance(raw_name, str) and (reason := forbidden_character(raw_name)) is not None:
            errors.append(RowError(number, "名称", reason))  # the shared cleaner's refusal (issue 11)
        if len(name) > NAME_MAX:
            errors.append(RowError(number, "名称", f"不能超过 {NAME_MAX} 个字"))
        if day is None or kind is None:
            continue
        if day in first_row_of:
            errors.append(RowError(number, "日期", f"{day:%Y-%m-%d} 与第 {first_row_of[day]} 行重复"))
            continue
        first_row_of[day] = number
        if kind == DayKind.MAKEUP and day.weekday() < 5:
            errors.append(RowError(number, "类型", f"{day:%Y-%m-%d} 是工作日，调休上班日应为周六或周日"))
            continue
        days.append(ParsedDay(number, day, kind, name[:NAME_MAX]))
    if not days and not errors:
        errors.append(RowError(0, "日期", "文件中没有数据行"))
    return days, errors


def _parse_day(number: int, value: Any, errors: list[RowError]) -> date | None:
    try:
        day = parse_date(value)
    except ValueError as exc:
        errors.append(RowError(number, "日期", str(exc)))
        return None
    if day is None:
        errors.append(RowError(number, "日期", "必填"))
        return None
    if not 2000 <= day.year <= 2100:
        errors.append(RowError(number, "日期", f"年份 {day.year} 不在 2000–2100 之间"))
        return None
    return day


def _parse_kind(number: int, value: Any, errors: list[RowError]) -> str | None:
    text = clean_text(value).replace(" ", "")
    if not text:
        errors.append(RowError(number, "类型", "必填（放假 或 调休上班）"))
        return None
    kind = KIND_WORDS.get(text)
    if kind is None:
        errors.append(RowError(number, "类型", f"无法识别“{text}”，只能填写 放假 或 调休上班"))
    return kind


def read_file(path: str | Path, filename: str) -> tuple[list[ParsedDay], list[RowError]]:
    """Open an uploaded .xlsx/.xls/.csv (ExcelError for an unreadable file) and parse its rows."""
    table = open_table(path, filename, COLUMNS)
    return parse_rows(table.rows())


def template_bytes() -> bytes:
    """The import template: the schema's headers, a dropdown for 类型, and a 填写说明 sheet."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"strings_to_formulas": False, "strings_to_urls": False})
    sheet = workbook.add_worksheet("节假日安排")
    guide = workbook.add_worksheet("填写说明")
    required = workbook.add_format(
        {"bold": True, "font_color": "#C00000", "bg_color": "#FCE4D6", "border": 1}
    )
    plain = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    sheet.freeze_panes(1, 0)
    for index, column in enumerate(COLUMNS):
        sheet.set_column(index, index, column.width, date_format if column.key == "date" else None)
        sheet.write_string(
            0,
            index,
            f"*{column.header}" if column.required else column.header,
            required if column.required else plain,
        )
        if column.note:
            sheet.write_comment(0, index, column.note, {"x_scale": 2})
        if column.choices:
            sheet.data_validation(
                1,
                index,
                1000,
                index,
                {
                    "validate": "list",
                    "source": list(column.choices),
                    "error_title": "请从下拉列表中选择",
                    "error_message": f"“{column.header}”只能填写：{'、'.join(column.choices)}",
                },
            )
    guide.set_column(0, 0, 90)
    lines = [
        "填写说明",
        "1. 按国务院办公厅当年发布的《关于××年部分节假日安排的通知》逐日填写，每一天占一行。",
        "2. 放假期间的每一天（含其中的周六、周日）填“放假”；调休上班的周六、周日填“调休上班”。",
        "3. 日期可写作 2027-10-01、2027/10/1 或 2027年10月1日。",
        "4. 同一日期只能出现一次；任何一行有误时整个文件都不会导入，请按错误提示修改后重新上传。",
        "5. 已有的日期会被文件中的内容覆盖；文件中没有的日期保持不变。",
    ]
    bold = workbook.add_format({"bold": True, "font_size": 14})
    for i, line in enumerate(lines):
        guide.write_string(i, 0, line, bold if i == 0 else None)
    workbook.close()
    return buffer.getvalue()
