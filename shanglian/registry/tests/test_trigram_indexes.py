"""On PostgreSQL the search box is served by pg_trgm GIN indexes; SQLite migrates and searches without."""

import pytest
from django.db import connection

from shanglian.registry.models import Enterprise
from shanglian.registry.selectors import search_q

pytestmark = pytest.mark.django_db

INDEXES = {
    "ent_name_trgm",
    "ent_pinyin_trgm",
    "ent_initials_trgm",
    "ent_credit_code_trgm",
    "ent_legal_rep_trgm",
}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_trigram_indexes_exist_and_serve_the_search():
    with connection.cursor() as cur:
        cur.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'registry_enterprise'")
        assert {row[0] for row in cur.fetchall()} >= INDEXES
        qs = Enterprise.unscoped_objects.filter(search_q("qdhr"))
        sql, params = qs.query.sql_with_params()
        cur.execute("SET LOCAL enable_seqscan = off")
        cur.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cur.fetchall())
    assert "ent_pinyin_trgm" in plan and "ent_initials_trgm" in plan, plan


@pytest.mark.skipif(connection.vendor == "postgresql", reason="SQLite path")
def test_sqlite_has_no_gin_but_searches(world):
    assert Enterprise.unscoped_objects.filter(search_q("qdbf")).get() == world.enterprise  # 青岛本方
