"""List pages and their Excel exports from one column spec, so both always show the same thing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse

from shanglian.core.roles import has_capability
from shanglian.excel.listexport import xlsx_download


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable  # obj -> value; for badge columns (text, colour)
    badge: bool = False
    link: Callable | None = None  # obj -> url (HTML only)


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


def wants_export(request) -> bool:
    return request.GET.get("format") == "xlsx"


def columns_export(request, *, title: str, columns, objects, model) -> HttpResponse:
    """The rows (already scoped by the caller) as an audited .xlsx; needs `governance.export`."""
    if not has_capability(request.user, "governance.export"):
        raise PermissionDenied
    return xlsx_download(
        actor=request.user,
        filename=title,
        headers=[c.header for c in columns],
        rows=([_cell_text(c, obj) for c in columns] for obj in objects),
        what=title,
        object_type=model._meta.label_lower,
    )
