"""`/healthz` for a load balancer and a monitor: the database, the cache and the worker's last heartbeat.

Public by design (listed in the access matrix's public pages): it says whether the parts are up and how old
the heartbeat is, nothing about the data. 503 only when this process cannot serve (database or cache down),
so a balancer takes it out of rotation; a stale worker is "degraded" with 200, for the monitor to alert on
without taking healthy web processes away.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .jobs import WORKER
from .models import Heartbeat


def _database() -> tuple[bool, Heartbeat | None]:
    try:
        return True, Heartbeat.objects.filter(name=WORKER).first()
    except DatabaseError:
        return False, None


def _cache() -> bool:
    key = f"healthz:{uuid.uuid4().hex}"
    try:
        cache.set(key, 1, 10)
        ok: bool = cache.get(key) == 1
        cache.delete(key)
        return ok
    except Exception:  # noqa: BLE001 - any backend failure (Redis down, unwritable directory) means "down"
        return False


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    db_ok, beat = _database()
    cache_ok = _cache()
    max_age = int(getattr(settings, "HEALTHZ_WORKER_MAX_AGE", 180))
    worker: dict[str, Any]
    if beat is None:
        worker = {"status": "unknown" if not db_ok else "never", "last_heartbeat": None, "age_seconds": None}
    else:
        age = int((timezone.now() - beat.at).total_seconds())
        worker = {
            "status": "ok" if age <= max_age else "stale",
            "last_heartbeat": timezone.localtime(beat.at).isoformat(timespec="seconds"),
            "age_seconds": age,
        }
    if not (db_ok and cache_ok):
        status = "fail"
    elif worker["status"] != "ok":
        status = "degraded"
    else:
        status = "ok"
    body = {
        "status": status,
        "database": "ok" if db_ok else "fail",
        "cache": "ok" if cache_ok else "fail",
        "worker": worker,
    }
    return JsonResponse(
        body, status=503 if status == "fail" else 200, json_dumps_params={"ensure_ascii": False}
    )
