"""捐赠 at scale (issue 17 §Tests and performance) on PostgreSQL: N gifts (default 5,000,000) with one donor
share and one ledger entry each, over the enterprises and chambers of `generate_scale`; then

- the year's totals by campaign and by chamber (guidance.selectors' tables, uncached) and the page's
  figures (every registered guidance metric, uncached) against hand-written SQL for the same numbers,
  alternated in the same run;
- the list pages (gifts, totals) first page in process (Django's test client) against the bare
  authenticated page (bench/web/urls.py) in the same run;
- `import <rows>`: a <rows>-row donation list through the import engine's donation declaration (check
  and confirm, as the task worker runs them) against python-calamine + raw COPY of the same file.

    DATABASE_URL=postgres://…/<scratch db with generate_scale> python bench/gifts.py build [N]
    DATABASE_URL=… python bench/gifts.py measure
    DATABASE_URL=… python bench/gifts.py import 100000

Prints JSON lines. Generation (INSERT … SELECT) is not what is timed.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.web.settings")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "bench-gifts-only-" + "k3y-" * 16)
os.environ["MEDIA_ROOT"] = str(OUT)

import django  # noqa: E402

import bench.web.settings as bench_settings  # noqa: E402

bench_settings.STORAGES = {
    **bench_settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
bench_settings.MEDIA_ROOT = str(OUT)

django.setup()

from django.db import connection, transaction  # noqa: E402

from bench._fill import insert_select  # noqa: E402

FED = "规模测试区工商联"
CAMPAIGNS = 200
KINDS = ["epidemic", "paired_assistance", "rural_revitalization", "education", "condolence", "other"]


def fed():
    from shanglian.orgs.models import Organization

    return Organization.objects.unscoped().get(name=FED, depth=1)


def build(n: int = 5_000_000) -> None:
    from shanglian.guidance.models import CampaignKind, Donation

    kinds = [k for k in KINDS if k in CampaignKind.values] or list(CampaignKind.values)
    f = fed()
    if Donation.unscoped_objects.exists():
        print(json.dumps({"build": "exists"}))
        return
    t = time.perf_counter()
    with transaction.atomic(), connection.cursor() as c:
        # Generated rows are consistent by construction: no deferred foreign-key trigger queue of millions of
        # events to check at COMMIT (superuser only; a scratch database).
        c.execute("SET LOCAL session_replication_role = replica")
        # Campaigns: a fifth the federation's, the rest its chambers'.
        c.execute(
            "SELECT id FROM orgs_organization WHERE path LIKE %s AND depth = 2 ORDER BY path", [f.path + "%"]
        )
        chambers = [r[0] for r in c.fetchall()]
        orgs = [f.pk if i % 5 == 0 else chambers[i % len(chambers)] for i in range(CAMPAIGNS)]
        c.execute("CREATE TEMP TABLE b_org (rn int, id bigint)")
        c.executemany("INSERT INTO b_org VALUES (%s, %s)", list(enumerate(orgs)))
        insert_select(c, "guidance_campaign",
                      {"organization_id": "o.id", "name": "'捐赠活动' || o.rn", "kind": "(%s::text[])[1 + o.rn %% %s]",
                       "regions": "(ARRAY['安顺关岭','陇南成县','城阳'])[1 + o.rn %% 3]", "start_on": "date '2017-01-01'",
                       "created_at": "now()"},
                      "FROM b_org o ORDER BY o.rn", [kinds, len(kinds)])  # fmt: skip
        c.execute("CREATE TEMP TABLE b_camp AS SELECT row_number() OVER (ORDER BY id) - 1 AS rn, id, organization_id,"
                  " kind FROM guidance_campaign")  # fmt: skip
        c.execute("CREATE TEMP TABLE b_ent AS SELECT row_number() OVER (ORDER BY id) - 1 AS rn, id"
                  " FROM registry_enterprise WHERE federation_id = %s", [f.pk])  # fmt: skip
        c.execute("SELECT count(*) FROM b_ent")
        ents = c.fetchone()[0]
        c.execute("ANALYZE b_camp; ANALYZE b_ent")
        # Gifts over 2017–2020, cash; a tenth with goods as well; delivered (the ledger counts delivered).
        insert_select(c, "guidance_donation",
                      {"campaign_id": "k.id", "organization_id": "k.organization_id",
                       "donated_on": "date '2017-01-01' + (g %% 1461)", "cash_amount": "(g %% 997 + 1) * 100",
                       "in_kind_amount": "CASE WHEN g %% 10 = 0 THEN 5000 ELSE 0 END", "recipient": "'受赠单位'",
                       "channel": "'charity'", "status": "'delivered'", "delivered_on": "date '2017-01-01' + (g %% 1461)",
                       "created_at": "now()"},
                      "FROM generate_series(0, %s - 1) g JOIN b_camp k ON k.rn = g %% %s", [n, CAMPAIGNS])  # fmt: skip
        insert_select(c, "guidance_donationshare",
                      {"donation_id": "d.id", "organization_id": "d.organization_id", "enterprise_id": "e.id",
                       "amount": "d.cash_amount + d.in_kind_amount"},
                      "FROM guidance_donation d JOIN b_ent e ON e.rn = d.id %% %s", [ents])  # fmt: skip
        insert_select(c, "guidance_donationentry",
                      {"donation_id": "d.id", "campaign_id": "d.campaign_id", "kind": "k.kind",
                       "organization_id": "d.organization_id", "enterprise_id": "e.id", "donated_on": "d.donated_on",
                       "cash": "d.cash_amount", "in_kind": "d.in_kind_amount", "amount": "d.cash_amount + d.in_kind_amount"},
                      "FROM guidance_donation d JOIN b_camp k ON k.id = d.campaign_id JOIN b_ent e ON e.rn = d.id %% %s",
                      [ents])  # fmt: skip
    with connection.cursor() as c:
        c.execute("VACUUM ANALYZE guidance_donation")
        c.execute("VACUUM ANALYZE guidance_donationshare")
        c.execute("VACUUM ANALYZE guidance_donationentry")
    print(json.dumps({"build": n, "seconds": round(time.perf_counter() - t, 1)}))


HAND_BY_CAMPAIGN = """
SELECT c.name, sum(e.amount) a, sum(e.cash), sum(e.in_kind), count(DISTINCT e.enterprise_id)
  FROM guidance_donationentry e JOIN guidance_campaign c ON c.id = e.campaign_id
  JOIN orgs_organization o ON o.id = e.organization_id
 WHERE o.path LIKE %(path)s AND e.donated_on BETWEEN %(start)s AND %(end)s
 GROUP BY c.name ORDER BY a DESC LIMIT 50
"""
HAND_BY_CHAMBER = """
SELECT ch.name, sum(e.amount) a, sum(e.cash), sum(e.in_kind), count(DISTINCT e.enterprise_id)
  FROM guidance_donationentry e JOIN orgs_organization o ON o.id = e.organization_id
  LEFT JOIN registry_membership m ON m.enterprise_id = e.enterprise_id
  LEFT JOIN orgs_organization ch ON ch.id = m.chamber_id
 WHERE o.path LIKE %(path)s AND e.donated_on BETWEEN %(start)s AND %(end)s AND m.left_on IS NULL
 GROUP BY ch.name ORDER BY a DESC LIMIT 50
"""
HAND_FIGURES = """
SELECT sum(e.amount), count(DISTINCT e.enterprise_id),
       sum(e.amount) FILTER (WHERE e.kind = 'epidemic'), count(DISTINCT e.enterprise_id) FILTER (WHERE e.kind = 'epidemic'),
       sum(e.amount) FILTER (WHERE e.kind = 'paired_assistance')
  FROM guidance_donationentry e JOIN orgs_organization o ON o.id = e.organization_id
 WHERE o.path LIKE %(path)s AND e.donated_on BETWEEN %(start)s AND %(end)s
"""


def _hand(sql: str, params: dict) -> list:
    with connection.cursor() as c:
        c.execute(sql, params)
        return c.fetchall()


def _best(fn, repeats: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeats):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return min(times), out


def measure(repeats: int = 3) -> None:
    from django.test import Client

    from shanglian.guidance import metrics as gm  # noqa: F401  (registers the figures)
    from shanglian.guidance import selectors
    from shanglian.metrics import caching
    from shanglian.metrics.registry import Period, Scope, compute_fresh, get

    f = fed()
    period = Period(date(2020, 1, 1), date(2020, 12, 31))
    scope = Scope.whole(f)
    params = {"path": f.path + "%", "start": period.start, "end": period.end}
    from shanglian.guidance.metrics import entries

    rows = entries(period, scope)
    out: dict = {"load": [os.getloadavg()[0]]}
    cases = {
        "by_campaign": (
            lambda: selectors._lines(rows, "campaign__name"),
            lambda: _hand(HAND_BY_CAMPAIGN, params),
        ),
        "by_chamber": (
            lambda: selectors._lines(
                rows.filter(enterprise__memberships__left_on__isnull=True),
                "enterprise__memberships__chamber__name",
                empty="（非会员）",
            ),
            lambda: _hand(HAND_BY_CHAMBER, params),
        ),
        "figures": (
            lambda: [
                compute_fresh(get(k), period, scope).value
                for k in (
                    "guidance.donation_amount",
                    "guidance.donors",
                    "guidance.epidemic_amount",
                    "guidance.epidemic_donors",
                    "guidance.paired_amount",
                )
            ],  # fmt: skip
            lambda: _hand(HAND_FIGURES, params),
        ),
    }
    for name, (ours, hand) in cases.items():
        o_t, h_t = [], []
        for _ in range(repeats):  # alternated
            o, ours_out = _best(ours, 1)
            h, hand_out = _best(hand, 1)
            o_t.append(o)
            h_t.append(h)
        out[name] = {
            "ours_s": round(min(o_t), 3),
            "sql_s": round(min(h_t), 3),
            "ratio": round(min(o_t) / min(h_t), 2),
        }
        if name == "by_campaign":
            assert [(x.label, x.amount) for x in ours_out] == [(r[0], r[1]) for r in hand_out], (
                "by_campaign differs"
            )
        if name == "figures":
            out["figures"]["values"] = [str(v) for v in ours_out]
            out["figures"]["hand"] = [str(v) for v in hand_out[0]]
        print(json.dumps({name: out[name]}), flush=True)

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(_admin(f), backend="shanglian.accounts.backends.UserBackend")
    pages = [("bare", "/bench/bare/"), ("donations", "/guidance/donations/"),
             ("donations_last", "/guidance/donations/?page=last"), ("totals", "/guidance/totals/?year=2020")]  # fmt: skip
    for name, url in pages:
        client.get(url)
        times = []
        for _ in range(5):
            caching.clear()  # the totals page cold, as after a gift is written
            t = time.perf_counter()
            r = client.get(url)
            times.append((time.perf_counter() - t) * 1000)
            assert r.status_code == 200, (url, r.status_code)
        out[name] = {"p50_ms": round(statistics.median(times), 1), "max_ms": round(max(times), 1)}
        print(json.dumps({name: out[name]}), flush=True)
    for name in ("donations", "donations_last", "totals"):
        out[name]["ratio_to_bare"] = round(out[name]["p50_ms"] / out["bare"]["p50_ms"], 1)
    out["load"].append(os.getloadavg()[0])
    print(json.dumps(out, ensure_ascii=False))


def _admin(f):
    from shanglian.accounts.models import RoleAssignment, User
    from shanglian.core.roles import Role

    user, _ = User.objects.get_or_create(username="bench_gifts_admin", defaults={"name": "基准管理员"})
    RoleAssignment.objects.get_or_create(user=user, role=Role.FEDERATION_ADMIN, organization=f)
    return user


def make_file(rows: int) -> Path:
    """A donation list of `rows` rows, one per existing enterprise (by credit code)."""
    from shanglian.excel.writing import XlsxWriter
    from shanglian.guidance.imports import columns
    from shanglian.registry.models import Enterprise

    path = OUT / f"donations_{rows}.xlsx"
    if path.exists():
        return path
    OUT.mkdir(exist_ok=True)
    ents = (
        Enterprise.unscoped_objects.filter(federation=fed()).order_by("pk").values_list("name", "credit_code")
    )
    with XlsxWriter(str(path), [c.header for c in columns()]) as w:
        for i, (name, code) in enumerate(ents[:rows].iterator(chunk_size=5000)):
            w.write_row([name, code, "2020-02-01", f"{(i % 997 + 1) * 100}", "医用口罩" if i % 10 == 0 else "",
                         "5000" if i % 10 == 0 else "", "发票" if i % 10 == 0 else "", "慈善总会", "城阳区人民医院",
                         "2020-02-03"])  # fmt: skip
    return path


def physical(path: Path) -> float:
    """python-calamine read + COPY of the raw cells into a plain table: the floor for any import."""
    from python_calamine import CalamineWorkbook

    t = time.perf_counter()
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    with transaction.atomic(), connection.cursor() as c:
        c.execute("CREATE TEMP TABLE b_phys (" + ", ".join(f"c{i} text" for i in range(len(rows[0]))) + ")")
        with c.copy("COPY b_phys FROM STDIN") as copy:
            for r in rows[1:]:
                copy.write_row([None if v == "" else str(v) for v in r])
        c.execute("DROP TABLE b_phys")
    return time.perf_counter() - t


def import_(rows: int = 100_000) -> None:
    from shanglian.accounts.models import User
    from shanglian.excel.imports import jobs
    from shanglian.excel.models import ImportJob, ImportKind, ImportStatus
    from shanglian.guidance.imports import link_campaign
    from shanglian.guidance.models import Campaign, DonationEntry

    f = fed()
    path = make_file(rows)
    campaign, _ = Campaign.unscoped_objects.get_or_create(
        organization=f, name="导入基准活动", defaults={"kind": "epidemic", "start_on": date(2020, 1, 1)}
    )
    out: dict = {"rows": rows, "load": [os.getloadavg()[0]], "physical_s": [], "ours_s": []}
    for _ in range(int(os.environ.get("BENCH_ROUNDS", "2"))):  # alternated, best of the rounds
        out["physical_s"].append(round(physical(path), 3))
        before = DonationEntry.unscoped_objects.filter(campaign=campaign).count()
        job = ImportJob.unscoped_objects.create(
            organization=f, kind=ImportKind.DONATION, original_name=path.name,
            file=os.path.relpath(path, OUT), status=ImportStatus.READY,
            created_by=_admin(f),
        )  # fmt: skip
        link_campaign(job, campaign)
        t = time.perf_counter()
        jobs.apply_job_task.call(job.pk)
        out["ours_s"].append(round(time.perf_counter() - t, 3))
        job.refresh_from_db()
        assert job.status == ImportStatus.DONE, (job.status, job.message)
        added = DonationEntry.unscoped_objects.filter(campaign=campaign).count() - before
        out["entries_added"] = added
    out["ratio"] = round(min(out["ours_s"]) / min(out["physical_s"]), 2)
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    out["load"].append(os.getloadavg()[0])
    _ = User
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    what, *args = sys.argv[1:]
    {"build": build, "measure": measure, "import": import_}[what](*map(int, args))
