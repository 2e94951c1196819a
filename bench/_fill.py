"""INSERT … SELECT for the benchmarks' data (generation is not what they time): the columns given as SQL
expressions, every other NOT NULL column without a database default filled with its type's empty value."""

from __future__ import annotations

from typing import Any

EMPTY = {
    "text": "''",
    "character varying": "''",
    "boolean": "false",
    "integer": "0",
    "smallint": "0",
    "bigint": "0",
    "numeric": "0",
    "jsonb": "'{}'::jsonb",
    "timestamp with time zone": "now()",
    "date": "current_date",
    "uuid": "gen_random_uuid()",
}


def insert_select(
    cursor: Any, table: str, exprs: dict[str, str], tail: str, params: list[Any] | None = None
) -> int:
    cursor.execute(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = %s"
        " AND is_nullable = 'NO' AND column_default IS NULL AND is_identity = 'NO'",
        [table],
    )
    cols = dict(exprs)
    for name, kind in cursor.fetchall():
        cols.setdefault(name, EMPTY[kind])
    sql = f"INSERT INTO {table} ({', '.join(cols)}) SELECT {', '.join(cols.values())} {tail}"
    cursor.execute(sql, params or None)  # None: a literal % in the expressions stays one
    return cursor.rowcount
