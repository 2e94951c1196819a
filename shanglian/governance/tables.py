"""List pages and their Excel exports from one column spec, so both always show the same thing."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from urllib.parse import quote

import xlsxwriter
from django.http import HttpResponse

from shanglian.audit import services as audit

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable  # obj -> value; for badge columns (text, colour)
    badge: bool = False
    link: Callable | None = None  # obj -> url (HTML only)


def neutralise(text: str) -> str:
    """Cells starting like a formula are prefixed with a quote so Excel/WPS never evaluates them."""
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def _cell_text(column: Column, obj):
    value = column.value(obj)
    if column.badge:
        value = value[0] if value else ""
    return value


def html_rows(columns, objects):
    rows = []
    for obj in objects:
        cells = []
        for c in columns:
            value = c.value(obj)
            text, colour = (value if value else ("", "")) if c.badge else (value, "")
            if isinstance(text, date):
                text = text.isoformat()
            cells.append(
                {
                    "text": "—" if text in (None, "") else text,
                    "colour": colour,
                    "url": c.link(obj) if c.link else "",
                }
            )
        rows.append({"obj": obj, "cells": cells})
    return rows


def xlsx_response(*, actor, title: str, columns, objects, organization=None, object_type="") -> HttpResponse:
    """An .xlsx of the rows (already scoped by the caller); the export itself is audited."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet(title[:31])
    bold = book.add_format({"bold": True, "bg_color": "#E8EEF7", "border": 1})
    date_fmt = book.add_format({"num_format": "yyyy-mm-dd"})
    for col, c in enumerate(columns):
        sheet.write_string(0, col, c.header, bold)
        sheet.set_column(col, col, max(10, len(c.header) * 2 + 2))
    count = 0
    for row, obj in enumerate(objects, start=1):
        count += 1
        for col, c in enumerate(columns):
            value = _cell_text(c, obj)
            if value is None or value == "":
                sheet.write_blank(row, col, None)
            elif isinstance(value, bool):
                sheet.write_string(row, col, "是" if value else "否")
            elif isinstance(value, datetime):
                sheet.write_datetime(row, col, value.replace(tzinfo=None), date_fmt)
            elif isinstance(value, date):
                sheet.write_datetime(row, col, datetime(value.year, value.month, value.day), date_fmt)
            elif isinstance(value, int | float | Decimal):
                sheet.write_number(row, col, float(value))
            else:
                sheet.write_string(row, col, neutralise(str(value)))
    sheet.freeze_panes(1, 0)
    book.close()
    audit.record(
        actor=actor,
        action=audit.AuditAction.EXPORT,
        organization=organization or getattr(actor, "home_org", None),
        object_type=object_type,
        object_repr=title,
        message=f"导出“{title}” {count} 行",
    )
    filename = f"{title}-{date.today():%Y%m%d}.xlsx"
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
