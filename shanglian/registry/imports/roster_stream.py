"""The roster import's confirm step on PostgreSQL: new enterprises go into the registry while pass 1 is
still reading the file, through the engine's `StreamingCopier` (shanglian.excel.imports.stream, which
explains the overlap). What is roster-specific is here: the columns a new enterprise is COPYed with and
the batch lookup by credit code.

Rows that change an existing enterprise, and the tags, year figures and memberships of any row, still
go through the spool and the set-based statements in `roster_writing._write_postgres` after the pass.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from shanglian.excel.imports.stream import SideProgress, StreamingCopier
from shanglian.registry.imports.roster import FIELDS
from shanglian.registry.models import Enterprise

__all__ = ["NEW_COLUMNS", "EnterpriseCopier", "SideProgress"]

# The columns a new enterprise is COPYed with, in the order of the tuples `roster._classify` builds.
NEW_COLUMNS = (
    "federation_id",
    "credit_code",
    *FIELDS,
    "name_pinyin",
    "name_initials",
    "created_at",
    "updated_at",
)


def _codes(batch: list[Any]) -> list[str]:
    # One text parameter split on the server (roster._lookup_sql): a valid credit code has no comma.
    return [",".join([clean["credit_code"] for _, clean in batch])]


class EnterpriseCopier(StreamingCopier):
    def __init__(self, *, keep_codes: int) -> None:
        super().__init__(
            Enterprise._meta.db_table,
            NEW_COLUMNS,
            key=NEW_COLUMNS.index("credit_code"),
            keep_keys=keep_codes,
            conflict_message="导入期间有企业被其他操作登记（统一社会信用代码重复），未写入任何数据，请重新导入。",
        )
        # created_at / updated_at as text: formatting a datetime per row costs more than a str.
        self.timestamp = timezone.now().isoformat()

    @property
    def codes(self) -> list[str] | None:
        """The credit codes of what was inserted, while few enough to index for the search box at once."""
        return self.keys

    def prefetch(self, sql: str) -> Any:  # type: ignore[override]
        return super().prefetch(sql, _codes)
