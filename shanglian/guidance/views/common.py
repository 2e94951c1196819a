"""Shared pieces of the guidance views: the pages kit with this section's defaults, money cells."""

from __future__ import annotations

from decimal import Decimal
from functools import partial
from typing import Any

from django.utils.html import format_html
from django.utils.safestring import SafeString

from shanglian.core import pages
from shanglian.guidance.templatetags.guidance_tags import wan

PRETITLE = "引导平台"
form_page = partial(pages.form_page, pretitle=PRETITLE)
list_page = partial(
    pages.list_page, template="guidance/table.html", export_capability="guidance.export", pretitle=PRETITLE
)
export_page = partial(pages.export_page, capability="guidance.export")


def money_cell(value: Decimal | int | None) -> SafeString:
    """A table cell in 万元 with the exact figure on hover (the export keeps 元)."""
    return wan(value)


def badge(text: str, colour: str) -> tuple[str, str]:
    return text, colour


def plain(value: Any) -> SafeString:
    return format_html("{}", value)
