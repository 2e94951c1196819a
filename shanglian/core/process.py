"""Process-wide interpreter settings that a bulk job changes while it runs (the garbage collector, the GIL
switch interval).

Only a task worker may change them: in a web process they would slow every other request's thread, so a
hold outside `allow_process_settings()` (which the import tasks enter) changes nothing. Threads of one
worker may run such jobs at once: the first to hold a setting applies it and the last to let go restores
what was there, so no job restores another's value."""

from __future__ import annotations

import contextlib
import contextvars
import gc
import sys
import threading
from collections.abc import Callable, Iterator

_allowed: contextvars.ContextVar[bool] = contextvars.ContextVar("process_settings_allowed", default=False)


@contextlib.contextmanager
def allow_process_settings() -> Iterator[None]:
    """Entered by task-worker code (the import tasks): inside it, holds of a SharedSetting apply."""
    token = _allowed.set(True)
    try:
        yield
    finally:
        _allowed.reset(token)


def process_settings_allowed() -> bool:
    return _allowed.get()


class SharedSetting:
    def __init__(self, read: Callable[[], object], write: Callable[[object], None], value: object):
        self._read, self._write, self._value = read, write, value
        self._lock = threading.Lock()
        self._holders = 0
        self._saved: object = None

    def acquire(self) -> bool:
        """Apply the setting if allowed here (see the module doc); True when it was held, and then the
        caller must release() it."""
        if not _allowed.get():
            return False
        with self._lock:
            if self._holders == 0:
                self._saved = self._read()
                self._write(self._value)
            self._holders += 1
        return True

    def release(self) -> None:
        with self._lock:
            self._holders -= 1
            if self._holders == 0:
                self._write(self._saved)

    @contextlib.contextmanager
    def held(self) -> Iterator[bool]:
        applied = self.acquire()
        try:
            yield applied
        finally:
            if applied:
                self.release()


# No cyclic garbage collection: for passes that allocate millions of short-lived, acyclic objects.
gc_paused = SharedSetting(gc.isenabled, lambda on: gc.enable() if on else gc.disable(), False)


# A 1 ms GIL switch interval (default 5 ms): a worker thread waiting on I/O gets the GIL back at once.
def _set_switch_interval(interval: object) -> None:
    sys.setswitchinterval(interval)  # type: ignore[arg-type]  # a float: what _read returned, or 0.001


quick_thread_switches = SharedSetting(sys.getswitchinterval, _set_switch_interval, 0.001)
