"""One audit row per object an import created or changed, with the job as its cause, so an object's history
shows the import that changed it (beside the job's own IMPORT row with the counts).

Written in bulk: as COPY rows (PostgreSQL, streamed with the import's other COPYs, or `write()`), as one
INSERT … SELECT over the import's temp table (`insert_select`), or by bulk_create (SQLite). The cause is
`changes["cause"]["import_job"]`, the same for every row of the job."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from django.db import connection
from django.utils import timezone

from shanglian.audit.models import AuditAction, AuditEntry
from shanglian.core.middleware import current_ip
from shanglian.excel.imports.stream import copy_text
from shanglian.excel.models import ImportJob

COLUMNS = (
    "at",
    "actor_id",
    "actor_name",
    "ip",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "changes",
    "message",
    "organization_id",
)
TABLE = AuditEntry._meta.db_table


def cause_of(entry: AuditEntry) -> int | None:
    """The import job that wrote this audit row, if an import did."""
    cause = (entry.changes or {}).get("cause") if isinstance(entry.changes, dict) else None
    return cause.get("import_job") if isinstance(cause, dict) else None


class RowAudit:
    def __init__(self, job: ImportJob, actor: Any, *, object_type: str, what: str) -> None:
        actor_obj = actor if getattr(actor, "is_authenticated", False) else None
        self.job = job
        self.object_type = object_type
        self.at = timezone.now()
        self._at_text = self.at.isoformat()
        self.actor_id = actor_obj.pk if actor_obj else None
        self.actor_name = (actor_obj.get_username() if actor_obj else (str(actor) if actor else "系统"))[:150]
        self.ip = current_ip()
        self.changes = {"cause": {"import_job": job.pk}}
        self._changes_text = json.dumps(self.changes)
        self.organization_id = job.organization_id
        name = job.original_name
        self.messages: dict[str, str] = {
            AuditAction.CREATE: f"导入{what}《{name}》新增（导入任务 #{job.pk}）"[:500],
            AuditAction.UPDATE: f"导入{what}《{name}》更新（导入任务 #{job.pk}）"[:500],
        }

    def row(self, action: str, object_id: object, object_repr: str) -> tuple[Any, ...]:
        """One COPY row (COLUMNS) for the object."""
        return (
            self._at_text,
            self.actor_id,
            self.actor_name,
            self.ip,
            action,
            self.object_type,
            object_id,
            object_repr[:200],
            self._changes_text,
            self.messages[action],
            self.organization_id,
        )

    def write(self, rows: Iterable[tuple[str, object, str]]) -> int:
        """(action, object id, repr) per changed object: COPY on PostgreSQL, bulk_create elsewhere."""
        rows = list(rows)
        if not rows:
            return 0
        if connection.vendor == "postgresql":
            sql = f"COPY {TABLE} ({', '.join(COLUMNS)}) FROM STDIN"
            with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
                for start in range(0, len(rows), 5000):
                    copy.write(copy_text([self.row(*r) for r in rows[start : start + 5000]]))
            return len(rows)
        AuditEntry.unscoped_objects.bulk_create(
            [
                AuditEntry(
                    at=self.at,
                    actor_id=self.actor_id,
                    actor_name=self.actor_name,
                    ip=self.ip,
                    action=action,
                    object_type=self.object_type,
                    object_id=str(object_id),
                    object_repr=object_repr[:200],
                    changes=self.changes,
                    message=self.messages[action],
                    organization_id=self.organization_id,
                )
                for action, object_id, object_repr in rows
            ],
            batch_size=500,
        )
        return len(rows)

    def insert_select(self, cursor: Any, action: str, source_sql: str, params: list[Any]) -> None:
        """PostgreSQL: one audit row per row of `source_sql` (which selects id, repr), in one statement."""
        cursor.execute(
            f"""INSERT INTO {TABLE} ({", ".join(COLUMNS)})
                SELECT %s, %s, %s, %s, %s, %s, x.id::text, left(x.repr, 200), %s::jsonb, %s, %s
                FROM ({source_sql}) x (id, repr)""",
            [
                self.at,
                self.actor_id,
                self.actor_name,
                self.ip,
                action,
                self.object_type,
                self._changes_text,
                self.messages[action],
                self.organization_id,
                *params,
            ],
        )
