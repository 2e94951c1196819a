"""Read-heavy pages (cockpit, statistics, exports) may read from a PostgreSQL streaming replica.

Only where a view asks for it (`@reads_from_replica`): a router that sent every read to the replica would
show a user the page before their own write had arrived there. Inside such a view reads go to the alias
"replica" when `DATABASE_REPLICA_URL` configures one, writes (an export's audit row) still go to the
primary; without a replica everything reads the primary as before. A replica lags by milliseconds: figures
may be that much older, and rights read inside the view are the replica's (a role revoked this instant may
still count for one page view). A write that names its database from an object read here (treebeard's tree
writes save `using=` the parent's database) would go to the replica and fail there (read-only): such views
must not write the org tree.
"""

from __future__ import annotations

import contextvars
import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse

REPLICA = "replica"
_reading_replica: contextvars.ContextVar[bool] = contextvars.ContextVar("reading_replica", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


class ReplicaRouter:
    """Django database router: reads of a `replica_reads()` block go to the replica; nothing else changes."""

    def db_for_read(self, model: type[Any], **hints: Any) -> str | None:
        if _reading_replica.get() and replica_configured():
            return REPLICA
        return None

    def db_for_write(self, model: type[Any], **hints: Any) -> str | None:
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        return True  # the same data on both: an object read from the replica may be saved to the primary

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return db != REPLICA  # the replica follows the primary's schema by streaming


@contextmanager
def replica_reads() -> Iterator[None]:
    token = _reading_replica.set(True)
    try:
        yield
    finally:
        _reading_replica.reset(token)


def reads_from_replica(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """View decorator: GET requests read from the replica (when one is configured)."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method != "GET":
            return view(request, *args, **kwargs)
        with replica_reads():
            return view(request, *args, **kwargs)

    return wrapped
