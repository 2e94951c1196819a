"""Process-wide interpreter settings that a bulk job changes while it runs (the garbage collector, the GIL
switch interval).

Only a task worker may change them: in a web process they would slow every other request's thread, so a
hold outside `allow_process_settings()` (which the import tasks enter) changes nothing. Threads of one
worker may run such jobs at once: the first to hold a setting applies it and the last to let go restores
what was there, so no job restores another's value.

`read_memory_bound` caps the worker's address space (RLIMIT_AS) while a workbook is loaded: an oversized
sheet then fails that process alone instead of driving the machine (and its database) into the OOM killer."""

from __future__ import annotations

import contextlib
import contextvars
import gc
import os
import sys
import threading
from collections.abc import Callable, Iterator
from typing import Any

from django.conf import settings

try:
    import resource
except ImportError:  # not on this platform (Windows): the memory bound is a no-op
    resource = None  # type: ignore[assignment]

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
    def __init__(
        self,
        read: Callable[[], object],
        write: Callable[[object], None],
        value: object = None,
        *,
        value_of: Callable[[], object] | None = None,
    ):
        """`value_of`, when given, computes the value at each outermost hold (a bound relative to the
        process's state then) instead of the fixed `value`."""
        self._read, self._write, self._value, self._value_of = read, write, value, value_of
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
                self._write(self._value_of() if self._value_of else self._value)
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


# The address-space bound (issue 11 defect 1, second line after excel.guard): current size plus
# IMPORT_READ_MEMORY_MB, never above a limit already set. Concurrent reads in one worker share the bound
# taken by the first; the last to finish restores the limit that was there.
_RLIMIT_AS: int | None = getattr(resource, "RLIMIT_AS", None) if resource is not None else None


def _address_space_bytes() -> int | None:
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


def _read_limit() -> Any:
    return resource.getrlimit(_RLIMIT_AS)  # type: ignore[arg-type]


def _write_limit(limits: Any) -> None:
    resource.setrlimit(_RLIMIT_AS, limits)  # type: ignore[arg-type]


def _bounded_limit() -> tuple[int, int]:
    soft, hard = resource.getrlimit(_RLIMIT_AS)  # type: ignore[arg-type]
    used = _address_space_bytes()
    if used is None:  # size unknown: leave the limit as it is
        return soft, hard
    bound = used + int(getattr(settings, "IMPORT_READ_MEMORY_MB", 2048)) * 1024 * 1024
    for limit in (soft, hard):
        if limit != resource.RLIM_INFINITY:
            bound = min(bound, limit)
    return bound, hard


read_memory_bound: SharedSetting | None = (
    SharedSetting(_read_limit, _write_limit, value_of=_bounded_limit) if _RLIMIT_AS is not None else None
)


def memory_bounded() -> contextlib.AbstractContextManager[object]:
    """Hold the address-space bound for a block (a no-op outside a task worker or without RLIMIT_AS)."""
    return read_memory_bound.held() if read_memory_bound is not None else contextlib.nullcontext()
