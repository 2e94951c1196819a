"""The roster import's confirm step on PostgreSQL: new enterprises go into the registry while pass 1 is
still reading the file, through the engine's `StreamingCopier` (shanglian.excel.imports.stream, which
explains the overlap). With each batch of new enterprises go their search entries (registry.search: so
the rows are searchable when the import reports success) and their audit rows (one per enterprise, the job
as its cause). The ids are drawn from the enterprise sequence ahead, so all three go in one batch.

Rows that change an existing enterprise, and the tags, year figures and memberships of any row, still
go through the spool and the set-based statements in `roster_writing._write_postgres` after the pass.
"""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.utils import timezone

from shanglian.audit.models import AuditAction
from shanglian.excel.imports import rowaudit
from shanglian.excel.imports.rowaudit import RowAudit
from shanglian.excel.imports.stream import SideProgress, StreamingCopier
from shanglian.registry import search
from shanglian.registry.imports.roster_schema import MASTER_FIELDS as FIELDS
from shanglian.registry.imports.roster_schema import TEXT_FIELDS
from shanglian.registry.models import Enterprise, EnterpriseSearch, Industry

__all__ = ["NEW_COLUMNS", "EnterpriseCopier", "SideProgress"]

# The columns a new enterprise is COPYed with, in the order of the tuples `EnterpriseCopier.add_new` builds.
NEW_COLUMNS = (
    "id",
    "federation_id",
    "credit_code",
    *FIELDS,
    "name_pinyin",
    "name_initials",
    "created_at",
    "updated_at",
)
SEARCH_COLUMNS = ("enterprise_id", "grams", "indexed_at")
PENDING_LIST_LIMIT = "2GB"
MERGE_EVERY = 20_000  # rows between two merges of the pending list, on the copier's worker thread
MERGE_MEMORY = "256MB"
# The master fields a new row stores as blank text, never NULL (text columns).
_TEXT_AT = tuple(i for i, f in enumerate(FIELDS) if f in TEXT_FIELDS)


def _codes(batch: list[Any]) -> list[str]:
    # One text parameter split on the server (roster._lookup_sql): a valid credit code has no comma.
    return [",".join([clean["credit_code"] for _, clean in batch])]


class EnterpriseCopier(StreamingCopier):
    def __init__(self, federation_id: int, audit: RowAudit) -> None:
        super().__init__(
            Enterprise._meta.db_table,
            NEW_COLUMNS,
            key=NEW_COLUMNS.index("credit_code"),
            also=[(EnterpriseSearch._meta.db_table, SEARCH_COLUMNS), (rowaudit.TABLE, rowaudit.COLUMNS)],
            conflict_message="导入期间有企业被其他操作登记（统一社会信用代码重复），未写入任何数据，请重新导入。",
            every=(MERGE_EVERY, f"SELECT gin_clean_pending_list('{search.GRAMS_INDEX}'::regclass)"),
        )
        self.federation_id = federation_id
        self.audit = audit
        # created_at / updated_at as text: formatting a datetime per row costs more than a str. The search
        # entry's indexed_at is the same value, so registry.search sees it current.
        self.timestamp = timezone.now().isoformat()
        self.parents = dict(Industry.objects.values_list("pk", "parent_id"))
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [Enterprise._meta.db_table])
            self.sequence = cursor.fetchone()[0]
            # The search entries' GIN index takes new entries into its pending list (fastupdate, on by
            # default) and merges that list into the index whenever it passes gin_pending_list_limit (4 MB),
            # inside whichever COPY crossed it, with work_mem (4 MB) to sort in: for 100,000 rows dozens of
            # small merges. With the limit raised for this transaction only, the copier's worker merges the
            # list every MERGE_EVERY rows (gin_clean_pending_list, maintenance_work_mem) while pass 1 goes
            # on, and close() merges the rest before the COMMIT, so no search ever scans a long list.
            # Measured (BENCHMARKS.md): about 10 % off the GIN work, within the shared machine's noise.
            # gin_clean_pending_list needs the index's owner (as VACUUM does): a database user that is not
            # keeps PostgreSQL's own merging rather than leave a long list for the searches to scan.
            cursor.execute(
                "SELECT pg_has_role(relowner, 'USAGE') FROM pg_class WHERE oid = to_regclass(%s)",
                [search.GRAMS_INDEX],
            )
            owned = cursor.fetchone()
            self.merge_once = bool(owned and owned[0])
            if not self.merge_once:
                self.every = None
            else:
                cursor.execute(f"SET LOCAL gin_pending_list_limit = '{PENDING_LIST_LIMIT}'")
                cursor.execute(f"SET LOCAL maintenance_work_mem = '{MERGE_MEMORY}'")

    def close(self) -> None:
        super().close()
        if self.merge_once:
            with connection.cursor() as cursor:
                cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [search.GRAMS_INDEX])

    def prefetch(self, sql: str) -> Any:  # type: ignore[override]
        return super().prefetch(sql, _codes)

    def add_new(self, rows: list[tuple[dict[str, Any], str, str]]) -> None:
        """One batch of new enterprises: (clean row, pinyin, initials) each."""
        ids = self.take_ids(len(rows), self.sequence) if rows else []
        inserts, entries, audits = [], [], []
        fed, ts, parents, audit_row = self.federation_id, self.timestamp, self.parents, self.audit.row
        for pk, (clean, pinyin, initials) in zip(ids, rows, strict=True):
            master = [clean[f] for f in FIELDS]
            for i in _TEXT_AT:
                if master[i] is None:
                    master[i] = ""
            code, name = clean["credit_code"], clean["name"]
            inserts.append((pk, fed, code, *master, pinyin, initials, ts, ts))
            industry = clean["industry_id"]
            entries.append(
                (pk, search.document(name, clean["legal_representative"], pinyin, initials, code,
                                     clean["street"], clean["scale"], industry, parents.get(industry), None), ts)
            )  # fmt: skip
            audits.append(audit_row(AuditAction.CREATE, pk, name))
        self.add(inserts, entries, audits)
