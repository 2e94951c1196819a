"""Streaming an import's new rows into PostgreSQL while pass 1 is still reading the file.

Pass 1 is Python on one core; inserting rows (indexes, foreign keys) is PostgreSQL's work on the other.
Done one after the other they add up; here they overlap. `StreamingCopier` COPYs each batch of new rows
straight into their table on a worker thread, in the import's one transaction, while the main thread
parses the next batch. It stays all-or-nothing: a row error anywhere rolls back what was streamed, and so
does a failure.

Only psycopg's public API: the main thread formats each batch as COPY text (`copy_text`, PostgreSQL's
documented text format) and the worker sends it with `Cursor.copy()` / `Copy.write()`. Formatting on the
worker would take the GIL from the main thread in 5 ms slices and slow both down.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db import connection

from shanglian.core.errors import ServiceError
from shanglian.core.process import quick_thread_switches
from shanglian.excel.models import ImportJob

_NULL = "\\N"
# COPY text format: backslash, tab, newline and carriage return inside a value are backslash-escaped.
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _escaped(value: object) -> str:
    return _NULL if value is None else str(value).translate(_ESCAPES)


def copy_text(rows: Sequence[Sequence[Any]]) -> bytes:
    """Rows as PostgreSQL COPY text (UTF-8): None → NULL, everything else by `str()` (ints, Decimals,
    dates, ISO timestamps, True/False all read back as themselves). Each column is converted at C speed
    and the escaping is checked on the whole batch at once; only a batch holding a backslash, tab,
    newline or carriage return inside a value takes the slow path."""
    if not rows:
        return b""
    columns: list[Iterable[str]] = []
    nulls = 0
    for column in zip(*rows, strict=True):
        n = column.count(None)
        if n:
            nulls += n
            columns.append([_NULL if v is None else str(v) for v in column])
        else:
            columns.append(map(str, column))
    text = "\n".join(map("\t".join, zip(*columns, strict=True)))
    # Every NULL marker holds one backslash, every row width-1 tabs and every row but the last one newline:
    # any other is inside a value and must be escaped.
    width = len(rows[0])
    if (
        text.count("\\") != nulls
        or text.count("\t") != len(rows) * (width - 1)
        or text.count("\n") != len(rows) - 1
        or "\r" in text
    ):
        text = "\n".join("\t".join(map(_escaped, row)) for row in rows)
    return (text + "\n").encode()


class StreamingCopier:
    """COPYs batches of new rows into `table` (`columns`, in the order of the rows' tuples) on a worker
    thread. `add(rows)` hands over one batch; `close()` waits for the last and re-raises what the worker
    met. At most three batches wait, so memory stays flat.

    The batch lookups of pass 1 go through a connection of their own when the import's transaction is the
    outermost (`prefetch`): then they never wait behind a COPY, and they see what the check outside a
    transaction would see (what is committed). Inside an enclosing transaction (a test's) its uncommitted
    rows count, so the lookups share the connection (`fetch`) and take turns with the COPYs."""

    def __init__(
        self,
        table: str,
        columns: Sequence[str],
        *,
        key: int = 1,
        keep_keys: int = 0,
        also: Sequence[tuple[str, Sequence[str]]] = (),
        conflict_message: str = "导入期间数据被其他操作修改，未写入任何数据，请重新导入。",
    ) -> None:
        """`also`: further (table, columns) COPYed after `table` with each batch (rows that refer to the
        batch's new rows: their search queue entries, their audit rows); `add()` takes one list per table."""
        connection.ensure_connection()
        self._raw: Any = connection.connection
        self._sqls = [
            "COPY {} ({}) FROM STDIN".format(name, ", ".join(cols))
            for name, cols in ((table, columns), *also)
        ]
        self._queue: queue.Queue[list[bytes] | None] = queue.Queue(maxsize=2)
        self._error: BaseException | None = None
        self._pending: list[bytes] | None = None
        self._conflict_message = conflict_message
        self._ids: list[int] = []
        self.count = 0
        # The keys (column `key` of each row) of what was inserted, while at most `keep_keys`.
        self._key = key
        self.keep_keys = keep_keys
        self.keys: list[Any] | None = []
        with connection.cursor() as cursor:
            # Check the foreign keys per statement, on the worker's time, not all at COMMIT.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        self._reader: Any = None
        if not connection.savepoint_ids:
            self._reader = connection.get_new_connection(connection.get_connection_params())
            self._reader.autocommit = True
            self._pipeline = self._reader.pipeline()
            self._pipeline.__enter__()
        # The main thread is busy in Python: by default the worker would wait up to 5 ms for the GIL each
        # time its COPY returns or its socket is ready, and the COPYs would fall behind. A process-wide
        # switch: applied only in the task worker (core.process).
        self._quick = quick_thread_switches.acquire()
        self._thread = threading.Thread(target=self._run, name="import-copy", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while (batch := self._queue.get()) is not None:
            if self._error is not None:
                continue  # drain, so that add() never blocks on a dead worker
            try:
                with self._raw.cursor() as cursor:
                    for sql, data in zip(self._sqls, batch, strict=True):
                        if data:
                            with cursor.copy(sql) as copy:
                                copy.write(data)
            except BaseException as exc:  # re-raised in the main thread by add() or close()
                self._error = exc

    def prefetch(
        self, sql: str, params: Callable[[list[Any]], list[Any]]
    ) -> Callable[[list[Any]], Callable[[], list[tuple[Any, ...]]]] | None:
        """For classify_in_batches: with a lookup connection of its own, `sql` with `params(batch)` is sent
        at once in pipeline mode and its answer read when the batch is classified; else None."""
        if self._reader is None:
            return None

        def send(batch: list[Any]) -> Callable[[], list[tuple[Any, ...]]]:
            cursor = self._reader.cursor()
            cursor.execute(sql, params(batch))

            def answer() -> list[tuple[Any, ...]]:
                try:
                    return list(cursor.fetchall())
                finally:
                    cursor.close()

            return answer

        return send

    def fetch(self, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        """A batch lookup of pass 1 on the shared connection (no prefetch): it lets the previous batch go
        to the worker once it has its answer, so the COPY runs while this batch is classified."""
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = list(cursor.fetchall())
        self.release()
        return rows

    def take_ids(self, n: int, sequence: str) -> list[int]:
        """`n` fresh ids from `sequence` (the new rows' primary keys, so that the rows referring to them
        go in the same batch). Drawn in blocks, through the lookup connection when there is one: a
        sequence is outside transactions, and the shared connection may be busy with a COPY."""
        if len(self._ids) < n:
            sql = "SELECT nextval(%s) FROM generate_series(1, %s)"
            wanted: list[Any] = [sequence, max(n - len(self._ids), 2000)]
            if self._reader is not None:
                cursor = self._reader.cursor()
                try:
                    cursor.execute(sql, wanted)
                    self._ids += [row[0] for row in cursor.fetchall()]
                finally:
                    cursor.close()
            else:
                with connection.cursor() as shared:
                    shared.execute(sql, wanted)
                    self._ids += [row[0] for row in shared.fetchall()]
        taken, self._ids = self._ids[:n], self._ids[n:]
        return taken

    def add(self, rows: list[tuple[Any, ...]], *also: list[tuple[Any, ...]]) -> None:
        """Take one batch (and the rows of the `also` tables): to the worker at once when lookups have a
        connection of their own, else held until the next fetch() (see there) or close()."""
        self.raise_error()
        self.release()
        if not rows and not any(also):
            return
        self.count += len(rows)
        if self.keys is not None:
            if self.count <= self.keep_keys:
                self.keys.extend(row[self._key] for row in rows)
            else:
                self.keys = None
        self._pending = [copy_text(rows), *(copy_text(more) for more in also)]
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
            if self._quick:
                quick_thread_switches.release()
                self._quick = False
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
            raise ServiceError(self._conflict_message)
        raise error


class SideProgress:
    """Progress of a job whose work runs inside one long transaction: reported through a connection of
    its own in autocommit, so the page polling the job sees it move before the COMMIT."""

    every = 0.3  # seconds between two reports: the page polls once a second

    def __init__(self, job: ImportJob) -> None:
        self.job = job
        self._conn: Any = None
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
            f"UPDATE {ImportJob._meta.db_table} SET processed_rows = %s, total_rows = %s, heartbeat_at = now() "
            "WHERE id = %s",
            [self.job.processed_rows, self.job.total_rows, self.job.pk],
        )

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
