"""Pass 2 of the 企业家名册 import (see `person`): the spool of pass 1 written in the import's
transaction as plain SQL batches — new people by COPY (ids drawn from the table's sequence) on PostgreSQL
or multi-row INSERT ... RETURNING elsewhere, one executemany UPDATE per set of changed columns, and the
added roles by INSERT ... ON CONFLICT DO NOTHING (a COPY into a temp table first on PostgreSQL)."""

from __future__ import annotations

import datetime
import pickle
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from django.db import connection, connections, models
from django.utils import timezone

from shanglian.audit.models import AuditAction
from shanglian.core.crypto import BlindIndexField
from shanglian.excel.imports.results import CheckResult
from shanglian.excel.imports.rowaudit import RowAudit
from shanglian.registry.imports.person_parsing import FIELDS
from shanglian.registry.models import Person, PersonRole


def _read_spool(path: str) -> Iterator[list[dict[str, Any]]]:
    with open(path, "rb") as fh:
        while True:
            try:
                yield pickle.load(fh)
            except EOFError:
                return


INSERT_ROWS = 500  # rows per multi-row INSERT on SQLite (it allows 32766 parameters)
INSERT_COLUMNS = ("federation", "enterprise", *FIELDS, "id_number_hash", "created_at", "updated_at")


def _model_field(name: str) -> models.Field[Any, Any]:
    field = Person._meta.get_field(name)
    if not isinstance(field, models.Field):  # a reverse relation or a generic key: no column of its own
        raise LookupError(f"Person.{name} is not a concrete field")
    return field


def _column(name: str) -> str:
    """The quoted database column of a Person field."""
    column = _model_field(name).column
    if column is None:
        raise LookupError(f"Person.{name} has no column")
    return str(connection.ops.quote_name(column))


_PLAIN_FIELDS = (
    models.CharField,
    BlindIndexField,
    models.BooleanField,
    models.ForeignKey,
    models.BigAutoField,
)


def _db_values(columns: Sequence[str], rows: list[list[Any]]) -> list[list[Any]]:
    """Rows of Python values → rows of database values: through the field's own conversion where it has
    one to do (dates, datetimes, any custom field), as they are for plain text, booleans and ids."""
    conn = connections[Person.unscoped_objects.db]  # the real connection, not the proxy: 100 000s of calls
    convert = [
        None if type(f) in _PLAIN_FIELDS else f.get_db_prep_save for f in (_model_field(c) for c in columns)
    ]
    if not any(convert):
        return rows
    same: dict[tuple[int, int], object] = {}  # the one `now` of every row is converted once

    def db(i: int, fn: Callable[..., Any] | None, v: Any) -> Any:
        if fn is None:
            return v
        if isinstance(v, datetime.datetime):
            key = (i, id(v))
            if key not in same:
                same[key] = fn(v, conn)
            return same[key]
        return fn(v, conn)

    return [[db(i, fn, v) for i, (fn, v) in enumerate(zip(convert, row, strict=True))] for row in rows]


def _insert_people(cursor: Any, rows: list[list[Any]]) -> list[int]:
    """INSERT the rows (values for INSERT_COLUMNS) and return their new ids, in order."""
    qn = connection.ops.quote_name
    table = Person._meta.db_table
    names = [_column(c) for c in INSERT_COLUMNS]
    if connection.vendor == "postgresql":
        # Ids drawn from the table's own sequence, then one COPY: no per-row statement at all.
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                       [table, len(rows)])  # fmt: skip
        ids = [pk for (pk,) in cursor.fetchall()]
        with cursor.cursor.copy(f"COPY {qn(table)} (id, {', '.join(names)}) FROM STDIN") as copy:
            for pk, row in zip(ids, rows, strict=True):
                copy.write_row([pk, *row])
        return ids
    ids = []
    row_sql = "(" + ", ".join(["%s"] * len(names)) + ")"
    for i in range(0, len(rows), INSERT_ROWS):
        chunk = rows[i : i + INSERT_ROWS]
        cursor.execute(
            f"INSERT INTO {qn(table)} ({', '.join(names)}) VALUES {', '.join([row_sql] * len(chunk))} "
            f"RETURNING id",
            [v for row in chunk for v in row],
        )
        ids += [pk for (pk,) in cursor.fetchall()]
    return ids


def _insert_roles(cursor: Any, roles: list[tuple[int, int, str]]) -> None:
    """(person_id, enterprise_id, title) rows; those already there are skipped."""
    table = connection.ops.quote_name(PersonRole._meta.db_table)
    if connection.vendor == "postgresql":
        cursor.execute("CREATE TEMP TABLE person_roles_in (person_id bigint, enterprise_id bigint, "
                       "title varchar(30)) ON COMMIT DROP")  # fmt: skip
        with cursor.cursor.copy("COPY person_roles_in FROM STDIN") as copy:
            for row in roles:
                copy.write_row(row)
        cursor.execute(f"INSERT INTO {table} (person_id, enterprise_id, title) "
                       "SELECT person_id, enterprise_id, title FROM person_roles_in ON CONFLICT DO NOTHING")  # fmt: skip
        cursor.execute("DROP TABLE person_roles_in")
        return
    for i in range(0, len(roles), INSERT_ROWS):
        chunk = roles[i : i + INSERT_ROWS]
        cursor.execute(
            f"INSERT INTO {table} (person_id, enterprise_id, title) VALUES "
            f"{', '.join(['(%s, %s, %s)'] * len(chunk))} ON CONFLICT DO NOTHING",
            [v for row in chunk for v in row],
        )


def write_spool(result: CheckResult, audit: RowAudit | None = None) -> None:
    """Set-based writes: new people (COPY on PostgreSQL, multi-row INSERT … RETURNING elsewhere), one
    executemany UPDATE per set of changed columns, and the added roles (INSERT … ON CONFLICT DO NOTHING).
    Plain SQL rather than bulk_create/bulk_update: at 20 000 rows the ORM's per-object work dominated.
    One audit row per created or changed person (`audit`, the job as its cause)."""
    if not result.spooled or result.spool_path is None:
        return
    now = timezone.now()
    qn = connection.ops.quote_name
    table = qn(Person._meta.db_table)
    plain = {"enterprise": "enterprise_id", "federation": "federation_id"}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The name's pg_trgm GIN index takes the new rows as one sorted batch (see roster.py).
            cursor.execute("SET LOCAL gin_pending_list_limit = '64MB'")
        roles: list[tuple[int, int, str]] = []
        audits: list[tuple[AuditAction, dict[str, Any], str]] = []
        for batch in _read_spool(result.spool_path):
            new = [r for r in batch if r["person_id"] is None]
            audits += [
                (AuditAction.CREATE if r["person_id"] is None else AuditAction.UPDATE, r, r.get("name") or "")
                for r in batch
            ]
            if new:
                values = _db_values(
                    INSERT_COLUMNS,
                    [
                        [
                            r["federation_id"],
                            r["enterprise_id"],
                            *(r[k] for k in FIELDS),
                            r["id_number_hash"],
                            now,
                            now,
                        ]
                        for r in new
                    ],
                )
                for r, pk in zip(new, _insert_people(cursor, values), strict=True):
                    r["person_id"] = pk
            groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
            for r in batch:
                changed = tuple(k for k in r.get("changed", ()) if k != "titles")
                if changed:
                    groups.setdefault(changed, []).append(r)
            for changed, rows in groups.items():
                columns = [c for c in FIELDS if c in changed]
                if "id_number" in changed:
                    columns.append("id_number_hash")
                if "enterprise" in changed:
                    columns += ["enterprise", "federation"]
                sets = ", ".join(f"{_column(c)} = %s" for c in [*columns, "updated_at"])
                values = _db_values(
                    [*columns, "updated_at", "id"],
                    [[r[plain.get(c, c)] for c in columns] + [now, r["person_id"]] for r in rows],
                )
                cursor.executemany(f"UPDATE {table} SET {sets} WHERE id = %s", values)
            roles += [(r["person_id"], r["enterprise_id"], t) for r in batch for t in r["titles"]]
        if roles:
            _insert_roles(cursor, roles)
    if audit is not None:
        audit.write((action, r["person_id"], name) for action, r, name in audits)
