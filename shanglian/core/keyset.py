"""Keyset paging: a page of an ordered queryset found from the sort values of the row next to it, never by
OFFSET, so the first page, the last page and the page after any row cost the same index walk at a
million rows as at a hundred (issue 13: page 5,000 of the enterprise list took ~1 s with OFFSET 149,970).

`KeysetPage(queryset, request.GET, per_page)` reads `after=<cursor>` (the page after a row), `before=`
(the page before a row) or `last=1`; the links are `page.next_query`, `page.previous_query`,
`page.first_query`, `page.last_query` (the `partials/keyset_pagination.html` partial shows them). The
queryset's ordering must end with a unique column (`id`/`pk`) and use columns that are never NULL;
`KeysetPage.supports(queryset)` says whether it does (else page with `SeekPage`).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q, QuerySet
from django.http import QueryDict
from django.utils.http import urlencode

CURSOR_KEYS = ("after", "before", "last", "page")


def _ordering(queryset: QuerySet[Any]) -> list[tuple[str, bool]]:
    """[(field, descending)] of the queryset's ordering, or [] when it is not plain field names."""
    out: list[tuple[str, bool]] = []
    for item in queryset.query.order_by:
        if not isinstance(item, str) or "__" in item or item.startswith("?"):
            return []
        out.append((item.lstrip("-"), item.startswith("-")))
    return out


def _nullable(queryset: QuerySet[Any], name: str) -> bool:
    if name in ("pk", "id"):
        return False
    if name in queryset.query.annotations:
        return False  # annotations used for sorting here are expressions of non-null columns
    try:
        field = queryset.model._meta.get_field(name)
    except FieldDoesNotExist:
        return True
    return bool(getattr(field, "null", True))


def _encode(values: Sequence[Any]) -> str:
    def plain(v: Any) -> Any:
        if isinstance(v, datetime | date):
            return {"d": v.isoformat()}
        if isinstance(v, Decimal):
            return {"n": str(v)}
        return v

    raw = json.dumps([plain(v) for v in values], ensure_ascii=False, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode(cursor: str, count: int) -> list[Any] | None:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
    except (ValueError, TypeError):
        return None
    if not isinstance(values, list) or len(values) != count:
        return None
    out: list[Any] = []
    for v in values:
        if isinstance(v, dict) and "d" in v:
            text = str(v["d"])
            try:
                out.append(datetime.fromisoformat(text) if "T" in text else date.fromisoformat(text))
            except ValueError:
                return None
        elif isinstance(v, dict) and "n" in v:
            out.append(Decimal(str(v["n"])))
        elif v is None or isinstance(v, dict | list):
            return None
        else:
            out.append(v)
    return out


def _beyond(order: list[tuple[str, bool]], values: list[Any], *, forward: bool) -> Q:
    """Rows after (forward) or before the row whose sort values are `values`, in the given ordering:
    (a > x) or (a = x and b > y) or … with > turned to < for a descending column or going backward."""
    condition = Q()
    for i, (name, descending) in enumerate(order):
        step = Q(**{f"{name}__{'gt' if descending != forward else 'lt'}": values[i]})
        for j in range(i):
            step &= Q(**{order[j][0]: values[j]})
        condition |= step
    return condition


class KeysetPage:
    keyset = True  # templates tell it from a numbered page

    def __init__(self, queryset: QuerySet[Any], params: QueryDict, per_page: int = 30) -> None:
        self.per_page = per_page
        self.params = params
        order = _ordering(queryset)
        if not self.supports(queryset):
            raise ValueError("KeysetPage needs an ordering of non-null columns ending with the primary key")
        self._order = order
        names = [name for name, _ in order]
        after, before = params.get("after"), params.get("before")
        values = None
        if after:
            values = _decode(after, len(order))
        elif before:
            values = _decode(before, len(order))
        reverse = [f"{'' if desc else '-'}{name}" for name, desc in order]
        if values is not None and after:
            rows = list(queryset.filter(_beyond(order, values, forward=True))[: per_page + 1])
            self.has_next, self.has_previous = len(rows) > per_page, True
            rows = rows[:per_page]
        elif values is not None and before:
            rows = list(
                queryset.filter(_beyond(order, values, forward=False)).order_by(*reverse)[: per_page + 1]
            )
            self.has_previous, self.has_next = len(rows) > per_page, True
            rows = rows[:per_page][::-1]
        elif params.get("last"):
            rows = list(queryset.order_by(*reverse)[: per_page + 1])
            self.has_previous, self.has_next = len(rows) > per_page, False
            rows = rows[:per_page][::-1]
        else:
            rows = list(queryset[: per_page + 1])
            self.has_next, self.has_previous = len(rows) > per_page, False
            rows = rows[:per_page]
        self.object_list = rows
        self._names = names
        self.is_first = not self.has_previous
        self.is_last = not self.has_next

    @staticmethod
    def supports(queryset: QuerySet[Any]) -> bool:
        order = _ordering(queryset)
        return (
            bool(order) and order[-1][0] in ("pk", "id") and not any(_nullable(queryset, n) for n, _ in order)
        )

    def _cursor(self, row: Any) -> str:
        return _encode([getattr(row, "pk" if n == "pk" else n) for n in self._names])

    def _query(self, **kwargs: str) -> str:
        params = self.params.copy()
        for key in CURSOR_KEYS:
            params.pop(key, None)
        params.update(kwargs)
        return "?" + urlencode(params, doseq=True) if params else "?"

    @property
    def next_query(self) -> str:
        return self._query(after=self._cursor(self.object_list[-1])) if self.has_next else ""

    @property
    def previous_query(self) -> str:
        return self._query(before=self._cursor(self.object_list[0])) if self.has_previous else ""

    @property
    def first_query(self) -> str:
        return self._query()

    @property
    def last_query(self) -> str:
        return self._query(last="1")

    def __iter__(self) -> Iterator[Any]:
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)
