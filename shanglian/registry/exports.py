"""Excel export of any list, safe against formula injection (CSV/Excel injection, OWASP)."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from urllib.parse import quote

import xlsxwriter
from django.http import HttpResponse

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_text(value: str) -> str:
    """Text that Excel will never run: a cell beginning with = + - @ gets a leading apostrophe."""
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


def workbook_bytes(sheet_name: str, headers: list[str], rows) -> tuple[bytes, int]:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "constant_memory": True})
    sheet = book.add_worksheet(sheet_name[:31])
    bold = book.add_format({"bold": True, "bg_color": "#E8EEF7", "border": 1})
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    money = book.add_format({"num_format": "#,##0.00"})
    for col, header in enumerate(headers):
        sheet.write_string(0, col, header, bold)
        sheet.set_column(col, col, max(10, min(40, len(header) * 2 + 4)))
    count = 0
    for r, row in enumerate(rows, start=1):
        count += 1
        for c, value in enumerate(row):
            if value is None or value == "":
                sheet.write_blank(r, c, None)
            elif isinstance(value, bool):
                sheet.write_string(r, c, "是" if value else "否")
            elif isinstance(value, Decimal):
                sheet.write_number(r, c, float(value), money)
            elif isinstance(value, int | float):
                sheet.write_number(r, c, value)
            elif isinstance(value, datetime.datetime):
                sheet.write_string(r, c, value.strftime("%Y-%m-%d %H:%M"))
            elif isinstance(value, datetime.date):
                sheet.write_datetime(r, c, datetime.datetime.combine(value, datetime.time()), day)
            else:
                sheet.write_string(r, c, safe_text(str(value)))
    sheet.freeze_panes(1, 0)
    book.close()
    return buffer.getvalue(), count


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
