"""Process-wide interpreter settings that a bulk job changes while it runs (the garbage collector, the GIL
switch interval). Threads of one web or task process may run such jobs at once: the first to hold a
setting applies it and the last to let go restores what was there, so no job restores another's value."""

from __future__ import annotations

import gc
import sys
import threading
from collections.abc import Callable


class SharedSetting:
    def __init__(self, read: Callable[[], object], write: Callable[[object], None], value: object):
        self._read, self._write, self._value = read, write, value
        self._lock = threading.Lock()
        self._holders = 0
        self._saved = None

    def acquire(self) -> None:
        with self._lock:
            if self._holders == 0:
                self._saved = self._read()
                self._write(self._value)
            self._holders += 1

    def release(self) -> None:
        with self._lock:
            self._holders -= 1
            if self._holders == 0:
                self._write(self._saved)

    def __enter__(self):
        self.acquire()
        return self

    def __exit__(self, *exc):
        self.release()


# No cyclic garbage collection: for passes that allocate millions of short-lived, acyclic objects.
gc_paused = SharedSetting(gc.isenabled, lambda on: gc.enable() if on else gc.disable(), False)
# A 1 ms GIL switch interval (default 5 ms): a worker thread waiting on I/O gets the GIL back at once.
quick_thread_switches = SharedSetting(sys.getswitchinterval, sys.setswitchinterval, 0.001)
