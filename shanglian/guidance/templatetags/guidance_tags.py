"""Amounts in 万元 with the exact 元 on hover."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


def yuan_text(value: Decimal | None) -> str:
    return f"{Decimal(value or 0):,.2f} 元"


def wan_text(value: Decimal | None) -> str:
    return f"{(Decimal(value or 0) / 10000).quantize(Decimal('0.01')):,} 万元"


@register.filter
def wan(value: Any) -> SafeString:
    """1712.60 万元, titled with 17,126,000.00 元."""
    if value is None or value == "":
        return format_html("{}", "—")
    return format_html('<span class="amount" title="{}">{}</span>', yuan_text(value), wan_text(value))


@register.filter
def yuan(value: Any) -> str:
    return "—" if value is None or value == "" else yuan_text(value)
