"""What pass 1 of any importer produces: counts, the first rows for the preview, row errors, the spool."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any


@dataclass
class RowError:
    row: int
    column: str
    value: str
    reason: str


@dataclass
class CheckResult:
    total: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    joined: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_rows: int = 0
    preview: list[dict[str, Any]] = field(default_factory=list)
    spool_path: str | None = None
    spooled: int = 0
    columns: list[str] = field(default_factory=list)
    sheet: str = ""  # the worksheet that was read (reading.Table.sheet), shown with the preview

    def discard(self) -> None:
        if self.spool_path and os.path.exists(self.spool_path):
            os.unlink(self.spool_path)
        self.spool_path = None
