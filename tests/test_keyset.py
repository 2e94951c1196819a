"""Keyset paging (core/keyset.py): pages follow each other without gaps or repeats, both ways, with no
OFFSET in the SQL."""

import re

from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from shanglian.core.keyset import KeysetPage
from shanglian.orgs.models import Organization, OrgKind


def _walk(qs, per_page):
    pages, params = [], QueryDict(mutable=True)
    while True:
        page = KeysetPage(qs, params, per_page)
        pages.append([o.pk for o in page])
        if not page.has_next:
            return pages, page
        params = QueryDict(page.next_query[1:])


def test_forward_backward_first_last(db):
    root = Organization.objects.add_root({"name": "联", "kind": OrgKind.FEDERATION})
    for i in range(23):
        Organization.objects.add_child(
            root, {"name": f"商会{i % 5}", "kind": OrgKind.CHAMBER, "chamber_kind": "street"}
        )
    qs = Organization.objects.unscoped().filter(kind=OrgKind.CHAMBER).order_by("-name", "id")
    expected = list(qs.values_list("pk", flat=True))
    assert KeysetPage.supports(qs)

    with CaptureQueriesContext(connection) as ctx:
        pages, last = _walk(qs, 5)
    assert [pk for p in pages for pk in p] == expected
    assert len(pages) == 5 and not any("OFFSET" in q["sql"].upper() for q in ctx.captured_queries)

    # Backward from the last page visits the same rows in the same order.
    back, page = [], KeysetPage(qs, QueryDict("last=1"), 5)
    back.insert(0, [o.pk for o in page])
    # The last page lines up with the numbered pages: page 5 of 5 holds the last 3 rows.
    assert page.has_previous and not page.has_next and back[0] == expected[20:] and page.number == 5
    while page.has_previous:
        page = KeysetPage(qs, QueryDict(page.previous_query[1:]), 5)
        back.insert(0, [o.pk for o in page])
    assert [pk for p in back for pk in p] == expected
    first = KeysetPage(qs, QueryDict(page.first_query[1:]), 5)
    assert [o.pk for o in first] == expected[:5] and not first.has_previous


def test_bad_cursor_is_the_first_page_and_unsupported_orderings_are_said(db):
    root = Organization.objects.add_root({"name": "联", "kind": OrgKind.FEDERATION})
    Organization.objects.add_child(root, {"name": "甲", "kind": OrgKind.CHAMBER, "chamber_kind": "street"})
    qs = Organization.objects.unscoped().order_by("name", "id")
    for cursor in ("%%%", "W10", "bnVsbA", "WyJhIiwgbnVsbF0"):
        page = KeysetPage(qs, QueryDict(f"after={cursor}"), 5)
        assert len(page) == 2 and not page.has_previous  # an unreadable cursor: the first page
    assert not KeysetPage.supports(Organization.objects.unscoped().order_by("founded_on", "id"))
    assert not KeysetPage.supports(Organization.objects.unscoped().order_by("name"))


def test_the_pages_kit_lists_by_keyset(db, rf, django_user_model):
    """core.pages.list_page pages by keyset when the ordering allows it (the primary key is added)."""
    from shanglian.core.pages import Column, list_page, with_pk_tiebreak

    root = Organization.objects.add_root({"name": "联", "kind": OrgKind.FEDERATION})
    for i in range(7):
        Organization.objects.add_child(
            root, {"name": f"商会{i}", "kind": OrgKind.CHAMBER, "chamber_kind": "street"}
        )
    qs = Organization.objects.unscoped().filter(kind=OrgKind.CHAMBER).order_by("-name")
    assert list(with_pk_tiebreak(qs).query.order_by) == ["-name", "-pk"]
    user = django_user_model.objects.create(username="kit")
    columns = [Column("名称", lambda o: o.name)]

    def get(query):
        request = rf.get("/x/" + query)
        request.user = user
        return list_page(request, qs=qs, columns=columns, title="商会", per_page=5)

    html = get("").content.decode()
    assert "商会6" in html and "商会2" in html and "商会1" not in html and "after=" in html
    assert "共 7 条" in html and 'href="?page=2"' not in html  # page 2 is the next page: by cursor
    assert "商会1" in get("?last=1").content.decode()
    numbered = get("?page=2").content.decode()  # a numbered link seeks its page
    assert "商会1" in numbered and "商会2" not in numbered and '<span class="page-link">2</span>' in numbered
    sized = get("?size=20").content.decode()  # a chosen page size: everything on one page
    assert "商会1" in sized and "商会6" in sized and '<option value="20" selected>' in sized


def _chambers(n):
    root = Organization.objects.add_root({"name": "联", "kind": OrgKind.FEDERATION})
    for i in range(n):
        Organization.objects.add_child(
            root, {"name": f"商会{i:03d}", "kind": OrgKind.CHAMBER, "chamber_kind": "street"}
        )
    return Organization.objects.unscoped().filter(kind=OrgKind.CHAMBER).order_by("name", "id")


def test_a_numbered_page_is_the_same_rows_as_walking_to_it(db):
    qs = _chambers(23)
    expected = list(qs.values_list("pk", flat=True))
    for n in range(1, 6):
        page = KeysetPage(qs, QueryDict(f"page={n}"), 5)
        assert [o.pk for o in page] == expected[(n - 1) * 5 : n * 5]
        assert page.number == n and page.count == 23 and page.count_exact and page.num_pages == 5
    assert not KeysetPage(qs, QueryDict("page=5"), 5).has_next
    beyond = KeysetPage(qs, QueryDict("page=99"), 5)  # past the end: the last page
    assert [o.pk for o in beyond] == expected[-5:] and beyond.number == 5
    # The page number follows the cursor links, so the pager can show where the user is.
    third = KeysetPage(qs, QueryDict(KeysetPage(qs, QueryDict("page=2"), 5).next_query[1:]), 5)
    assert third.number == 3 and [o.pk for o in third] == expected[10:15]
    assert [link.get("number") for link in third.links] == [1, 2, 3, 4, 5]
    for bad in ("page=0", "page=-1", "page=abc", "page=²", "size=7", "size=1000000"):
        page = KeysetPage(qs, QueryDict(bad), 5)
        assert page.number == 1 and len(page) == 5  # bad input: the first page at the list's own size


def test_a_long_list_is_counted_within_a_bound(db):
    from shanglian.core.keyset import count_rows

    qs = _chambers(12)
    assert count_rows(qs, cap=20) == (12, True)
    n, exact = count_rows(qs, cap=5)  # past the cap: SQLite counts exactly, PostgreSQL estimates
    assert n >= 6 and (exact or connection.vendor == "postgresql")
    page = KeysetPage(qs, QueryDict(""), 20)
    with CaptureQueriesContext(connection) as ctx:
        assert page.count == 12  # the whole list on one page: no count query at all
    assert not ctx.captured_queries


def test_deep_numbered_pages_seek_from_stored_boundaries(db, monkeypatch):
    """Past the first STRIDE rows a numbered page starts from the stored key of every STRIDE-th row (issue
    13: page 5,000 of a million), and shows the same rows as an OFFSET would, for every page and size."""
    from shanglian.core import keyset

    monkeypatch.setattr(keyset, "STRIDE", 4)
    root = Organization.objects.add_root({"name": "联", "kind": OrgKind.FEDERATION})
    for i in range(29):
        Organization.objects.add_child(
            root, {"name": f"商会{i % 7}", "kind": OrgKind.CHAMBER, "chamber_kind": "street"}
        )
    qs = Organization.objects.unscoped().filter(kind=OrgKind.CHAMBER).order_by("name", "id")
    expected = list(qs.values_list("pk", flat=True))
    order = keyset._ordering(qs)
    for offset in range(len(expected) + 3):
        key = keyset.key_at(qs, order, offset)
        if offset < len(expected):
            assert key is not None and key[-1] == expected[offset], offset
        else:
            assert key is None, offset
    for per_page in (3, 5):
        for n in range(1, 12):
            page = KeysetPage(qs, QueryDict(f"page={n}"), per_page)
            want = expected[(n - 1) * per_page : n * per_page]
            if want:
                assert [o.pk for o in page] == want, (per_page, n)
    # Every boundary is stored now: a deep page costs the seek from the nearest one and the page itself.
    with CaptureQueriesContext(connection) as ctx:
        page = KeysetPage(qs, QueryDict("page=6"), 5)
    assert [o.pk for o in page] == expected[25:30]
    offsets = [int(n) for q in ctx.captured_queries for n in re.findall(r"OFFSET (\d+)", q["sql"].upper())]
    assert len(ctx.captured_queries) == 2 and max(offsets, default=0) < keyset.STRIDE
    # Another filter keeps its own boundaries.
    other = qs.filter(name__in=["商会1", "商会2"])
    other_pks = list(other.values_list("pk", flat=True))
    assert [o.pk for o in KeysetPage(other, QueryDict("page=2"), 5)] == other_pks[5:10]
