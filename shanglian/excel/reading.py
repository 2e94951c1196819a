"""Reading uploaded tables (xlsx, xls via python-calamine; csv via the csv module), row by row.

`open_table(path, filename, columns)` checks the file (type by content, size, encryption, corruption,
header, row limit) and returns a `Table` whose `rows()` yields `(row_number, {key: raw value})` one at a
time, so the import code never holds the whole file in Python objects.
"""

from __future__ import annotations

import codecs
import csv
import operator
import os
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import python_calamine
from django.conf import settings

from shanglian.core.errors import ServiceError
from shanglian.core.process import memory_bounded
from shanglian.excel.guard import ArchiveRefused, inspect_xlsx
from shanglian.excel.normalize import clean_text

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# An encrypted .xlsx is an OLE container with these streams (MS-OFFCRYPTO); names are UTF-16LE.
_ENCRYPTED_MARKERS = ("EncryptionInfo".encode("utf-16-le"), "EncryptedPackage".encode("utf-16-le"))
ALLOWED_SUFFIXES = (".xlsx", ".xls", ".csv")
HEADER_SEARCH_ROWS = 5


class ExcelError(ServiceError):
    """The uploaded file as a whole cannot be read; the message says why, in Chinese."""


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool = False
    aliases: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()  # labels offered in the template's dropdown
    width: int = 16
    example: object = ""
    note: str = ""
    # The model field (attname) the column writes, for an importer whose writers derive from the schema;
    # and the cell parser (raw cell → value, ValueError with a Chinese reason) when the importer's row
    # parser has no hand-written path for the column.
    field: str | None = None
    parse: Callable[[Any], Any] | None = None


def max_rows() -> int:
    return int(getattr(settings, "IMPORT_MAX_ROWS", 200_000))


def check_upload(uploaded) -> None:
    """Reject a Django UploadedFile by name and size before it is stored."""
    name = getattr(uploaded, "name", "") or ""
    if not name.lower().endswith(ALLOWED_SUFFIXES):
        raise ExcelError("仅支持 Excel（.xlsx、.xls）或 CSV 文件，请另存为其中一种格式后再上传。")
    limit = settings.UPLOAD_MAX_BYTES
    if uploaded.size > limit:
        raise ExcelError(f"文件过大（{uploaded.size / 1048576:.1f} MB），上传上限为 {limit // 1048576} MB。")
    if uploaded.size == 0:
        raise ExcelError("文件是空的。")


def sniff(path: str | Path, filename: str) -> str:
    """The real format, judged by content: "xlsx", "xls" or "csv"; raises ExcelError otherwise."""
    suffix = os.path.splitext(filename.lower())[1]
    if suffix not in ALLOWED_SUFFIXES:
        raise ExcelError("仅支持 Excel（.xlsx、.xls）或 CSV 文件，请另存为其中一种格式后再上传。")
    size = os.path.getsize(path)
    if size > settings.UPLOAD_MAX_BYTES:
        raise ExcelError(
            f"文件过大（{size / 1048576:.1f} MB），上传上限为 {settings.UPLOAD_MAX_BYTES // 1048576} MB。"
        )
    if size == 0:
        raise ExcelError("文件是空的。")
    with open(path, "rb") as fh:
        head = fh.read(8)
        if head.startswith(OLE_MAGIC):
            fh.seek(0)
            if _has_marker(fh, _ENCRYPTED_MARKERS):
                raise ExcelError("文件设置了打开密码，系统无法读取。请在 Excel 中取消密码后重新上传。")
            return "xls"
    if head.startswith(ZIP_MAGIC):
        try:
            with zipfile.ZipFile(path) as zf:
                names = set(zf.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            raise ExcelError("文件已损坏，无法打开。请在 Excel 中打开并重新保存后上传。")
        if "xl/workbook.xml" not in names:
            raise ExcelError("文件不是有效的 Excel 工作簿（可能是其他程序的文件改了扩展名）。")
        return "xlsx"
    if suffix == ".csv":
        return "csv"
    raise ExcelError("文件已损坏或不是有效的 Excel 文件，请在 Excel 中打开并重新保存后上传。")


def _has_marker(fh, markers, chunk=1 << 20) -> bool:
    tail = b""
    while block := fh.read(chunk):
        data = tail + block
        if any(m in data for m in markers):
            return True
        tail = data[-64:]
    return False


@dataclass
class Table:
    """An opened, checked table. `rows()` streams the data rows after the header."""

    kind: str
    header: list[str]
    positions: dict[str, int]  # column key -> index in the row
    header_row: int  # 1-based row number of the header
    estimated_rows: int
    _iter: Iterator[list] = field(repr=False, default=None)
    _close: object = field(repr=False, default=None)
    unknown_headers: list[str] = field(default_factory=list)
    sheet: str = ""  # the worksheet read (empty for a CSV); the preview names it

    def rows(self) -> Iterator[tuple[int, dict]]:
        """(row number as Excel shows it, {key: raw value}); blank rows are skipped."""
        keys = list(self.positions)
        for number, raw in self._picked_rows():
            yield number, dict(zip(keys, raw, strict=False))

    def batches(self, size: Callable[[], int]) -> Iterator[tuple[list[int], dict[str, tuple]]]:
        """The rows of `rows()` in batches of up to size() rows, column by column: (row numbers, {key: the
        column's raw values}), for parsers that normalise a column's distinct values once."""
        keys = list(self.positions)
        numbers: list[int] = []
        rows: list = []
        for number, raw in self._picked_rows():
            numbers.append(number)
            rows.append(raw)
            if len(rows) >= size():
                yield numbers, dict(zip(keys, zip(*rows, strict=True), strict=True))
                numbers, rows = [], []
        if rows:
            yield numbers, dict(zip(keys, zip(*rows, strict=True), strict=True))

    def _picked_rows(self) -> Iterator[tuple[int, Any]]:
        """(row number, the row's cells in the order of `positions`), blank rows skipped."""
        limit = max_rows()
        count = 0
        number = self.header_row
        width = len(self.header)
        indexes = list(self.positions.values())
        pick = operator.itemgetter(*indexes) if len(indexes) > 1 else lambda raw: (raw[indexes[0]],)
        if indexes == list(range(width)):  # the columns as our template has them: no picking
            pick = None
        try:
            for raw in self._iter:
                number += 1
                if raw.count("") + raw.count(None) == len(raw):  # blank row
                    continue
                count += 1
                if count > limit:
                    raise ExcelError(f"数据超过 {limit} 行的上限，请拆分成多个文件分批导入。")
                if len(raw) < width:
                    raw = list(raw) + [""] * (width - len(raw))
                elif pick is None and len(raw) > width:  # a CSV line with cells beyond the header
                    raw = raw[:width]
                yield number, raw if pick is None else pick(raw)
        except (python_calamine.CalamineError, UnicodeDecodeError, csv.Error) as exc:
            raise ExcelError(f"第 {number} 行附近读取失败，文件可能已损坏：{exc}")
        finally:
            self.close()

    def close(self):
        if self._close:
            self._close()
            self._close = None


def _normal_header(value) -> str:
    text = clean_text(value).replace(" ", "")
    text = text.lstrip("*").rstrip("*")
    for bracket in ("(", "（"):
        if bracket in text and text.endswith((")", "）")):
            text = text[: text.index(bracket)]
    return text


def open_table(path: str | Path, filename: str, columns: list[Column]) -> Table:
    kind = sniff(path, filename)
    sheet = ""
    if kind == "csv":
        rows_iter, estimated, close = _csv_rows(path)
    else:
        index = None
        if kind == "xlsx":
            try:
                index = inspect_xlsx(path)  # before python-calamine allocates the sheet's whole extent
            except ArchiveRefused as exc:
                raise ExcelError(exc.messages[0])
        rows_iter, estimated, close, sheet = _calamine_rows(path, index)
    if estimated - 1 > max_rows():
        close()
        raise ExcelError(f"数据超过 {max_rows()} 行的上限，请拆分成多个文件分批导入。")
    wanted = {}
    for col in columns:
        for name in (col.header, *col.aliases):
            wanted[_normal_header(name)] = col.key
    header, header_row = None, 0
    for _ in range(HEADER_SEARCH_ROWS):
        try:
            raw = next(rows_iter)
        except StopIteration:
            break
        except (python_calamine.CalamineError, UnicodeDecodeError, csv.Error):
            close()
            raise ExcelError("文件已损坏，无法读取表头。")
        header_row += 1
        names = [_normal_header(v) for v in raw]
        if any(n in wanted for n in names):
            header = names
            break
    if header is None:
        close()
        if header_row == 0:
            raise ExcelError("文件中没有数据。")
        expected = "、".join(c.header for c in columns if c.required)
        raise ExcelError(f"没有找到表头行。请使用系统提供的导入模板，表头需包含：{expected}。")
    positions = {}
    duplicates = []
    for index, name in enumerate(header):
        key = wanted.get(name)
        if key is None:
            continue
        if key in positions:
            duplicates.append(name)
            continue
        positions[key] = index
    if duplicates:
        close()
        raise ExcelError(f"表头重复：{'、'.join(duplicates)}。每一列只能出现一次。")
    missing = [c.header for c in columns if c.required and c.key not in positions]
    if missing:
        close()
        raise ExcelError(f"缺少必填列：{'、'.join(missing)}。请使用系统提供的导入模板。")
    unknown = [n for n in header if n and n not in wanted]
    return Table(
        kind=kind,
        header=header,
        positions=positions,
        header_row=header_row,
        estimated_rows=max(estimated - header_row, 0),
        _iter=rows_iter,
        _close=close,
        unknown_headers=unknown,
        sheet=sheet,
    )


def _calamine_rows(path, index: int | None = None):
    """The rows of the sheet at `index` (the guard's choice for an .xlsx: the active visible sheet), else of
    the first visible sheet: never a hidden first sheet the user does not see (issue 11 defect 5).

    python-calamine loads the whole sheet here, so in a task worker this runs under the address-space bound
    (core.process.memory_bounded, IMPORT_READ_MEMORY_MB; issue 11 defect 1)."""
    with memory_bounded():
        return _load_sheet(path, index)


def _load_sheet(path, index: int | None):
    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
        if index is None:
            visible = [
                i
                for i, m in enumerate(workbook.sheets_metadata)
                if m.visible == python_calamine.SheetVisibleEnum.Visible
            ]
            index = visible[0] if visible else 0
        name = workbook.sheet_names[index]
        sheet = workbook.get_sheet_by_index(index)
    except python_calamine.PasswordError:
        raise ExcelError("文件设置了打开密码，系统无法读取。请在 Excel 中取消密码后重新上传。")
    except (python_calamine.CalamineError, ValueError, OSError) as exc:
        raise ExcelError(f"文件已损坏，无法打开（{type(exc).__name__}）。请在 Excel 中打开并重新保存后上传。")
    return iter(sheet.iter_rows()), sheet.height, workbook.close, name


def _csv_rows(path):
    encoding = _csv_encoding(path)
    fh = open(path, encoding=encoding, newline="")  # noqa: SIM115 - closed by Table.close()
    with open(path, "rb") as raw:
        estimated = sum(block.count(b"\n") for block in iter(lambda: raw.read(1 << 20), b""))
    return iter(csv.reader(fh, dialect=_csv_dialect(path, encoding))), estimated + 1, fh.close


def _csv_encoding(path) -> str:
    """UTF-8 (with or without BOM) when it decodes, else GB18030 (what Chinese Excel saves as CSV)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with open(path, "rb") as fh:
        head = fh.read(4)
        if head.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        fh.seek(0)
        try:
            while block := fh.read(1 << 20):
                decoder.decode(block)
            decoder.decode(b"", final=True)
            return "utf-8"
        except UnicodeDecodeError:
            return "gb18030"


def _csv_dialect(path, encoding):
    with open(path, encoding=encoding, newline="") as fh:
        sample = fh.read(8192)
    try:
        return csv.Sniffer().sniff(sample, delimiters=",\t;")
    except csv.Error:
        return csv.excel


def read_all(path, filename, columns) -> list[tuple[int, dict]]:
    """Convenience for small files and tests: every data row at once."""
    return list(open_table(path, filename, columns).rows())


__all__ = ["Column", "ExcelError", "Table", "check_upload", "open_table", "read_all", "sniff"]
