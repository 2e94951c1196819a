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
import hashlib
import json
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.core.exceptions import FieldDoesNotExist
from django.db import connection
from django.db.models import Q, QuerySet
from django.http import QueryDict
from django.utils.functional import cached_property
from django.utils.http import urlencode

CURSOR_KEYS = ("after", "before", "last", "page", "p")
PAGE_SIZES = (20, 50, 100)
COUNT_CAP = 10_000  # counted exactly up to here; beyond it PostgreSQL's estimate ("约 N 条")
MAX_PAGE = 100_000
# Deep numbered pages seek from a stored boundary (`key_at`): one every STRIDE rows, kept this long.
STRIDE = COUNT_CAP
BOUNDARY_SECONDS = 10 * 60


def page_size(params: QueryDict, default: int) -> int:
    """The page size the user chose (`size=`, one of PAGE_SIZES), else the list's own."""
    size = params.get("size", "")
    return int(size) if size.isdecimal() and int(size) in PAGE_SIZES else default


def _positive(text: str | None) -> int | None:
    return min(int(text), MAX_PAGE) if text and text.isdecimal() and int(text) >= 1 else None


def count_rows(queryset: QuerySet[Any], cap: int = COUNT_CAP) -> tuple[int, bool]:
    """(rows, exact): an exact COUNT over at most `cap` + 1 rows (bounded work at any size); past the cap,
    PostgreSQL's planner estimate for the same filter, so a list of a million rows shows "约 N 条" without
    reading them all. Other databases (SQLite: tests and small installs) count exactly."""
    # Only the key selected: the list's display annotations (subqueries per row) are not computed to count.
    plain = queryset.order_by().prefetch_related(None).select_related(None).values("pk")
    n = plain[: cap + 1].count()
    if n <= cap:
        return n, True
    if connection.vendor != "postgresql":
        return plain.count(), True
    sql, params = plain.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return max(int(plan[0]["Plan"]["Plan Rows"]), n), False


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
    # The same rows, led by a plain range on the first column: PostgreSQL turns `a >= x` into an index
    # bound, where the OR alone made it read the whole list and sort it (3.2 s at a million rows).
    name, descending = order[0]
    return Q(**{f"{name}__{'gte' if descending != forward else 'lte'}": values[0]}) & condition


def _sort_keys(queryset: QuerySet[Any], order: list[tuple[str, bool]]) -> QuerySet[Any]:
    return queryset.prefetch_related(None).values_list(*[name for name, _ in order])


def key_at(queryset: QuerySet[Any], order: list[tuple[str, bool]], offset: int) -> list[Any] | None:
    """The sort values of the row at `offset` (0-based) of the ordered queryset, None past its end.

    Within the first STRIDE rows a bounded OFFSET over the sort columns. Deeper, from the nearest stored
    boundary: the key of every STRIDE-th row is kept in the cache per query (its SQL and parameters, so per
    filter, sort and user scope) for BOUNDARY_SECONDS, so page 5,000 of a million rows walks at most STRIDE
    index entries instead of 150,000. Boundaries not stored yet are found block by block from the nearest
    one below and stored on the way (the first deep jump costs the OFFSET once).

    A write after a boundary was stored shifts deep page numbers by the rows inserted or deleted before
    it, for at most BOUNDARY_SECONDS — within the first STRIDE rows, where totals are exact (COUNT_CAP),
    numbers are always exact; beyond, the list already shows its total as an estimate ("约 N 条").
    """
    keys = _sort_keys(queryset, order)
    block = (offset + 1) // STRIDE  # boundaries 1..block lie at or before the row
    if block == 0:
        found = list(keys[offset : offset + 1])
        return list(found[0]) if found else None
    sql, params = keys.query.sql_with_params()
    digest = hashlib.sha1(f"{connection.alias}|{sql}|{params!r}".encode()).hexdigest()
    names = {i: f"keyset:b:{digest}:{i}" for i in range(1, block + 1)}
    stored = cache.get_many(list(names.values()))
    start, boundary = 0, None
    for i in range(block, 0, -1):
        if names[i] in stored:
            start, boundary = i, list(stored[names[i]])
            break
    fresh: dict[str, list[Any]] = {}
    for i in range(start + 1, block + 1):
        rest = keys.filter(_beyond(order, boundary, forward=True)) if boundary is not None else keys
        found = list(rest[STRIDE - 1 : STRIDE])
        if not found:
            break
        boundary = list(found[0])
        fresh[names[i]] = boundary
        start = i
    if fresh:
        cache.set_many(fresh, BOUNDARY_SECONDS)
    if boundary is None or start < block:
        return None  # fewer rows than the boundaries below the offset: it lies past the end
    remaining = offset - start * STRIDE
    if remaining < 0:
        return boundary  # the wanted row is the boundary itself  # rows between the boundary row (excluded) and the wanted one
    found = list(keys.filter(_beyond(order, boundary, forward=True))[remaining : remaining + 1])
    return list(found[0]) if found else None


class KeysetPage:
    keyset = True  # templates tell it from a numbered page

    def __init__(self, queryset: QuerySet[Any], params: QueryDict, per_page: int = 30) -> None:
        per_page = page_size(params, per_page)
        self.per_page = per_page
        self.default_size = per_page if "size" not in params else None
        self.params = params
        self._queryset = queryset
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
        number = _positive(params.get("p"))
        jump = _positive(params.get("page"))
        if params.get("last") and not (after or before):
            # The last page counted from the first (so its number and its neighbours line up with the
            # numbered pages) when the count is exact; past the count's bound, read backwards from the end.
            counted = count_rows(queryset)
            if counted[1]:
                self.__dict__["_counted"] = counted
                jump = max(1, -(-counted[0] // per_page))
                params = params.copy()
                params.pop("last")
        if jump is not None and not (after or before or params.get("last")):
            # A numbered page: the sort key of the row just before it, read by a bounded OFFSET over the
            # sort columns alone (an index-only scan where they are indexed), then a keyset page after it.
            number = jump
            if jump > 1:
                offset = (jump - 1) * per_page - 1
                key = key_at(queryset, order, offset)
                if key is not None:
                    values, after = key, "seek"
                else:
                    values, number = None, None
                    params = params.copy()
                    params["last"] = "1"
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
        if self.is_first:
            number = 1
        self._last_requested = bool(params.get("last"))
        self._number = number

    @cached_property
    def _counted(self) -> tuple[int, bool]:
        if self.is_first and self.is_last:
            return len(self.object_list), True  # the whole list is on this page: nothing to count
        return count_rows(self._queryset)

    @property
    def count(self) -> int:
        return self._counted[0]

    @property
    def count_exact(self) -> bool:
        return self._counted[1]

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.count // self.per_page))

    @property
    def number(self) -> int | None:
        """This page's number, when known (reached from page 1 or by number; the last page when exact)."""
        if self._number is not None:
            return self._number
        if (self.is_last or self._last_requested) and self.count_exact:
            return self.num_pages
        return None

    def page_query(self, n: int) -> str:
        return self._query(page=str(n)) if n > 1 else self._query()

    @property
    def links(self) -> list[dict[str, Any]]:
        """The numbered links around this page (1 … n-2 n-1 [n] n+1 n+2 … last), RuoYi/Element style:
        the neighbours by cursor (an index walk), the others by number (a bounded seek)."""
        current, last = self.number, self.num_pages
        if current is None:
            return []
        wanted = sorted({1, last, *range(max(1, current - 2), min(last, current + 2) + 1)})
        out: list[dict[str, Any]] = []
        previous = 0
        for n in wanted:
            if n - previous > 1:
                out.append({"gap": True})
            if n == current:
                query = ""
            elif n == current + 1 and self.has_next:
                query = self.next_query
            elif n == current - 1 and self.has_previous:
                query = self.previous_query
            elif n == last and self.count_exact:
                query = self.last_query
            else:
                query = self.page_query(n)
            out.append({"number": n, "query": query, "active": n == current})
            previous = n
        return out

    @property
    def sizes(self) -> tuple[int, ...]:
        return PAGE_SIZES if self.per_page in PAGE_SIZES else tuple(sorted({self.per_page, *PAGE_SIZES}))

    @property
    def kept_params(self) -> list[tuple[str, str]]:
        """The list's filters, for the size and jump forms (which replace page, cursor and size)."""
        return [(k, v) for k, vs in self.params.lists() if k not in (*CURSOR_KEYS, "size") for v in vs]

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

    def _numbered(self, step: int) -> dict[str, str]:
        number = self.number
        return {"p": str(number + step)} if number is not None and number + step > 1 else {}

    @property
    def next_query(self) -> str:
        if not self.has_next:
            return ""
        return self._query(after=self._cursor(self.object_list[-1]), **self._numbered(1))

    @property
    def previous_query(self) -> str:
        if not self.has_previous:
            return ""
        if self.number == 2:
            return self._query()
        return self._query(before=self._cursor(self.object_list[0]), **self._numbered(-1))

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
