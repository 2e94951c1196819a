"""Value normalisers that accept what real users type into Excel.

Each parser takes a raw cell (str, int, float, bool, date, datetime or None) and returns a clean
Python value, or raises `ValueError` with a Chinese reason shown in the error report.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from shanglian.core.dates import in_range
from shanglian.core.phones import normalize_phone
from shanglian.core.text import BIDI_CONTROLS, find_unsafe, strip_unsafe

_SPACES = re.compile(r"\s+")
_EXCEL_EPOCH = datetime.date(1899, 12, 30)  # 1900 date system, Lotus leap-year bug included
_DATE_RE = re.compile(r"^(\d{4})\s*[年/\-.]\s*(\d{1,2})\s*[月/\-.]\s*(\d{1,2})\s*日?$")
_COMPACT_DATE_RE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_YEAR_MONTH_RE = re.compile(r"^(\d{4})\s*[年/\-.]\s*(\d{1,2})\s*月?$")
_SERIAL_RE = re.compile(r"\d{5}(\.\d+)?")
_INT_RE = re.compile(r"-?\d+")
_LIST_SEPARATORS_RE = re.compile(r"[,，;；、/|\n]")
_UNITS = (("亿元", Decimal(100_000_000)), ("万元", Decimal(10_000)), ("亿", Decimal(100_000_000)))
_UNITS += (("万", Decimal(10_000)), ("元", Decimal(1)))
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# What a spreadsheet takes for a formula at the start of a cell: no name starts with one.
FORMULA_STARTS = "=+-@"
MAX_AMOUNT = Decimal("1e18")  # in the column's unit; the columns themselves check their own, tighter bound


def clean_text(value) -> str:
    """NFKC (full-width digits, letters, spaces → half-width), no zero-width, control or bidi characters
    (`core.text.strip_unsafe`; an import refuses the row that holds one — `forbidden_cells` — so this
    only keeps what is shown or compared clean), trimmed, inner runs of whitespace collapsed to one space.
    Numbers Excel stored as floats lose their `.0`. A leading apostrophe our own exports add against
    formula injection is removed again."""
    if type(value) is str:
        text = value
    elif value is None:
        return ""
    elif isinstance(value, bool):
        return "是" if value else "否"
    else:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, datetime.datetime):
            value = value.date() if value.time() == datetime.time() else value
        text = str(value)
    if text.isprintable() and (text.isascii() or unicodedata.is_normalized("NFKC", text)):
        text = text.strip()  # the common case: no control, bidi or zero-width character, nothing to NFKC
    else:
        # The shared cleaner (core.text) strips what must not be stored; a cell cannot be refused by itself.
        text = unicodedata.normalize("NFKC", strip_unsafe(text)).strip()
    if "  " in text or "\n" in text or "\t" in text:
        text = _SPACES.sub(" ", text)
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_PREFIXES:
        text = text[1:]
    return text


def forbidden_character(text: str) -> str | None:
    """The reason (Chinese) why `text` may not be stored, or None: a control character (NUL, BEL, ESC,
    DEL …) or a bidi control (e.g. U+202E, which shows a name reversed). The characters are those of
    `core.text` (`find_unsafe`), the check forms and the API make too (issue 11 defects 6 and 7)."""
    char = find_unsafe(text)
    if char is None:
        return None
    if char == "\x00":
        return "含有空字符（NUL），请删除后重新填写"
    if char in BIDI_CONTROLS:
        return f"含有改变文字方向的控制字符（U+{ord(char):04X}），请删除后重新填写"
    return f"含有不可见的控制字符（U+{ord(char):04X}），请删除后重新填写"


def forbidden_cells(raw: dict) -> list[tuple[str, str, str]]:
    """(column key, value, reason) for each text cell of an import row holding a forbidden character.
    One search over the row's text cells joined: this runs for every row of a file."""
    texts = [v for v in raw.values() if v.__class__ is str]
    if not texts or find_unsafe("".join(texts)) is None:
        return []
    return [
        (key, value, reason)
        for key, value in raw.items()
        if value.__class__ is str and (reason := forbidden_character(value)) is not None
    ]


def parse_date(value) -> datetime.date | None:
    """2020/1/5, 2020-01-05, 2020.1.5, 2020年1月5日, 20200105, an Excel serial, a date cell — within
    the same sane range as forms and the API (`core.dates`)."""
    day = _parse_date(value)
    if day is not None and not in_range(day):
        raise ValueError(f"日期超出合理范围：{day:%Y-%m-%d}（应在 1900-01-01 至今后十年之间）")
    return day


def _parse_date(value) -> datetime.date | None:
    if value.__class__ is datetime.date:
        return value
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, bool):
        raise ValueError("日期格式无法识别")
    if isinstance(value, int | float):
        return _from_serial(value)
    text = clean_text(value)
    if not text:
        return None
    m = _DATE_RE.match(text) or _COMPACT_DATE_RE.match(text)
    if m:
        y, mo, d = (int(g) for g in m.groups())
        try:
            return datetime.date(y, mo, d)
        except ValueError:
            raise ValueError(f"日期不存在：{text}")
    m = _YEAR_MONTH_RE.match(text)
    if m:
        y, mo = (int(g) for g in m.groups())
        try:
            return datetime.date(y, mo, 1)
        except ValueError:
            raise ValueError(f"日期不存在：{text}")
    if _SERIAL_RE.fullmatch(text):
        return _from_serial(float(text))
    raise ValueError(f"日期格式无法识别：{text}（请填写如 2020-01-05）")


def _from_serial(number: float) -> datetime.date:
    if not 1 <= number < 2958466:
        raise ValueError(f"日期超出范围：{number}")
    return _EXCEL_EPOCH + datetime.timedelta(days=int(number))


def parse_amount(value, *, unit: Decimal | int = 1, places: int = 2) -> Decimal | None:
    """An amount in the unit of the column (`unit` yuan per column unit, e.g. 10000 for 万元).

    Accepts "1,234.5", "１２３４", "120万", "1.2亿元", "5000元", "¥3,000"; returns the value in column
    units, rounded to `places`. Negative amounts are allowed (losses); empty → None."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError("金额应为数字")
    if isinstance(value, int | float):
        amount = Decimal(str(value))
    else:
        text = clean_text(value).replace(",", "").replace("，", "").replace(" ", "")
        text = text.lstrip("¥￥").removeprefix("RMB").removeprefix("人民币")
        if not text:
            return None
        factor = None
        for suffix, yuan in _UNITS:
            if text.endswith(suffix):
                text, factor = text[: -len(suffix)], yuan
                break
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise ValueError(f"金额无法识别：{clean_text(value)}")
        if factor is not None:
            amount = amount * factor / Decimal(unit)
    if not amount.is_finite():
        raise ValueError("金额无法识别")
    # 1e30 (a number cell or typed) would overflow quantize's precision (decimal.InvalidOperation, a 500)
    # and any column: far beyond every amount column we have (≤ 16 digits).
    if abs(amount) >= MAX_AMOUNT:
        raise ValueError(f"金额过大：{clean_text(value)}")
    return amount.quantize(Decimal(1).scaleb(-places))


def parse_int(value, *, minimum: int | None = 0) -> int | None:
    """Whole numbers: 1200, "1,200", "1200人", "１２００", 1200.0."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError("应为整数")
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError(f"应为整数：{value}")
        number = int(value)
    elif isinstance(value, int):
        number = value
    else:
        text = clean_text(value).replace(",", "").replace(" ", "").rstrip("人个家名")
        if not text:
            return None
        if text.endswith(".0"):
            text = text[:-2]
        if not _INT_RE.fullmatch(text):
            raise ValueError(f"应为整数：{clean_text(value)}")
        if len(text) > 18:  # int("9" * 5000) is slow, and nothing we count comes near
            raise ValueError(f"数值过大：{text[:20]}…")
        number = int(text)
    if minimum is not None and number < minimum:
        raise ValueError(f"不能小于 {minimum}")
    return number


def parse_choice(value, choices) -> str:
    """A TextChoices value given as its value or its Chinese label ("小型" or "small")."""
    return choice_parser(choices)(value)


def choice_parser(choices):
    """`parse_choice` with the choices indexed once: for the per-row loop of an import."""
    choices = tuple(choices)
    by_key, by_label = {}, {}
    for index, (key, label) in enumerate(choices):
        by_key.setdefault(str(key).lower(), index)  # the first matching choice wins, as in a linear scan
        by_label.setdefault(str(label), index)

    def parse(value) -> str:
        text = clean_text(value)
        if not text:
            return ""
        found = [i for i in (by_key.get(text.lower()), by_label.get(text)) if i is not None]
        if found:
            return choices[min(found)][0]
        labels = "、".join(str(label) for _, label in choices)
        raise ValueError(f"“{text}”不是可选值（可选：{labels}）")

    return parse


def parse_phone(value) -> str:
    """A phone number by the one rule (`core.phones`: mobile, or landline with its area code) as its
    compact digits; "" for an empty cell."""
    text = clean_text(value)
    return normalize_phone(text) if text else ""


def split_list(value) -> list[str]:
    """ "高新技术, 红盟企业；专精特新" → three items (comma, Chinese comma, semicolon, 、, newline)."""
    text = clean_text(value)
    if not text:
        return []
    return [part.strip() for part in _LIST_SEPARATORS_RE.split(text) if part.strip()]
