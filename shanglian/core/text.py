"""The one text cleaner: what may be stored as a name or a text field.

Forms (`core.forms.CleanForm`), the API (`TextCleaningParser`) and the Excel import
(`excel.normalize.clean_text`) all go through here, so a name typed, posted or imported is the same
string. Characters that change how text *looks* without being visible are the danger: control
characters (BEL, ESC, DEL, C1), bidi overrides and isolates (U+202A–202E, U+2066–2069: a
right-to-left override makes "exe.txt" read as "txt.exe") and NUL (PostgreSQL refuses it outright).
Typed input containing them is refused with a Chinese message; imported cells have them stripped (an
import cannot ask the user, and the row stays readable). Zero-width characters are removed silently,
as the import always did. NFKC (full-width letters and digits → half-width) applies to single-line
values — names, codes — as in the import; free text keeps its full-width punctuation.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from typing import Any

from django.core.exceptions import ValidationError

__all__ = [
    "BIDI_CONTROLS",
    "CONTROL_CHARS",
    "ZERO_WIDTH",
    "clean_input",
    "find_unsafe",
    "refusal_for",
    "remove_zero_width",
    "strip_unsafe",
]

ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff")
# Embeddings, overrides and isolates (U+202A–202E, U+2066–2069) and the direction marks (LRM, RLM, ALM).
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
_LINE_BREAKS = frozenset("\t\n\r")
# C0 (without tab and line breaks), DEL and C1 controls.
CONTROL_CHARS = frozenset(chr(c) for c in (*range(0x20), *range(0x7F, 0xA0))) - _LINE_BREAKS
# One translate table for imports: every unsafe character removed, line breaks kept for the caller.
_STRIP_TABLE = dict.fromkeys(map(ord, ZERO_WIDTH | BIDI_CONTROLS | CONTROL_CHARS), None)
_REMOVE_ZERO_WIDTH = dict.fromkeys(map(ord, ZERO_WIDTH), None)


def _describe(char: str) -> str:
    if char == "\x00":
        return "空字符（NUL）"
    if char in BIDI_CONTROLS:
        return f"文字方向控制符（U+{ord(char):04X}）"
    return f"控制字符（U+{ord(char):04X}）"


def find_unsafe(text: str) -> str | None:
    """The first character that must not be stored, or None (tab and line breaks are allowed)."""
    if text.isprintable():
        return None  # the common case, at C speed: no control or format character at all
    for char in text:
        if char in CONTROL_CHARS or char in BIDI_CONTROLS:
            return char
    return None


def strip_unsafe(text: str) -> str:
    """Remove control characters, bidi controls and zero-width characters (for imported cells, which
    cannot be refused one character at a time). Tab and line breaks are left for the caller."""
    if text.isprintable():
        return text
    return text.translate(_STRIP_TABLE)


def clean_input(value: Any, *, multiline: bool = False, nfkc: bool | None = None) -> Any:
    """Clean one typed value (form or API): refuse unsafe characters (`ValidationError`, Chinese),
    remove zero-width characters, apply NFKC to single-line values. Non-strings pass through."""
    if not isinstance(value, str) or not value:
        return value
    bad = find_unsafe(value)
    if bad is not None:
        raise ValidationError(f"不能包含{_describe(bad)}，请删除后重新输入。", code="unsafe_character")
    if not value.isprintable():
        value = value.translate(_REMOVE_ZERO_WIDTH)
    if (nfkc if nfkc is not None else not multiline) and not value.isascii():
        value = unicodedata.normalize("NFKC", value)
    return value


def _walk_strings(data: Any) -> Iterator[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _walk_strings(key)
            yield from _walk_strings(value)
    elif isinstance(data, list):
        for item in data:
            yield from _walk_strings(item)


def refusal_for(data: Any) -> str | None:
    """The Chinese refusal for a decoded JSON body holding an unsafe character anywhere, or None."""
    for text in _walk_strings(data):
        bad = find_unsafe(text)
        if bad is not None:
            return f"输入不能包含{_describe(bad)}，请删除后重新提交。"
    return None


def remove_zero_width(data: Any) -> Any:
    """Every string of a decoded JSON body without zero-width characters (as forms and imports)."""
    if isinstance(data, str):
        return data if data.isprintable() else data.translate(_REMOVE_ZERO_WIDTH)
    if isinstance(data, dict):
        return {key: remove_zero_width(value) for key, value in data.items()}
    if isinstance(data, list):
        return [remove_zero_width(item) for item in data]
    return data
