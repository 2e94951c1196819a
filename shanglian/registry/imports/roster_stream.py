"""The roster import's confirm step on PostgreSQL: new enterprises go into the registry while pass 1 is
still reading the file, through the engine's `StreamingCopier` (shanglian.excel.imports.stream, which
explains the overlap). With each batch of new enterprises go their ids into the search's queue
(registry.search: the search finds queued enterprises by their columns, so the rows are searchable when the
import reports success; their n-grams are written by a task after the COMMIT) and their audit rows (one per
enterprise, the job as its cause). The ids are drawn from the enterprise sequence ahead, so all three go
in one batch.

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
from shanglian.registry.imports.roster_schema import MASTER_FIELDS as FIELDS
from shanglian.registry.imports.roster_schema import TEXT_FIELDS
from shanglian.registry.models import Enterprise, PendingSearchEntry

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
PENDING_COLUMNS = ("enterprise_id",)
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
            also=[(PendingSearchEntry._meta.db_table, PENDING_COLUMNS), (rowaudit.TABLE, rowaudit.COLUMNS)],
            conflict_message="导入期间有企业被其他操作登记（统一社会信用代码重复），未写入任何数据，请重新导入。",
        )
        self.federation_id = federation_id
        self.audit = audit
        # created_at / updated_at as text: formatting a datetime per row costs more than a str.
        self.timestamp = timezone.now().isoformat()
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [Enterprise._meta.db_table])
            self.sequence = cursor.fetchone()[0]

    def prefetch(self, sql: str) -> Any:  # type: ignore[override]
        return super().prefetch(sql, _codes)

    def add_new(self, rows: list[tuple[dict[str, Any], str, str]]) -> None:
        """One batch of new enterprises: (clean row, pinyin, initials) each."""
        ids = self.take_ids(len(rows), self.sequence) if rows else []
        inserts, queued, audits = [], [], []
        fed, ts, audit_row = self.federation_id, self.timestamp, self.audit.row
        for pk, (clean, pinyin, initials) in zip(ids, rows, strict=True):
            master = [clean[f] for f in FIELDS]
            for i in _TEXT_AT:
                if master[i] is None:
                    master[i] = ""
            inserts.append((pk, fed, clean["credit_code"], *master, pinyin, initials, ts, ts))
            queued.append((pk,))
            audits.append(audit_row(AuditAction.CREATE, pk, clean["name"]))
        self.add(inserts, queued, audits)
