"""Keyset paging (core/keyset.py): pages follow each other without gaps or repeats, both ways, with no
OFFSET in the SQL."""

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
    assert page.has_previous and not page.has_next and back[0] == expected[-5:]
    while page.has_previous:
        page = KeysetPage(qs, QueryDict(page.previous_query[1:]), 5)
        back.insert(0, [o.pk for o in page])
    assert [pk for p in back for pk in p] == expected  # pages counted from the end: the first holds 3
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
    assert "商会6" in html and "商会2" in html and "商会1" not in html and "after=" in html and "末页" in html
    assert "商会1" in get("?last=1").content.decode()
    numbered = get("?page=2").content.decode()  # an old numbered link still works
    assert "商会1" in numbered and "第 2 / 2 页" in numbered
