"""Excel export of the registry's lists: a thin layer on the one writer in `shanglian.excel.writing`
(constant memory, every text cell guarded against formula injection)."""

from __future__ import annotations

import io

from django.http import HttpResponse
from django.utils.http import content_disposition_header

from shanglian.excel.writing import XlsxWriter, neutralise

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# The most rows one download holds. A list that reaches it says so in its last row (issue 13: exports were
# cut at this many rows without a word).
EXPORT_LIMIT = 50_000

# Kept under its registry name: tests and callers say safe_text for a neutralised cell.
safe_text = neutralise


class _Counting:
    def __init__(self, rows):
        self.rows, self.count = rows, 0

    def __iter__(self):
        for row in self.rows:
            self.count += 1
            yield row


def workbook_bytes(sheet_name: str, headers: list[str], rows) -> tuple[bytes, int]:
    buffer = io.BytesIO()
    counted = _Counting(rows)
    with XlsxWriter(buffer, headers, sheet_name=sheet_name[:31]) as writer:
        for row in counted:
            writer.write_row(row)
        if counted.count >= EXPORT_LIMIT:
            writer.write_row(
                [f"（仅导出前 {EXPORT_LIMIT} 行：符合条件的记录更多，请增加筛选条件后分批导出）"]
                + [""] * (len(headers) - 1)
            )
    return buffer.getvalue(), counted.count


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
