"""The pages kit: a domain's form, list and export pages as declarations.

- `form_page(request, form, save=…, next_url=…, title=…)`: GET shows the form; a valid POST runs
  `save(cleaned_data)`, flashes `success` and redirects; a ServiceError/ValidationError becomes a form error.
- `Column` + `list_page(...)`: a paged table from one column spec; `export_page(...)` hands the same
  columns out as an audited .xlsx, so the list and its export always show the same thing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.module_loading import import_string

from shanglian.core.keyset import KeysetPage, page_size
from shanglian.core.roles import has_capability

Url = str | Callable[[Any], str]


def add_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    for message in exc.messages:
        form.add_error(None, message)


def form_page(
    request: HttpRequest,
    form: forms.BaseForm,
    *,
    save: Callable[[dict[str, Any]], Any],
    next_url: Url,
    title: str,
    success: str | Callable[[Any], str] = "已保存。",
    back: str | None = None,
    obj: Any = None,
    pretitle: str = "组织建设",
    template: str = "core/form.html",
    context: dict[str, Any] | None = None,
) -> HttpResponse:
    """`next_url` (or `next_url(saved)`) is where a saved form goes; the cancel link is `back`, else
    `next_url(obj)` (`obj` is the object being edited, None on a create page)."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, success(saved) if callable(success) else success)
            return redirect(next_url(saved) if callable(next_url) else next_url)
    if back is None:
        back = next_url(obj) if callable(next_url) else next_url
    page = {"form": form, "title": title, "pretitle": pretitle, "back": back or ""}
    return render(request, template, {**page, **(context or {})})


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[Any], Any]  # obj -> value; for badge columns (text, colour)
    badge: bool = False
    link: Callable[[Any], str] | None = None  # obj -> url (HTML only)
    width: int | None = None  # Excel column width (characters)

    def text(self, obj: Any) -> Any:
        """The cell as exported: a badge's text, other values as they are."""
        value = self.value(obj)
        if self.badge:
            value = value[0] if value else ""
        return value


def html_rows(columns: Sequence[Column], objects: Iterable[Any]) -> list[dict[str, Any]]:
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


def with_pk_tiebreak(qs: QuerySet[Any]) -> QuerySet[Any]:
    """`qs` with the primary key as its last sort column (same direction as the one before it), so a
    keyset page is well defined; unordered querysets come back as they are."""
    order = [o for o in qs.query.order_by if isinstance(o, str)]
    if not order or len(order) != len(qs.query.order_by) or order[-1].lstrip("-") in ("pk", "id"):
        return qs
    return qs.order_by(*order, "-pk" if order[-1].startswith("-") else "pk")


def list_page(
    request: HttpRequest,
    *,
    qs: QuerySet[Any],
    columns: Sequence[Column],
    title: str,
    export_url: str = "",
    export_capability: str = "",
    create_url: str = "",
    extra: dict[str, Any] | None = None,
    pretitle: str = "组织建设",
    template: str = "core/table.html",
    per_page: int = 30,
) -> HttpResponse:
    """A paged table of `qs` (already scoped by the caller); the export button shows for `export_capability`.

    Paged by keyset (core/keyset.py: a bounded count, no large OFFSET) when the ordering allows it — the
    primary key is added as the last sort column; `?page=N` seeks the N-th page by its sort key, `size=`
    picks 20/50/100 rows. An ordering by a column that may be empty pages by number as before."""
    page: Any
    keyed = with_pk_tiebreak(qs)
    if KeysetPage.supports(keyed):
        page = KeysetPage(keyed, request.GET, per_page)
    else:
        page = Paginator(qs, page_size(request.GET, per_page)).get_page(request.GET.get("page"))
    may_export = bool(export_url) and (
        not export_capability or has_capability(request.user, export_capability)
    )
    ctx = {
        "title": title,
        "pretitle": pretitle,
        "headers": [c.header for c in columns],
        "rows": html_rows(columns, page),
        "page": page,
        "export_url": export_url if may_export else "",
        "create_url": create_url,
    }
    ctx.update(extra or {})
    return render(request, template, ctx)


def wants_export(request: HttpRequest) -> bool:
    return request.GET.get("format") == "xlsx"


def export_page(
    request: HttpRequest,
    *,
    title: str,
    columns: Sequence[Column],
    objects: Iterable[Any],
    capability: str,
    model: type[Model] | None = None,
    object_type: str = "",
    filename: str | None = None,
    organization: Any = None,
    changes: dict[str, Any] | None = None,
    autofilter: bool = False,
) -> HttpResponse:
    """The rows (already scoped by the caller) as an audited .xlsx download; needs `capability`.

    The writer is `settings.LIST_EXPORTER` (the excel app's formula-safe, audited `xlsx_download`): core
    sits below the excel app, so it is wired in by configuration rather than imported."""
    if not has_capability(request.user, capability):
        raise PermissionDenied
    widths = [c.width or 16 for c in columns] if any(c.width for c in columns) else None
    exporter = import_string(settings.LIST_EXPORTER)
    response: HttpResponse = exporter(
        actor=request.user,
        filename=filename or title,
        headers=[c.header for c in columns],
        rows=([c.text(obj) for c in columns] for obj in objects),
        what=title,
        organization=organization,
        object_type=object_type or (model._meta.label_lower if model is not None else ""),
        changes=changes,
        widths=widths,
        autofilter=autofilter,
    )
    return response
