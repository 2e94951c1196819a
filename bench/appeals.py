"""诉求 at scale (issue 18 §Performance) on PostgreSQL: N appeals (default 2,000,000) over ten years on the
enterprises and chambers of `generate_scale`, ~0.5 % of them open with a unit (deadlines around today),
the rest closed and rated; then, each against work measured in the same run:

- the scheduler's overdue scan (the chasing job's candidate query) against a hand-written SQL query, and
  the whole daily job (reminders, 催办, 督办 with their notices, timeline entries and audit rows);
- the per-unit statistics for a year (`appeals.metrics.by_unit`, uncached) and the stats page's figures
  against one hand-written grouped query;
- the desk's board first page and the list page (Django's test client, p50 / p95 of 20) against the bare
  authenticated page.

    DATABASE_URL=postgres://…/<scratch db with generate_scale> python bench/appeals.py build [N]
    DATABASE_URL=… python bench/appeals.py measure
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.web.settings")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "bench-appeals-only-" + "k3y-" * 16)

import django  # noqa: E402

import bench.web.settings as bench_settings  # noqa: E402

bench_settings.STORAGES = {
    **bench_settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench._fill import insert_select  # noqa: E402

FED = "规模测试区工商联"
OPEN_EVERY = 200  # one appeal in 200 is open with a unit


def fed():
    from shanglian.orgs.models import Organization

    return Organization.objects.unscoped().get(name=FED, depth=1)


def build(n: int = 2_000_000) -> None:
    from shanglian.appeals.models import Appeal

    f = fed()
    if Appeal.objects.unscoped().exists():
        print(json.dumps({"build": "exists"}))
        return
    t = time.perf_counter()
    with transaction.atomic(), connection.cursor() as c:
        c.execute("CREATE TEMP TABLE b_unit AS SELECT row_number() OVER (ORDER BY path) - 1 AS rn, id"
                  " FROM orgs_organization WHERE path LIKE %s AND depth = 2", [f.path + "%"])  # fmt: skip
        c.execute("CREATE TEMP TABLE b_ent AS SELECT row_number() OVER (ORDER BY id) - 1 AS rn, id"
                  " FROM registry_enterprise WHERE federation_id = %s", [f.pk])  # fmt: skip
        c.execute("SELECT count(*) FROM b_unit")
        units = c.fetchone()[0]
        c.execute("SELECT count(*) FROM b_ent")
        ents = c.fetchone()[0]
        # s: the submission day; open ones were submitted 20 days ago, their deadlines ±15 days of today.
        is_open = f"g % {OPEN_EVERY} = 0"
        s = f"CASE WHEN {is_open} THEN current_date - 20 ELSE date '2017-01-01' + (g % 3620) END"
        due = f"CASE WHEN {is_open} THEN current_date + ((g / {OPEN_EVERY}) % 31 - 15) ELSE ({s}) + 9 END"
        closed = f"CASE WHEN {is_open} THEN NULL ELSE ({s}) + 7 END"
        insert_select(c, "appeals_appeal",
                      {"federation_id": str(f.pk), "chamber_id": "u.id", "enterprise_id": "e.id",
                       "title": "'诉求' || g", "content": "'企业反映的问题'", "contact_preference": "'phone'",
                       "channel": "'online'",
                       "state": f"CASE WHEN {is_open} THEN (CASE WHEN g % {2 * OPEN_EVERY} = 0 THEN 'dispatched'"
                                " ELSE 'handling' END) WHEN g % 3 = 0 THEN 'closed' ELSE 'rated' END",
                       "submitted_on": s, "accepted_on": s, "dispatched_on": s, "contact_due": f"({s}) + 3",
                       "finish_due": due, "handler_due": f"CASE WHEN {is_open} THEN {due} END", "lead_unit_id": "u.id",
                       "signed_on": f"CASE WHEN g % {2 * OPEN_EVERY} = 0 THEN NULL ELSE ({s}) + 1 END",
                       "replied_on": f"CASE WHEN {is_open} THEN NULL ELSE ({s}) + (g % 12) END",
                       "closed_on": closed, "close_working_days": f"CASE WHEN {is_open} THEN NULL ELSE 5 + g % 5 END",
                       "outcome": f"CASE WHEN {is_open} THEN '' WHEN g % 4 = 0 THEN 'partly' ELSE 'solved' END",
                       "satisfaction": f"CASE WHEN {is_open} OR g % 3 = 0 THEN '' WHEN g % 10 = 1 THEN 'basically'"
                                       " ELSE 'satisfied' END",
                       "created_at": "now()"},
                      f"FROM generate_series(0, {int(n)} - 1) g JOIN b_unit u ON u.rn = g % {units}"
                      f" JOIN b_ent e ON e.rn = g % {ents}")  # fmt: skip
    with connection.cursor() as c:
        c.execute("VACUUM ANALYZE appeals_appeal")
    print(json.dumps({"build": n, "seconds": round(time.perf_counter() - t, 1)}))


HAND_SCAN = """
SELECT a.id, a.title, a.state, a.contact_due, a.handler_due, a.urged_on, a.supervised_on, a.federation_id,
       a.lead_unit_id
  FROM appeals_appeal a
 WHERE a.state IN ('dispatched', 'handling')
   AND (a.handler_due <= %(horizon)s OR (a.state = 'dispatched' AND a.contact_due <= %(horizon)s))
 ORDER BY a.id
"""
HAND_BY_UNIT = """
SELECT a.lead_unit_id, u.name,
       count(*) FILTER (WHERE a.dispatched_on IS NOT NULL) received,
       count(*) FILTER (WHERE r) closed,
       count(*) FILTER (WHERE r AND (a.finish_due IS NULL OR a.replied_on <= a.finish_due)) on_time,
       count(*) FILTER (WHERE r AND a.finish_due IS NOT NULL AND (a.replied_on IS NULL OR a.replied_on > a.finish_due)) late,
       count(*) FILTER (WHERE r AND a.outcome = 'solved') solved,
       avg(a.close_working_days) FILTER (WHERE r) days
  FROM (SELECT *, (state IN ('closed', 'rated', 'escalated') AND closed_on IS NOT NULL
                   AND (accepted_on IS NOT NULL OR dispatched_on IS NOT NULL)) r
          FROM appeals_appeal) a
  JOIN orgs_organization f ON f.id = a.federation_id
  JOIN orgs_organization u ON u.id = a.lead_unit_id
 WHERE f.path LIKE %(path)s AND a.submitted_on BETWEEN %(start)s AND %(end)s
 GROUP BY a.lead_unit_id, u.name
"""


def _hand(sql: str, params: dict) -> list:
    with connection.cursor() as c:
        c.execute(sql, params)
        return c.fetchall()


def _alternate(ours, hand, repeats: int = 3) -> dict:
    o_t, h_t = [], []
    for _ in range(repeats):
        t = time.perf_counter()
        ours()
        o_t.append(time.perf_counter() - t)
        t = time.perf_counter()
        hand()
        h_t.append(time.perf_counter() - t)
    return {"ours_s": round(min(o_t), 3), "sql_s": round(min(h_t), 3), "ratio": round(min(o_t) / min(h_t), 2)}


def measure() -> None:
    from django.db.models import Q
    from django.test import Client

    from shanglian.appeals.metrics import by_unit
    from shanglian.appeals.models import WITH_UNIT, Appeal, AppealState
    from shanglian.appeals.services.chasing import chase_appeals
    from shanglian.core.access import SYSTEM
    from shanglian.metrics import caching
    from shanglian.metrics.registry import Period, Scope, compute_all
    from shanglian.workdays.services import add_working_days

    f = fed()
    today = timezone.localdate()
    out: dict = {"appeals": Appeal.objects.unscoped().count(), "load": [os.getloadavg()[0]]}
    horizon = add_working_days(today, 1)

    def scan() -> int:
        # The chasing job's candidate query (services/chasing.py), read in full.
        qs = (
            Appeal.objects.unscoped()
            .filter(state__in=WITH_UNIT)
            .filter(Q(handler_due__lte=horizon) | Q(state=AppealState.DISPATCHED, contact_due__lte=horizon))
            .select_related("federation", "lead_unit")
            .order_by("pk")
        )
        return len(list(qs))

    out["scan"] = _alternate(scan, lambda: _hand(HAND_SCAN, {"horizon": horizon}))
    out["scan"]["rows"] = scan()
    print(json.dumps({"scan": out["scan"]}), flush=True)

    period = Period(date(today.year - 1, 1, 1), date(today.year - 1, 12, 31))
    scope = Scope.whole(f)
    params = {"path": f.path + "%", "start": period.start, "end": period.end}

    def units() -> list:
        caching.clear()
        return by_unit(period, scope)

    def units_per_column() -> None:
        # The shape by_unit had before this run (a grouped query per column, then the averages).
        from django.db.models import Avg, Count

        from shanglian.appeals.metrics import BY_UNIT_COLUMNS, resolved

        for _name, _key, rows in BY_UNIT_COLUMNS:
            list(rows(period, scope).filter(lead_unit__isnull=False).values("lead_unit_id", "lead_unit__name")
                 .annotate(n=Count("pk")).order_by())  # fmt: skip
        list(resolved(period, scope).filter(lead_unit__isnull=False).values("lead_unit_id")
             .annotate(days=Avg("close_working_days")).order_by())  # fmt: skip

    out["by_unit"] = _alternate(units, lambda: _hand(HAND_BY_UNIT, params))
    out["by_unit_per_column"] = _alternate(units_per_column, lambda: _hand(HAND_BY_UNIT, params), repeats=2)
    print(json.dumps({"by_unit_per_column": out["by_unit_per_column"]}), flush=True)
    ours_rows = {
        u["unit_id"]: (u["received"], u["closed"], u["on_time"], u["late"], u["solved"]) for u in units()
    }
    hand_rows = {r[0]: tuple(r[2:7]) for r in _hand(HAND_BY_UNIT, params)}
    assert ours_rows == hand_rows, "by_unit differs from the hand-written query"
    out["by_unit"]["units"] = len(ours_rows)
    print(json.dumps({"by_unit": out["by_unit"]}), flush=True)

    from shanglian.appeals.views.stats import KEYS

    def figures() -> None:
        caching.clear()
        compute_all(period, scope, KEYS)
        by_unit(period, scope)

    t = time.perf_counter()
    figures()
    out["stats_figures_s"] = round(time.perf_counter() - t, 3)

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(_admin(f), backend="shanglian.accounts.backends.UserBackend")
    for name, url in [("bare", "/bench/bare/"), ("board", "/appeals/board/"), ("list", "/appeals/"),
                      ("stats", f"/appeals/stats/?year={period.start.year}")]:  # fmt: skip
        client.get(url)
        times = []
        for _ in range(20 if name != "stats" else 3):
            if name == "stats":
                caching.clear()
            t = time.perf_counter()
            r = client.get(url)
            times.append((time.perf_counter() - t) * 1000)
            assert r.status_code == 200, (url, r.status_code)
        times.sort()
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        out[name] = {"p50_ms": round(statistics.median(times), 1),
                     "p95_ms": round(times[max(0, int(len(times) * 0.95) - 1)], 1), "queries": len(ctx.captured_queries)}  # fmt: skip
        print(json.dumps({name: out[name]}), flush=True)

    # The whole daily job, once from a state where nothing was chased yet (then once more: idempotent).
    with CaptureQueriesContext(connection) as ctx:
        t = time.perf_counter()
        written = chase_appeals(actor=SYSTEM, today=today)
        out["chase"] = {"s": round(time.perf_counter() - t, 2), "notices": written, "queries": len(ctx.captured_queries),
                        "candidates": out["scan"]["rows"]}  # fmt: skip
    t = time.perf_counter()
    again = chase_appeals(actor=SYSTEM, today=today)
    out["chase"]["again_s"] = round(time.perf_counter() - t, 2)
    out["chase"]["again_notices"] = again
    out["load"].append(os.getloadavg()[0])
    print(json.dumps(out, ensure_ascii=False))


def _admin(f):
    from shanglian.accounts.models import RoleAssignment, User
    from shanglian.core.roles import Role

    user, _ = User.objects.get_or_create(username="bench_appeals_admin", defaults={"name": "基准管理员"})
    RoleAssignment.objects.get_or_create(user=user, role=Role.FEDERATION_ADMIN, organization=f)
    return user


if __name__ == "__main__":
    what, *args = sys.argv[1:]
    {"build": build, "measure": measure}[what](*map(int, args))
