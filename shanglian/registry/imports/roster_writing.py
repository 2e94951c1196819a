"""Pass 2 of the roster import (see `roster`): the spool of pass 1 written in the import's transaction —
on PostgreSQL by COPY into a temp table and set-based INSERT / UPDATE ... WHERE changed, elsewhere with
bulk_create / bulk_update — with an audit row per changed enterprise and the search index brought up to
date in the same transaction."""

from __future__ import annotations

import datetime
import pickle
from collections.abc import Iterator
from typing import Any

from django.db import connection
from django.utils import timezone

from shanglian.audit.models import AuditAction
from shanglian.excel.imports.results import CheckResult
from shanglian.excel.imports.rowaudit import RowAudit
from shanglian.registry import enterprise_tally, member_tally, search
from shanglian.registry.imports.roster_schema import MASTER_FIELDS as FIELDS
from shanglian.registry.imports.roster_schema import SPOOL_KEYS, Target, db_types
from shanglian.registry.models import Enterprise, EnterpriseYearFigure, Membership, Position


def _read_spool(path: str) -> Iterator[list[dict[str, Any]]]:
    with open(path, "rb") as fh:
        while True:
            try:
                yield [dict(zip(SPOOL_KEYS, rec, strict=True)) for rec in pickle.load(fh)]
            except EOFError:
                return


def write_spool(result: CheckResult, target: Target, today: datetime.date, audit: RowAudit) -> None:
    """Write the spool (new enterprises on PostgreSQL were streamed during pass 1: roster_stream), audit
    each changed enterprise, and bring the search index up to date for the rows written here."""
    if not result.spooled or result.spool_path is None:
        return
    if connection.vendor != "postgresql":
        _write_orm(result.spool_path, target, today, audit)
        return
    _write_postgres(result.spool_path, target, today, audit)


def temp_columns() -> list[tuple[str, str]]:
    """The temp table's columns, in SPOOL_KEYS order; the master fields' types come from the model."""
    return [
        ("row", "integer"),
        ("enterprise_id", "bigint"),
        ("credit_code", "varchar(18)"),
        *db_types(connection),
        ("name_pinyin", "varchar(800)"),
        ("name_initials", "varchar(200)"),
        ("tag_ids", "bigint[]"),
        ("year", "smallint"),
        ("revenue", "numeric(16,2)"),
        ("tax", "numeric(16,2)"),
        ("rd_spend", "numeric(16,2)"),
        ("membership", "varchar(10)"),
        ("position", "varchar(30)"),
        ("joined_on", "date"),
        ("chamber_id", "bigint"),
    ]


def _write_postgres(spool_path: str, target: Target, today: datetime.date, audit: RowAudit) -> None:
    ent = Enterprise._meta.db_table
    tags = Enterprise.tags.through._meta.db_table
    fig = EnterpriseYearFigure._meta.db_table
    mem = Membership._meta.db_table
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL work_mem = '256MB'")
        cursor.execute("DROP TABLE IF EXISTS roster_in")
        cursor.execute(
            "CREATE TEMP TABLE roster_in ({}) ON COMMIT DROP".format(
                ", ".join(f'"{c}" {t}' for c, t in temp_columns())
            )
        )
        with cursor.cursor.copy(
            "COPY roster_in ({}) FROM STDIN".format(", ".join(f'"{c}"' for c in SPOOL_KEYS))
        ) as copy:
            for batch in _read_spool(spool_path):
                for rec in batch:
                    copy.write_row([rec[k] for k in SPOOL_KEYS])
        cursor.execute("ANALYZE roster_in")  # a temp table has no statistics: without them joins go nested
        master = ", ".join(FIELDS)
        cursor.execute(
            f"""INSERT INTO {ent} (federation_id, credit_code, {master}, name_pinyin, name_initials,
                    created_at, updated_at)
                SELECT %s, credit_code, {master}, name_pinyin, name_initials, %s, %s
                FROM roster_in WHERE enterprise_id IS NULL
                ON CONFLICT (credit_code) DO NOTHING""",
            [target.federation.pk, now, now],
        )
        sets = ", ".join(f"{f} = COALESCE(t.{f}, e.{f})" for f in (*FIELDS, "name_pinyin", "name_initials"))
        cursor.execute(
            f"""UPDATE {ent} e SET {sets}, updated_at = %s FROM roster_in t
                WHERE t.enterprise_id = e.id
                  AND ({", ".join(f"COALESCE(t.{f}, e.{f})" for f in FIELDS)})
                      IS DISTINCT FROM ({", ".join(f"e.{f}" for f in FIELDS)})""",
            [now],
        )
        # The rows that were in the registry before: one audit row each (new ones were audited as streamed).
        audit.insert_select(
            cursor,
            AuditAction.UPDATE,
            f"SELECT e.id, e.name FROM roster_in t JOIN {ent} e ON e.id = t.enterprise_id",
            [],
        )
        # Members counted ahead: the share of the enterprises already in the registry before their tags and
        # memberships change (new ones had none), the difference applied once all are written.
        cursor.execute("SELECT enterprise_id FROM roster_in WHERE enterprise_id IS NOT NULL")
        known = [row[0] for row in cursor.fetchall()]
        tally = member_tally.Change(known)
        # The same for the enterprises counted ahead; new ones (streamed or inserted above) count from nothing.
        counted = enterprise_tally.Change(known)
        cursor.execute(
            f"UPDATE roster_in t SET enterprise_id = e.id FROM {ent} e "
            f"WHERE t.enterprise_id IS NULL AND e.credit_code = t.credit_code"
        )
        cursor.execute("ANALYZE roster_in")
        cursor.execute(
            f"""DELETE FROM {tags} x USING roster_in t
                WHERE t.tag_ids IS NOT NULL AND x.enterprise_id = t.enterprise_id
                  AND NOT (x.tag_id = ANY(t.tag_ids))"""
        )
        cursor.execute(
            f"""INSERT INTO {tags} (enterprise_id, tag_id)
                SELECT t.enterprise_id, unnest(t.tag_ids) FROM roster_in t WHERE t.tag_ids IS NOT NULL
                ON CONFLICT DO NOTHING"""
        )
        # Tags are search facets: mark the rows whose tags changed so registry.search re-indexes them.
        cursor.execute(
            f"""UPDATE {ent} e SET updated_at = %s FROM roster_in t
                WHERE t.tag_ids IS NOT NULL AND e.id = t.enterprise_id AND e.updated_at <> %s""",
            [now, now],
        )
        cursor.execute(
            f"""INSERT INTO {fig} (enterprise_id, year, revenue, tax, rd_spend, updated_at)
                SELECT enterprise_id, year, revenue, tax, rd_spend, %s FROM roster_in WHERE year IS NOT NULL
                ON CONFLICT (enterprise_id, year) DO UPDATE SET
                  revenue = COALESCE(EXCLUDED.revenue, {fig}.revenue),
                  tax = COALESCE(EXCLUDED.tax, {fig}.tax),
                  rd_spend = COALESCE(EXCLUDED.rd_spend, {fig}.rd_spend),
                  updated_at = EXCLUDED.updated_at""",
            [now],
        )
        cursor.execute(
            f"""INSERT INTO {mem} (enterprise_id, chamber_id, position, joined_on)
                SELECT t.enterprise_id, t.chamber_id, COALESCE(t.position, %s), COALESCE(t.joined_on, %s)
                FROM roster_in t WHERE t.membership = 'join'
                ON CONFLICT (enterprise_id, chamber_id) WHERE left_on IS NULL DO NOTHING""",
            [Position.MEMBER, today],
        )
        cursor.execute(
            f"""UPDATE {mem} m SET position = t.position FROM roster_in t
                WHERE t.membership = 'position' AND m.enterprise_id = t.enterprise_id
                  AND m.chamber_id = t.chamber_id AND m.left_on IS NULL"""
        )
        # Changed rows, and new ones whose tags came after their streamed entry: indexed now, in the
        # import's transaction, so they are searchable when it reports success.
        cursor.execute("SELECT enterprise_id FROM roster_in")
        every = [row[0] for row in cursor.fetchall()]
        tally.ids.update(every)
        tally.done()
        counted.ids.update(every)
        counted.done()
        search.reindex_selected("SELECT enterprise_id FROM roster_in")
        cursor.execute("DROP TABLE roster_in")


def _write_orm(spool_path: str, target: Target, today: datetime.date, audit: RowAudit) -> None:
    through = Enterprise.tags.through
    for batch in _read_spool(spool_path):
        created = {r["credit_code"] for r in batch if r["enterprise_id"] is None}
        new = [
            Enterprise(
                federation_id=target.federation.pk,
                credit_code=r["credit_code"],
                name_pinyin=r["name_pinyin"],
                name_initials=r["name_initials"],
                **{f: r[f] for f in FIELDS},
            )
            for r in batch
            if r["enterprise_id"] is None
        ]
        Enterprise.unscoped_objects.bulk_create(new, batch_size=500)
        enterprise_tally.add(target.federation.pk, len(new))
        ids = dict(
            Enterprise.unscoped_objects.filter(credit_code__in=[r["credit_code"] for r in batch]).values_list(
                "credit_code", "pk"
            )
        )
        for r in batch:
            r["enterprise_id"] = ids[r["credit_code"]]
        names = dict(
            Enterprise.unscoped_objects.filter(pk__in=[r["enterprise_id"] for r in batch]).values_list(
                "pk", "name"
            )
        )
        audit.write(
            (
                AuditAction.CREATE if r["credit_code"] in created else AuditAction.UPDATE,
                r["enterprise_id"],
                names[r["enterprise_id"]],
            )
            for r in batch
        )
        # The batch's memberships and tags are written in bulk (no signals): the member counts kept ahead
        # move by the difference of these enterprises' shares.
        tally = member_tally.Change(r["enterprise_id"] for r in batch)
        counted = enterprise_tally.Change(r["enterprise_id"] for r in batch)  # the new ones added above
        updates = [r for r in batch if r["enterprise_id"] and any(r[f] is not None for f in FIELDS)]
        if updates:
            objs = {
                e.pk: e
                for e in Enterprise.unscoped_objects.filter(pk__in=[r["enterprise_id"] for r in updates])
            }
            now = timezone.now()
            for r in updates:
                obj = objs[r["enterprise_id"]]
                for f in (*FIELDS, "name_pinyin", "name_initials"):
                    if r[f] is not None:
                        setattr(obj, f, r[f])
                obj.updated_at = now
            Enterprise.unscoped_objects.bulk_update(
                objs.values(), [*FIELDS, "name_pinyin", "name_initials", "updated_at"], batch_size=500
            )
        tagged = [r for r in batch if r["tag_ids"] is not None]
        for r in tagged:
            through.objects.filter(enterprise_id=r["enterprise_id"]).exclude(tag_id__in=r["tag_ids"]).delete()
        through.objects.bulk_create(
            [through(enterprise_id=r["enterprise_id"], tag_id=t) for r in tagged for t in r["tag_ids"]],
            ignore_conflicts=True,
        )
        for r in batch:
            if r["year"] is None:
                continue
            defaults = {k: r[k] for k in ("revenue", "tax", "rd_spend") if r[k] is not None}
            EnterpriseYearFigure.unscoped_objects.update_or_create(
                enterprise_id=r["enterprise_id"], year=r["year"], defaults=defaults
            )
        Membership.unscoped_objects.bulk_create(
            [
                Membership(
                    enterprise_id=r["enterprise_id"],
                    chamber_id=r["chamber_id"],
                    position=r["position"] or Position.MEMBER,
                    joined_on=r["joined_on"] or today,
                )
                for r in batch
                if r["membership"] == "join"
            ],
            batch_size=500,
        )
        for r in batch:
            if r["membership"] == "position":
                Membership.unscoped_objects.filter(
                    enterprise_id=r["enterprise_id"], chamber_id=r["chamber_id"], left_on__isnull=True
                ).update(position=r["position"])
        tally.done()
        counted.done()
