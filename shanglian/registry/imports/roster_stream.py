"""The roster import's confirm step on PostgreSQL: new enterprises go into the registry while pass 1 is
still reading the file, instead of after it.

Pass 1 is Python on one core. Inserting rows into `registry_enterprise` (three btrees, two foreign keys)
is PostgreSQL's work on the other. Done one after the other they add up; here they overlap. A worker
thread COPYs each batch's new enterprises straight into the table, in the import's one transaction, while
the main thread parses the next batch. The batch lookups of existing enterprises go ahead on a second
connection (see EnterpriseCopier.__init__ for when they share the first). All of it stays
all-or-nothing: a row error anywhere rolls back what was streamed, and so does a failure.

Rows that change an existing enterprise, and the tags, year figures and memberships of any row, still
go through the spool and the set-based statements in `roster_writing._write_postgres` after the pass.
"""

from __future__ import annotations

import queue
import threading
import time

from django.db import connection
from django.utils import timezone
from psycopg._copy_base import format_row_text  # what Copy.write_row uses (psycopg's C code)
from psycopg.adapt import Transformer

from shanglian.core.errors import ServiceError
from shanglian.core.process import quick_thread_switches
from shanglian.excel.models import ImportJob
from shanglian.registry.imports.roster import FIELDS
from shanglian.registry.models import Enterprise

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


class EnterpriseCopier:
    """COPYs batches of new enterprises into the registry on a worker thread (see the module doc).
    `add(rows)` hands over one batch of NEW_COLUMNS tuples; `close()` waits for the last and re-raises
    what the worker met. At most three batches wait, so memory stays flat."""

    def __init__(self, *, keep_codes: int):
        connection.ensure_connection()
        self._raw = connection.connection
        self._sql = "COPY {} ({}) FROM STDIN".format(Enterprise._meta.db_table, ", ".join(NEW_COLUMNS))
        self._queue: queue.Queue = queue.Queue(maxsize=2)
        self._error: BaseException | None = None
        self._pending: bytearray | None = None
        self._tx = Transformer(self._raw)
        self.count = 0
        # created_at / updated_at as text: psycopg formats a datetime several times slower than a str.
        self.timestamp = timezone.now().isoformat()
        # The codes of what was inserted, while few enough to index for the search box at once.
        self.keep_codes = keep_codes
        self.codes: list[str] | None = []
        with connection.cursor() as cursor:
            # Check the foreign keys per statement, on the worker's time, not all at COMMIT.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        # The batch lookups go through a connection of their own when this transaction is the outermost:
        # then they never wait behind a COPY, and they see what the check outside a transaction would see
        # (what is committed). Inside an enclosing transaction (a test's) its uncommitted rows count, so
        # the lookups share the connection and take turns with the COPYs.
        self._reader = None
        if not connection.savepoint_ids:
            self._reader = connection.get_new_connection(connection.get_connection_params())
            self._reader.autocommit = True
            self._pipeline = self._reader.pipeline()
            self._pipeline.__enter__()
        # The main thread is busy in Python: by default the worker would wait up to 5 ms for the GIL each
        # time its COPY returns or its socket is ready, and the COPYs would fall behind.
        quick_thread_switches.acquire()
        self._thread = threading.Thread(target=self._run, name="roster-copy", daemon=True)
        self._thread.start()

    def _run(self):
        # Only sending here: the rows were formatted by the main thread. Formatting on this thread would
        # take the GIL from the main thread in 5 ms slices and slow both down.
        while (rows := self._queue.get()) is not None:
            if self._error is not None:
                continue  # drain, so that add() never blocks on a dead worker
            try:
                with self._raw.cursor() as cursor, cursor.copy(self._sql) as copy:
                    copy.write(rows)
            except BaseException as exc:  # re-raised in the main thread by add() or close()
                self._error = exc

    def prefetch(self, sql: str):
        """For classify_in_batches: with a lookup connection of its own, `sql` for a batch's credit codes is
        sent at once in pipeline mode and its answer read when the batch is classified; else None."""
        if self._reader is None:
            return None

        def send(batch):
            cursor = self._reader.cursor()
            cursor.execute(sql, [",".join([clean["credit_code"] for _, clean in batch])])

            def answer():
                try:
                    return cursor.fetchall()
                finally:
                    cursor.close()

            return answer

        return send

    def fetch(self, sql: str, params) -> list[tuple]:
        """A batch lookup of pass 1 on the shared connection (no prefetch, see __init__): it lets the
        previous batch go to the worker once it has its answer, so the COPY runs while this batch is
        classified."""
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        self.release()
        return rows

    def add(self, rows: list[tuple]) -> None:
        """Take one batch: to the worker at once when lookups have a connection of their own, else held
        until the next fetch() (see there) or close()."""
        self.raise_error()
        self.release()
        if not rows:
            return
        self.count += len(rows)
        if self.codes is not None:
            if self.count <= self.keep_codes:
                self.codes.extend(row[1] for row in rows)
            else:
                self.codes = None
        data = bytearray()
        for row in rows:
            format_row_text(row, self._tx, data)
        self._pending = data
        if self._reader is not None:
            self.release()

    def release(self) -> None:
        if self._pending:
            self._queue.put(self._pending)
            self._pending = None

    def stop(self) -> None:
        """Wait for the worker; afterwards the connection is the main thread's alone again."""
        if self._thread.is_alive():
            if self._error is None:
                self.release()
            self._queue.put(None)
            self._thread.join()
            quick_thread_switches.release()
        if self._reader is not None:
            try:
                self._pipeline.__exit__(None, None, None)
            finally:
                self._reader.close()
                self._reader = None

    def close(self) -> None:
        """stop(), re-raise the worker's error if it had one, else defer the foreign keys again."""
        self.stop()
        self.raise_error()
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")

    def raise_error(self) -> None:
        error = self._error
        if error is None:
            return
        from psycopg import errors

        if isinstance(error, errors.UniqueViolation):
            raise ServiceError(
                "导入期间有企业被其他操作登记（统一社会信用代码重复），未写入任何数据，请重新导入。"
            )
        raise error


class SideProgress:
    """Progress of a job whose work runs inside one long transaction: reported through a connection of
    its own in autocommit, so the page polling the job sees it move before the COMMIT."""

    every = 0.3  # seconds between two reports: the page polls once a second

    def __init__(self, job: ImportJob):
        self.job = job
        self._conn = None
        self._reported = -self.every

    def __call__(self, done: int, total: int) -> None:
        self.job.processed_rows, self.job.total_rows = done, max(total, done)
        now = time.monotonic()
        if now - self._reported < self.every and done < total:
            return
        self._reported = now
        if self._conn is None:
            self._conn = connection.get_new_connection(connection.get_connection_params())
            self._conn.autocommit = True
        self._conn.execute(
            f"UPDATE {ImportJob._meta.db_table} SET processed_rows = %s, total_rows = %s WHERE id = %s",
            [self.job.processed_rows, self.job.total_rows, self.job.pk],
        )

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
