"""签到 at the door (issue 16 §Tests and performance) on PostgreSQL: an event with R confirmed registrations
(default 20,000), C concurrent scanners (default 50, "devices") posting distinct codes to the check-in API
(`POST /api/v1/events/{id}/checkin`, the phone page's call) through Django's full stack in process
(middleware, session auth, scope, the service, audit, attendance) — every code posted twice at once by two
devices, so a duplicate would show. Against the same threads running a hand-written check-in (the
registration looked up by id + nonce, INSERT … ON CONFLICT DO NOTHING) in the same run.

    DATABASE_URL=postgres://…/<scratch db, migrated> python bench/checkin.py [R] [C]
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.web.settings")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "bench-checkin-only-" + "k3y-" * 16)

import django  # noqa: E402

import bench.web.settings as bench_settings  # noqa: E402

bench_settings.STORAGES = {
    **bench_settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

django.setup()

from django.db import connection, connections, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench._fill import insert_select  # noqa: E402

TITLE = "签到基准：民营企业家大会"
COUNTER = iter(range(10**9))  # which door user and device a scanning thread is


def build(regs: int):
    from shanglian.accounts.models import RoleAssignment, User
    from shanglian.core.roles import Role
    from shanglian.events.codes import new_nonce
    from shanglian.events.models import Event
    from shanglian.orgs.factories import FederationFactory

    event = Event.objects.unscoped().filter(title=TITLE).first()
    if event is None:
        with transaction.atomic():
            fed = FederationFactory(name="签到基准区工商联")
            event = Event.objects.unscoped().create(
                organizer=fed, title=TITLE, kind="policy", starts_at=timezone.now(), place="会议中心"
            )
            with connection.cursor() as c:
                c.execute("CREATE TEMP TABLE b_nonce (rn int, nonce text)")
                with c.copy("COPY b_nonce FROM STDIN") as copy:
                    for i in range(regs):
                        copy.write_row((i, new_nonce()))
                insert_select(c, "events_registration",
                              {"event_id": str(event.pk), "name": "'参会人' || rn", "status": "'confirmed'",
                               "nonce": "nonce", "created_at": "now()", "walk_in": "false"},
                              "FROM b_nonce ORDER BY rn")  # fmt: skip
                c.execute("ANALYZE events_registration")
    users = []
    for i in range(4):  # four staff at the door, each on some of the devices
        user, _ = User.objects.get_or_create(username=f"bench_door_{i}", defaults={"name": f"签到员{i}"})
        RoleAssignment.objects.get_or_create(
            user=user, role=Role.FEDERATION_ADMIN, organization=event.organizer
        )
        users.append(user)
    return event, users


def codes_of(event) -> list[tuple[int, str, str]]:
    from shanglian.events import codes

    return [
        (pk, nonce, codes.sign(event.pk, pk, nonce))
        for pk, nonce in event.registrations.values_list("pk", "nonce").order_by("pk")
    ]


def reset(event) -> None:
    with connection.cursor() as c:
        c.execute("DELETE FROM events_checkin WHERE event_id = %s", [event.pk])


def run(event, users, items, pool, local, ours: bool) -> dict:
    """Every item scanned twice, by two devices at once; returns scans/s (distinct codes) and outcomes."""
    from django.test import Client

    url = f"/api/v1/events/{event.pk}/checkin"
    lock = threading.Lock()

    def client() -> Client:
        if not hasattr(local, "client"):
            with lock:
                n = next(COUNTER)
            local.client = Client(HTTP_HOST="127.0.0.1")
            local.client.force_login(users[n % len(users)], backend="shanglian.accounts.backends.UserBackend")
            local.device = f"门口{n}"
        return local.client

    def scan_api(item) -> int:
        c = client()
        r = c.post(url, {"code": item[2], "device": local.device}, content_type="application/json")
        return r.status_code

    def scan_sql(item) -> int:
        with connection.cursor() as c:
            c.execute("SELECT id, status FROM events_registration WHERE id = %s AND event_id = %s AND nonce = %s",
                      [item[0], event.pk, item[1]])  # fmt: skip
            row = c.fetchone()
            if row is None or row[1] != "confirmed":
                return 400
            c.execute("INSERT INTO events_checkin (registration_id, event_id, checked_at, device) VALUES"
                      " (%s, %s, now(), 'sql') ON CONFLICT DO NOTHING", [item[0], event.pk])  # fmt: skip
            return 201 if c.rowcount == 1 else 400

    fn = scan_api if ours else scan_sql
    doubled = [x for item in items for x in (item, item)]  # the same code from two devices, back to back
    if ours:
        list(pool.map(lambda _: client(), range(200)))  # log the devices in before the clock
    t = time.perf_counter()
    statuses = list(pool.map(fn, doubled))
    elapsed = time.perf_counter() - t
    with connection.cursor() as c:
        c.execute("SELECT count(*), count(DISTINCT registration_id) FROM events_checkin WHERE event_id = %s",
                  [event.pk])  # fmt: skip
        rows, distinct = c.fetchone()
    return {
        "codes": len(items),
        "scans": len(doubled),
        "s": round(elapsed, 2),
        "codes_per_s": round(len(items) / elapsed),
        "scans_per_s": round(len(doubled) / elapsed),
        "accepted": statuses.count(201),
        "refused": sum(1 for s in statuses if s != 201),
        "other": sorted({s for s in statuses if s not in (201, 400)}),
        "checkin_rows": rows,
        "duplicates": rows - distinct + max(0, statuses.count(201) - len(items)),
    }


def main() -> None:
    regs = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    concurrency = int(sys.argv[2]) if len(sys.argv) > 2 else 50
    event, users = build(regs)
    items = codes_of(event)
    out: dict = {"registrations": len(items), "concurrency": concurrency, "load": [os.getloadavg()[0]]}
    batch = int(os.environ.get("BENCH_CODES", "3000"))
    # One pool of `concurrency` threads for every round: one database connection per thread, ≤ concurrency
    # connections in all (the server is shared).
    pool = ThreadPoolExecutor(concurrency, initializer=lambda: None)
    local = threading.local()
    for round_ in range(2):  # alternated: ours, then the hand-written check-in, on fresh codes each
        part = items[round_ * 2 * batch : (round_ * 2 + 1) * batch]
        reset(event)
        out[f"api_{round_}"] = run(event, users, part, pool, local, ours=True)
        print(json.dumps({f"api_{round_}": out[f"api_{round_}"]}), flush=True)
        part = items[(round_ * 2 + 1) * batch : (round_ * 2 + 2) * batch]
        reset(event)
        out[f"sql_{round_}"] = run(event, users, part, pool, local, ours=False)
        print(json.dumps({f"sql_{round_}": out[f"sql_{round_}"]}), flush=True)
    pool.map(lambda _: connections.close_all(), range(concurrency))
    pool.shutdown()
    best_api = max(out[f"api_{r}"]["codes_per_s"] for r in range(2))
    best_sql = max(out[f"sql_{r}"]["codes_per_s"] for r in range(2))
    out["ratio_sql_over_api"] = round(best_sql / best_api, 2)
    out["load"].append(os.getloadavg()[0])
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
