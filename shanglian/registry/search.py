"""The enterprise search index on PostgreSQL: the n-grams of every enterprise under one GIN index, in a
table of its own (`registry_enterprisesearch`), kept current by `refresh()`.

Why a table of its own: maintaining GIN entries costs far more than writing the row (for a 100,000-row
roster, 6.5 s of the 8 s an INSERT took with five pg_trgm indexes on the enterprise table). Kept apart, an
import commits its rows at COPY speed and `refresh()` indexes what changed in one set-based pass right
after it (the import enqueues it as a task); a single edit (`Enterprise.save`) refreshes its own row at
once. A row whose index entry is missing or older than the enterprise (`indexed_at` ≠ `updated_at`) is
picked up by the next `refresh()`.

Why n-grams of our own rather than pg_trgm: a two-character Chinese fragment (“海尔”) holds no complete
trigram, so pg_trgm cannot narrow `LIKE '%海尔%'` and PostgreSQL reads every row. Here runs of Chinese
(any non-ASCII word characters) give bigrams and runs of ASCII letters and digits (pinyin, initials,
credit code) give trigrams; a query's grams must all be in an enterprise's grams, and the real
`LIKE` conditions (`selectors.search_q`) then check the survivors. Every match of `search_q` holds all
of the query's grams (each gram of the query lies inside one run of a matched field), so nothing is lost.

A big import does not write n-grams inside its transaction (about 80 GIN entries per enterprise cost
PostgreSQL more than everything else the import does, and building them in Python a fifth of its main
thread): it queues its new enterprises' ids in `registry_pendingsearchentry`, and `candidate_ids` adds
those to the grams' matches, so the `LIKE` conditions find them by their own columns at once.
`index_pending` (a task enqueued when the import commits, and every five minutes: registry/jobs.py) moves them
into the n-gram index in batches. While a queue is long a search reads it whole (its ids are checked with
`LIKE`); empty, it costs one empty scan.

SQLite has no GIN: there the search box is plain `LIKE` and this module does nothing.
"""

from __future__ import annotations

import re

from django.db import connection, transaction
from django.db.models.expressions import RawSQL
from django_tasks import task

TABLE = "registry_enterprisesearch"
ENTERPRISE_TABLE = "registry_enterprise"
TAG_TABLE = "registry_enterprise_tags"
PENDING_TABLE = (
    "registry_pendingsearchentry"  # enterprises queued for the n-gram index (models.PendingSearchEntry)
)
INDUSTRY_TABLE = "registry_industry"
# Runs of ASCII letters and digits (3+, for trigrams) or of other word characters (2+, for bigrams).
_RUN = re.compile(r"[0-9a-z]{3,}|[^\W\x00-\x7f]{2,}")
# The one expression the GIN index is built on; queries must use it verbatim to hit the index.
# "C" collation: the elements compare bytewise, several times faster to build and probe than under the
# database's locale (PostgreSQL 15 calls strcoll even for C.UTF-8).
GRAMS_EXPRESSION = """string_to_array(grams COLLATE "C", ' ')"""
GRAMS_INDEX = "ent_search_grams_gin"  # the GIN index on GRAMS_EXPRESSION (migration 0007)


def grams_of(*texts: str) -> set[str]:
    # One regex pass over all the texts joined (runs never cross the joining space); this runs for every
    # row of a bulk refresh, so it is written for speed.
    text = " ".join([t for t in texts if t]).lower()
    grams: set[str] = set()
    add = grams.update
    for run in _RUN.findall(text):
        k = 3 if run[0] < "\x80" else 2
        add([run[i : i + k] for i in range(len(run) - k + 1)])
    return grams


def facet_tokens(*, street="", scale="", industry_ids=(), tag_ids=()) -> list[str]:
    """Filter values as tokens beside the grams, so a filter combination is one GIN intersection too
    (tags live in another table and would otherwise need a join of their own). '#' never occurs in a gram."""
    tokens = []
    if street:
        tokens.append("#s" + "_".join(street.split()))
    if scale:
        tokens.append("#z" + scale)
    tokens += [f"#i{pk}" for pk in industry_ids if pk]
    tokens += [f"#t{pk}" for pk in tag_ids or ()]
    return tokens


def document(
    name, legal, pinyin, initials, code, street, scale, industry_id, industry_parent_id, tag_ids
) -> str:
    # Written out rather than through facet_tokens(): this runs for every row of a bulk refresh.
    parts = list(grams_of(name, legal, pinyin, initials, code))
    if street:
        parts.append("#s" + "_".join(street.split()))
    if scale:
        parts.append("#z" + scale)
    if industry_id:
        parts.append(f"#i{industry_id}")
    if industry_parent_id:
        parts.append(f"#i{industry_parent_id}")
    if tag_ids:
        parts += [f"#t{pk}" for pk in tag_ids]
    return " ".join(parts)


def query_grams(text: str) -> list[str]:
    """The grams every match of the search box text holds; empty when the text is too short to narrow
    anything (one Chinese character, two letters), and the caller falls back to plain LIKE."""
    return sorted(grams_of(text.strip()[:100]))


def enabled() -> bool:
    return connection.vendor == "postgresql"


_MATCHING = f"""SELECT enterprise_id FROM {TABLE} WHERE {GRAMS_EXPRESSION} @> (%s::text[] COLLATE "C")"""


def matching_ids(grams: list[str]):
    """A subquery of the ids of enterprises whose n-gram entry holds all `grams` (for the estimate of how
    many match; filter with `candidate_ids`, which also holds the queued ones)."""
    return RawSQL(_MATCHING, [grams])


def candidate_ids(grams: list[str]):
    """A subquery (use as `pk__in=`) of every enterprise that may match `grams`: those whose entry holds
    them, and those still queued for the index (the caller's `LIKE` and column filters check both)."""
    return RawSQL(f"{_MATCHING} UNION ALL SELECT enterprise_id FROM {PENDING_TABLE}", [grams])


_COLUMNS = """e.id, e.name, e.legal_representative, e.name_pinyin, e.name_initials, e.credit_code, e.street,
              e.scale, e.industry_id, i.parent_id"""
# A few rows (a save): each row's tags by the (enterprise_id, tag_id) index.
_SOURCE = f"""SELECT {_COLUMNS},
                     (SELECT array_agg(t.tag_id) FROM {TAG_TABLE} t WHERE t.enterprise_id = e.id), e.updated_at
              FROM {ENTERPRISE_TABLE} e LEFT JOIN {INDUSTRY_TABLE} i ON i.id = e.industry_id"""
# Many rows: all tags aggregated once and hash-joined (a correlated lookup per row took 4 s per 100,000).
_BULK_SOURCE = f"""SELECT {_COLUMNS}, t.ids, e.updated_at
                   FROM {ENTERPRISE_TABLE} e LEFT JOIN {INDUSTRY_TABLE} i ON i.id = e.industry_id
                   LEFT JOIN (SELECT enterprise_id, array_agg(tag_id) AS ids FROM {TAG_TABLE} GROUP BY 1) t
                     ON t.enterprise_id = e.id"""
_STALE = f"""{_BULK_SOURCE} LEFT JOIN {TABLE} s ON s.enterprise_id = e.id
             WHERE (s.enterprise_id IS NULL OR s.indexed_at IS DISTINCT FROM e.updated_at)"""


def reindex(enterprise_ids) -> None:
    """Index these few enterprises now, stale or not (a single edit: `Enterprise.save`, a change of tags).
    Two plain statements: no temp table, so thousands of saves in one transaction take no lock apiece."""
    if not enabled() or not enterprise_ids:
        return
    with connection.cursor() as cursor:
        cursor.execute(_SOURCE + " WHERE e.id = ANY(%s)", [list(enterprise_ids)])
        rows = cursor.fetchall()
        if not rows:
            return
        cursor.execute(
            f"""INSERT INTO {TABLE} (enterprise_id, grams, indexed_at)
                SELECT * FROM unnest(%s::bigint[], %s::text[], %s::timestamptz[])
                ON CONFLICT (enterprise_id) DO UPDATE
                SET grams = EXCLUDED.grams, indexed_at = EXCLUDED.indexed_at""",
            [[r[0] for r in rows], [document(*r[1:-1]) for r in rows], [r[-1] for r in rows]],
        )


def reindex_selected(ids_sql: str, params: list | None = None, *, bulk_over: int = 5000) -> int:
    """Index the enterprises whose ids `ids_sql` selects, now (a bulk writer's changed rows, inside its
    transaction): by id lookups for a few, by one streamed pass with the tags aggregated once for many."""
    if not enabled():
        return 0
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM ({ids_sql}) x", params or [])
        count = cursor.fetchone()[0]
    if not count:
        return 0
    source = _BULK_SOURCE if count > bulk_over else _SOURCE
    return _write(f"{source} WHERE e.id IN ({ids_sql})", params or [])


def refresh(*, federation_id: int | None = None, every: bool = False) -> int:
    """Index every enterprise whose entry is missing or stale (of one federation, or all; `every`: all of
    them, after writes that bypass `updated_at` such as bulk tag inserts); returns how many. Bulk writers
    (the roster import, the demo, the scale generator) call it after their writes."""
    if not enabled():
        return 0
    sql = _BULK_SOURCE + " WHERE TRUE" if every else _STALE
    if federation_id is None:
        return _write(sql, [])
    return _write(sql + " AND e.federation_id = %s", [federation_id])


def stale_count() -> int:
    """Enterprises a search could miss: no current entry, and not queued either."""
    if not enabled():
        return 0
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT count(*) FROM ({_STALE}) x
                WHERE NOT EXISTS (SELECT 1 FROM {PENDING_TABLE} p WHERE p.enterprise_id = x.id)"""
        )
        return cursor.fetchone()[0]


def pending_count() -> int:
    if not enabled():
        return 0
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {PENDING_TABLE}")
        return cursor.fetchone()[0]


# The queued enterprises of one batch, with their tags aggregated for those ids only.
_IDS_SOURCE = f"""SELECT {_COLUMNS}, t.ids, e.updated_at
                  FROM {ENTERPRISE_TABLE} e LEFT JOIN {INDUSTRY_TABLE} i ON i.id = e.industry_id
                  LEFT JOIN (SELECT enterprise_id, array_agg(tag_id) AS ids FROM {TAG_TABLE}
                             WHERE enterprise_id = ANY(%s) GROUP BY 1) t ON t.enterprise_id = e.id
                  WHERE e.id = ANY(%s)"""


def index_pending(*, batch: int = 20_000) -> int:
    """Move the queued enterprises into the n-gram index, `batch` at a time, each batch in a transaction
    of its own (its entries written and its queue rows deleted together, so a search always finds an
    enterprise in one or the other). Rows another run holds are skipped (SKIP LOCKED): two runs at once
    share the work. Returns how many were indexed."""
    if not enabled():
        return 0
    total = 0
    while True:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"""SELECT enterprise_id FROM {PENDING_TABLE} ORDER BY enterprise_id LIMIT %s
                    FOR UPDATE SKIP LOCKED""",
                [batch],
            )
            ids = [row[0] for row in cursor.fetchall()]
            if not ids:
                break
            _write(_IDS_SOURCE, [ids, ids])
            cursor.execute(f"DELETE FROM {PENDING_TABLE} WHERE enterprise_id = ANY(%s)", [ids])
        total += len(ids)
    if total:
        # The planner's idea of the queue's size decides how searches join it: tell it the queue is empty
        # again now rather than at autovacuum's next visit.
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {PENDING_TABLE}")
    return total


@transaction.atomic
def _write(source_sql: str, params: list) -> int:
    """Stream the source rows through a server-side cursor, COPY their documents into a temp table in
    between fetches, and upsert them in one statement."""
    raw = connection.connection  # psycopg 3
    count = 0
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE search_in (enterprise_id bigint, grams text, indexed_at timestamptz) ON COMMIT DROP"
        )
        with raw.cursor(name="search_source") as source:
            source.execute(source_sql, params)
            while rows := source.fetchmany(5000):
                with cursor.cursor.copy(
                    "COPY search_in (enterprise_id, grams, indexed_at) FROM STDIN"
                ) as copy:
                    for pk, *fields, updated in rows:
                        copy.write_row((pk, document(*fields), updated))
                count += len(rows)
        if count:
            cursor.execute(
                f"""INSERT INTO {TABLE} (enterprise_id, grams, indexed_at)
                    SELECT enterprise_id, grams, indexed_at FROM search_in
                    ON CONFLICT (enterprise_id) DO UPDATE
                    SET grams = EXCLUDED.grams, indexed_at = EXCLUDED.indexed_at"""
            )
        cursor.execute("DROP TABLE search_in")
    return count


@task()
def refresh_search_index(federation_id: int | None = None) -> int:
    """A full refresh of the search index, as a task."""
    return refresh(federation_id=federation_id)


@task()
def index_pending_task() -> int:
    """The queued enterprises into the n-gram index (enqueued when an import that queued some commits)."""
    return index_pending()
