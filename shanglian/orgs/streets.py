"""The code table of streets (街道): one list for the import template's dropdown, the enterprise form and the
list filter. A street is stored by its short name ("城阳"); "城阳街道", "城阳街道办事处" and "城阳区城阳街道"
are the same street and are normalised to it on every input."""

from __future__ import annotations

import unicodedata

# 青岛市城阳区's streets (民政 区划): the federation this deployment serves.
STREETS: tuple[str, ...] = ("城阳", "流亭", "夏庄", "惜福镇", "棘洪滩", "上马", "河套", "红岛")
_ALIASES = {"惜福": "惜福镇"}
_SUFFIXES = ("街道办事处", "街道办", "街办", "街道")
_PREFIXES = ("山东省", "青岛市", "城阳区")


def label(street: str) -> str:
    """How a street is shown: its full name ("城阳街道"); an unknown stored value as it is."""
    return f"{street}街道" if street in STREETS else street


CHOICES: list[tuple[str, str]] = [(s, label(s)) for s in STREETS]
LABELS: tuple[str, ...] = tuple(label(s) for s in STREETS)


def canonical(value: object) -> str:
    """The short name of a typed street, or the cleaned text when it is not in the table ("" for nothing)."""
    text = unicodedata.normalize("NFKC", str(value or "")).replace(" ", "").replace("\u3000", "").strip()
    for prefix in _PREFIXES:
        if text.startswith(prefix) and len(text) > len(prefix):
            text = text[len(prefix) :]
    for suffix in _SUFFIXES:
        if text.endswith(suffix) and len(text) > len(suffix):
            text = text[: -len(suffix)]
            break
    return _ALIASES.get(text, text)


def parse_street(value: object) -> str:
    """A typed street as its short name; ValueError (Chinese) when it is not in the code table."""
    street = canonical(value)
    if street and street not in STREETS:
        raise ValueError(f"所属街道“{value}”不在街道代码表中，应为：{'、'.join(LABELS)}")
    return street
