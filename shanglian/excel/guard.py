"""Inspecting an .xlsx archive before python-calamine loads it (issue 11, defect 1).

python-calamine builds a dense grid of the sheet's whole extent in memory: one cell at XFD199999 in a 2 KB
file asks for ~98 GiB and kills the process, and a decompression bomb (a few MB that unzip to GBs) is read
whole. So before any sheet is loaded the archive is checked: the entries' unzipped sizes and compression
ratios, and the sheet that will be read — its declared dimension and its real extent (every row and cell
reference, streamed through in bounded chunks). What exceeds the row, column, cell or size limits is
refused with a Chinese message, and nothing is read."""

from __future__ import annotations

import functools
import re
import zipfile
from pathlib import Path

from django.conf import settings

from shanglian.core.errors import ServiceError

CHUNK = 1 << 20
# Small entries compress well without being bombs; only entries above this are held to the ratio.
RATIO_FLOOR = 1 << 20
_SHEET = re.compile(rb"<(?:\w+:)?sheet\b([^>]*)>")
_ATTR = re.compile(rb'([\w:]+)="([^"]*)"')
_RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\b([^>]*)>")
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\b[^>]*?\sref="([A-Z]*)([0-9]*)(?::([A-Z]*)([0-9]*))?"')


class ArchiveRefused(ServiceError):
    """The workbook is over a limit; the message says which, in Chinese."""


def _limit(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def max_columns() -> int:
    return _limit("IMPORT_MAX_COLUMNS", 200)


def max_cells() -> int:
    return _limit("IMPORT_MAX_CELLS", 8_000_000)


def max_unzipped_bytes() -> int:
    return _limit("IMPORT_MAX_UNZIPPED_BYTES", 512 * 1024 * 1024)


def max_ratio() -> int:
    return _limit("IMPORT_MAX_ZIP_RATIO", 100)


def column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _attributes(raw: bytes) -> dict[bytes, bytes]:
    return {key.split(b":")[-1]: value for key, value in _ATTR.findall(raw)}


_WORKBOOK_VIEW = re.compile(rb"<(?:\w+:)?workbookView\b([^>]*)>")


def sheet_to_read(zf: zipfile.ZipFile) -> tuple[int, str | None]:
    """The sheet an import reads (issue 11 defect 5): the active one (workbookView's activeTab) when it is
    visible, else the first visible one, else the first. Returns its index among the workbook's sheets
    (python-calamine's order) and its part in the archive (None when workbook.xml or its rels are odd)."""
    names = set(zf.namelist())
    if "xl/workbook.xml" not in names:
        return 0, None
    with zf.open("xl/workbook.xml") as fh:
        workbook = fh.read(4 * CHUNK)
    sheets = [_attributes(m.group(1)) for m in _SHEET.finditer(workbook)]
    if not sheets:
        return 0, None
    view = _WORKBOOK_VIEW.search(workbook)
    active = _attributes(view.group(1)).get(b"activeTab", b"0") if view is not None else b"0"
    visible = [i for i, attrs in enumerate(sheets) if attrs.get(b"state", b"visible") == b"visible"]
    index = int(active) if active.isdigit() else 0
    if index not in visible:
        index = visible[0] if visible else 0
    rid = sheets[index].get(b"id")
    if "xl/_rels/workbook.xml.rels" not in names:
        return index, None
    with zf.open("xl/_rels/workbook.xml.rels") as fh:
        rels = fh.read(4 * CHUNK)
    for rel in _RELATIONSHIP.finditer(rels):
        attrs = _attributes(rel.group(1))
        if attrs.get(b"Id") == rid and b"Target" in attrs:
            target = attrs[b"Target"].decode("utf-8", "replace")
            return index, target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return index, None


def max_rows() -> int:
    return _limit("IMPORT_MAX_ROWS", 200_000)


# The header may sit a few rows down (reading.HEADER_SEARCH_ROWS): the extent may exceed the data rows by that.
HEADER_ROWS = 5


def _check_extent(rows: int, columns: int) -> None:
    if rows > max_rows() + HEADER_ROWS:
        raise ArchiveRefused(
            f"工作表的范围达到第 {rows} 行，超过 {max_rows()} 行的上限，请删除多余的行或拆分成多个文件。"
        )
    if columns > max_columns():
        raise ArchiveRefused(
            f"工作表的范围达到第 {columns} 列，超过 {max_columns()} 列的上限，请删除多余的列后重新上传。"
        )
    if rows * columns > max_cells():
        raise ArchiveRefused(
            f"工作表的范围过大（{rows} 行 × {columns} 列），超出系统可处理的范围，请删除多余的行列或拆分文件。"
        )


def inspect_xlsx(path: str | Path) -> int:
    """Raise ArchiveRefused when the workbook would exceed a limit once loaded (see the module doc).
    Returns the index of the sheet to read (`sheet_to_read`): the one that was checked."""
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        return 0  # sniff() already judged the file; calamine reports what is wrong with it
    with zf:
        total = 0
        for info in zf.infolist():
            total += info.file_size
            if info.file_size > RATIO_FLOOR and info.file_size > max_ratio() * max(info.compress_size, 1):
                raise ArchiveRefused(
                    "文件解压后异常膨胀（疑似压缩炸弹），系统拒绝读取。请在 Excel 中另存后重新上传。"
                )
            if total > max_unzipped_bytes():
                raise ArchiveRefused(
                    f"文件解压后超过 {max_unzipped_bytes() // 1048576} MB，超出系统可处理的上限，请拆分成多个文件。"
                )
        index, sheet = sheet_to_read(zf)
        sheets = [sheet] if sheet in set(zf.namelist()) else [
            n for n in zf.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml")
        ]  # fmt: skip
        for name in sheets:
            _check_sheet(zf, name)
    return index


# The extent is found by a few C-speed scans per chunk instead of one Python step per cell (a 100,000-row
# roster has 1.1 M references: the per-cell loop was ~9% of the import). A reference is any `r="…"`
# attribute value of letters then digits; text that merely looks like one can only make the check stricter.
_WIDE_REFERENCE = re.compile(rb'r="([A-Z]{2,8})[0-9]')


@functools.cache
def _rows_with_digits(digits: int, more: bool = False) -> re.Pattern[bytes]:
    """Row numbers of exactly `digits` significant digits (or at least that many with `more`)."""
    count = f"{digits - 1}," if more else str(digits - 1)
    return re.compile(rb'r="[A-Z]{0,8}0*([1-9][0-9]{%s})"' % count.encode())


@functools.cache
def _letter_after(columns: int) -> re.Pattern[bytes]:
    """A one-letter column reference right of column `columns` (< 26)."""
    return re.compile(rb'r="[%c-Z][0-9]' % (65 + columns))


def _extent(data: bytes, rows: int, columns: int) -> tuple[int, int]:
    """(rows, columns) grown by the references in `data`: the highest row and column either holds."""
    # Rows: only numbers of at least as many digits as the highest so far can raise it; from the longest down.
    floor = len(str(rows)) if rows else 1
    ceiling = len(str(max_rows() + HEADER_ROWS)) + 1
    for digits in range(ceiling, floor - 1, -1):
        found = _rows_with_digits(digits, more=digits == ceiling).findall(data)
        if found:
            rows = max(rows, *map(int, found))
            break
    # Columns: two letters or more is rare (past Z); else the highest single letter, by substring tests.
    wide = _WIDE_REFERENCE.findall(data)
    if wide:
        columns = max(columns, *map(column_number, set(wide)))
    elif columns < 26 and _letter_after(columns).search(data) is not None:
        # From Z down, the first letter present that a digit follows: a substring test first (cheap), the
        # pattern only then; the letters above it were ruled out, so its match is this letter's.
        for number in range(26, columns, -1):
            if b'r="%c' % (64 + number) in data and _letter_after(number - 1).search(data) is not None:
                columns = number
                break
    return rows, columns


def _check_sheet(zf: zipfile.ZipFile, name: str) -> None:
    rows = columns = 0
    with zf.open(name) as fh:
        tail = b""
        first = True
        while chunk := fh.read(CHUNK):
            data = tail + chunk
            cut = data.rfind(b"<")
            data, tail = (data[:cut], data[cut:]) if cut > 0 else (data, b"")
            if first:
                first = False
                dim = _DIMENSION.search(data)
                if dim is not None:
                    last_col, last_row = (
                        (dim.group(3), dim.group(4)) if dim.group(3) is not None else dim.group(1, 2)
                    )
                    _check_extent(int(last_row or 0), column_number(last_col or b""))
            rows, columns = _extent(data, rows, columns)
            # A far reference anywhere is enough: refuse as soon as the extent so far is over a limit.
            _check_extent(rows, columns)
        rows, columns = _extent(tail, rows, columns)
    _check_extent(rows, columns)
