"""registry.search: the search box's n-grams and filter facets under one GIN index (PostgreSQL), kept
current by saves, tag changes, imports and refresh(); SQLite searches with LIKE alone. Whatever path a
query takes, it returns exactly what the plain LIKE filters return."""

import pytest
from django.db import connection
from django.urls import reverse

from shanglian.core.testing.factories import EnterpriseFactory
from shanglian.registry import search, selectors
from shanglian.registry.models import Enterprise, EnterpriseScale, EnterpriseSearch, Industry, Tag
from shanglian.registry.tests.test_roster_import import code, good_rows, upload

pytestmark = pytest.mark.django_db
postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")


def test_grams_of_chinese_latin_and_mixed_text():
    assert search.grams_of("青岛海尔") == {"青岛", "岛海", "海尔"}
    assert search.grams_of("QDHR") == {"qdh", "dhr"}
    assert search.grams_of("城阳3D打印") == {"城阳", "打印"}  # "3d" is too short for a trigram
    assert search.query_grams(" 海 ") == [] and search.query_grams("qd") == []  # too short to narrow
    assert search.query_grams("海尔 qdhr") == ["dhr", "qdh", "海尔"]


def test_facet_tokens_never_look_like_grams():
    tokens = search.facet_tokens(street="夏庄 街道", scale="micro", industry_ids=[3, None], tag_ids=[7])
    assert tokens == ["#s夏庄_街道", "#zmicro", "#i3", "#t7"]


def entry(enterprise) -> set[str]:
    return set(EnterpriseSearch.objects.get(enterprise=enterprise).grams.split())


@postgres_only
def test_save_and_tag_changes_keep_the_entry_current(world):
    e = world.enterprise
    assert {"本方", "qdb", "#s" + e.street} <= entry(e)
    e.name = "青岛海尔智能有限公司"
    e.save()
    assert "海尔" in entry(e) and "本方" not in entry(e)
    tag = Tag.objects.get(code="high_tech")
    e.tags.add(tag)
    assert f"#t{tag.pk}" in entry(e)
    tag.enterprises.remove(e)  # the reverse side reports too
    assert f"#t{tag.pk}" not in entry(e)


@postgres_only
def test_refresh_indexes_missing_and_stale_entries_only(world):
    EnterpriseSearch.objects.filter(enterprise=world.enterprise).delete()
    Enterprise.unscoped_objects.filter(pk=world.enterprise2.pk).update(name="青岛改名贸易有限公司")
    assert search.stale_count() == 1  # a queryset update does not touch updated_at: not seen as stale
    assert search.refresh() == 1 and search.stale_count() == 0
    assert "本方" in entry(world.enterprise)
    assert search.refresh(every=True) == Enterprise.unscoped_objects.count()
    assert "改名" in entry(world.enterprise2)


@postgres_only
def test_the_gin_index_serves_a_two_character_fragment(world):
    """The grams subquery is written with the index's own expression, so the planner can use it."""
    subquery = search.matching_ids(search.query_grams("本方"))
    qs = Enterprise.unscoped_objects.filter(pk__in=subquery)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + subquery.sql, subquery.params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "ent_search_grams_gin" in plan, plan
    assert list(qs) == [world.enterprise]
    assert list(selectors.filter_enterprises(Enterprise.unscoped_objects.all(), {"q": "本方"}, None)) == [
        world.enterprise
    ]


@pytest.fixture
def crowd(world):
    """Enterprises whose names share fragments, streets, scales, industries and tags in varied ways."""
    c34, c = Industry.objects.get(code="C34"), Industry.objects.get(code="C")
    f51 = Industry.objects.get(code="F51")
    high_tech, specialized = Tag.objects.get(code="high_tech"), Tag.objects.get(code="specialized")
    names = ["青岛海尔电器", "海尔智家", "青岛海信", "城阳海洋科技", "即墨海尔物流", "qingdao ABC 贸易",
             "海", "尔海尔", "青岛重庆银行", "长城汽车配件"]  # fmt: skip
    made = []
    for i, name in enumerate(names):
        e = EnterpriseFactory(
            federation=world.fed,
            name=name + "有限公司",
            legal_representative=["张海尔", "李四", "王五"][i % 3],
            street=["城阳", "夏庄", ""][i % 3],
            scale=[EnterpriseScale.MICRO, EnterpriseScale.SMALL][i % 2],
            industry=[c34, f51, None][i % 3],
        )
        if i % 2:
            e.tags.add(high_tech)
        if i % 3 == 0:
            e.tags.add(specialized)
        made.append(e)
    return {"c34": c34, "c": c, "high_tech": high_tech, "specialized": specialized}


QUERIES = ["海尔", "青岛", "海", "尔海", "qdhe", "haier", "qing", "ABC", "张海尔", "重庆", "chongqing", "cq",
           "海尔电器有限", "不存在的企业"]  # fmt: skip


@pytest.mark.parametrize("sort_matches", [8000, 0], ids=["collect-and-sort", "walk-the-name-index"])
def test_every_path_returns_exactly_the_like_matches(world, crowd, monkeypatch, sort_matches):
    monkeypatch.setattr(selectors, "SORT_MATCHES", sort_matches)
    base = Enterprise.unscoped_objects.filter(federation=world.fed)
    filters = [
        {},
        {"street": "城阳"},
        {"scale": EnterpriseScale.SMALL, "tags": [crowd["high_tech"]]},
        {"industry": crowd["c"], "tags": [crowd["specialized"]]},
        {"industry": crowd["c34"], "street": "城阳", "scale": EnterpriseScale.MICRO},
    ]
    for extra in filters:
        for text in [*QUERIES, ""]:
            data = {"q": text, **extra}
            got = selectors.order_enterprises(selectors.filter_enterprises(base, data, None), "name")
            expected = selectors._apply_filters(base.filter(selectors.search_q(text)), extra, None)
            expected = expected.order_by("name_pinyin", "id")
            assert list(got) == list(expected), (text, extra)


@postgres_only
@pytest.mark.parametrize("sort_matches", [8000, 0], ids=["collect-and-sort", "walk-the-name-index"])
def test_queued_enterprises_are_found_until_indexed_then_by_their_grams(
    world, crowd, monkeypatch, sort_matches
):
    """A big import queues its new enterprises (PendingSearchEntry) instead of writing their grams: every
    path finds them by their columns meanwhile, and index_pending moves them into the n-gram index."""
    from shanglian.registry import jobs
    from shanglian.registry.models import PendingSearchEntry

    monkeypatch.setattr(selectors, "SORT_MATCHES", sort_matches)
    base = Enterprise.unscoped_objects.filter(federation=world.fed)
    queued = list(base.filter(selectors.search_q("海尔")).values_list("pk", flat=True))
    assert queued
    EnterpriseSearch.objects.filter(enterprise_id__in=queued).delete()
    PendingSearchEntry.objects.bulk_create([PendingSearchEntry(enterprise_id=pk) for pk in queued])
    assert search.pending_count() == len(queued) and search.stale_count() == 0

    def check_every_query():
        for extra in [{}, {"street": "城阳"}, {"industry": crowd["c"], "tags": [crowd["specialized"]]}]:
            for text in QUERIES:
                data = {"q": text, **extra}
                got = selectors.order_enterprises(selectors.filter_enterprises(base, data, None), "name")
                expected = selectors._apply_filters(base.filter(selectors.search_q(text)), extra, None)
                assert list(got) == list(expected.order_by("name_pinyin", "id")), (text, extra)

    check_every_query()
    assert jobs.index_pending_search_entries.call() == len(queued)  # the scheduled job
    assert search.pending_count() == 0 and search.stale_count() == 0
    assert EnterpriseSearch.objects.filter(enterprise_id__in=queued).count() == len(queued)
    check_every_query()
    assert search.index_pending() == 0  # nothing left: a second run does nothing


def test_imported_rows_are_searchable_at_once(world, login):
    client = login(world.admin)
    upload(client, world.fed, good_rows(2))
    from shanglian.excel.models import ImportJob

    job = ImportJob.objects.visible_to(world.admin).get()
    client.post(reverse("roster_import:confirm", args=[job.pk]))
    base = Enterprise.objects.visible_to(world.admin)
    found = selectors.filter_enterprises(base, {"q": "导入1"}, None)
    assert [e.credit_code for e in found] == [code(1)]
    tagged = selectors.filter_enterprises(base, {"tags": [Tag.objects.get(code="high_tech")]}, None)
    assert {code(0), code(1)} <= {e.credit_code for e in tagged}
    if connection.vendor == "postgresql":
        assert search.stale_count() == 0


@postgres_only
def test_many_saves_in_one_transaction_take_no_lock_apiece(world):
    """Each save re-indexes its row; a temp table per save once ran out of lock slots in a big transaction
    (max_locks_per_transaction) — as django-import-export's row-by-row import does."""
    from django.db import transaction

    def locks_held():
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_locks WHERE pid = pg_backend_pid()")
            return cursor.fetchone()[0]

    with transaction.atomic():
        counts = []
        for i in range(300):
            world.enterprise.name = f"青岛本方{i}号有限公司"
            world.enterprise.save()
            if i in (9, 299):
                counts.append(locks_held())
        assert counts[0] == counts[1]  # a temp table per save held one more lock each time
    assert "299" in entry(world.enterprise)
