"""One benchmark step per process, so each step's peak RSS is its own. Prints one JSON line.

python bench/steps.py <step> [args]   (DATABASE_URL points at the `bench` database; run.py sets it)
"""

from __future__ import annotations

import datetime
import json
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "bench-only")
os.environ["MEDIA_ROOT"] = str(OUT)

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402

FED_NAME = "基准测试区工商联"
HEADERS = ["统一社会信用代码", "企业名称", "法定代表人", "注册地址", "所属街道", "联系电话", "所属行业", "企业规模",
           "成立日期", "员工数"]  # fmt: skip


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def emit(**data):
    data["peak_rss_mb"] = round(peak_rss_mb(), 1)
    print(json.dumps(data, ensure_ascii=False))


def federation():
    from shanglian.orgs.models import Organization, OrgKind

    return Organization.objects.filter(name=FED_NAME).first() or Organization.objects.create_root(
        name=FED_NAME, kind=OrgKind.FEDERATION
    )


def make_files(rows: int, subset: int):
    """The roster the import benchmarks read: `rows` rows, and its first `subset` rows as a file."""
    from shanglian.excel.writing import XlsxWriter
    from shanglian.registry.models import Industry
    from shanglian.site.management.commands.generate_scale import NameMaker, credit_codes

    OUT.mkdir(exist_ok=True)
    industries = list(Industry.objects.filter(parent__isnull=False).values_list("code", flat=True))
    names = NameMaker()
    scales = ["微型", "小型", "中型", "大型"]
    streets = ["城阳", "流亭", "夏庄", "惜福镇", "棘洪滩", "上马"]
    big = XlsxWriter(str(OUT / f"roster_{rows}.xlsx"), HEADERS)
    small = XlsxWriter(str(OUT / f"roster_{subset}.xlsx"), HEADERS)
    for i, code in enumerate(credit_codes(0, rows, region="370288")):
        name = names.make(i)[0] + f"{i % 1000}"
        row = [code, name, "张三" if i % 3 else "李四", f"青岛市城阳区{streets[i % 6]}路{i % 999 + 1}号",
               streets[i % 6], f"0532{80_000_000 + i % 10_000_000}", industries[i % len(industries)], scales[i % 4],
               datetime.date(1995, 1, 1) + datetime.timedelta(days=(i * 37) % 10000), i % 900 + 1]  # fmt: skip
        big.write_row(row)
        if i < subset:
            small.write_row(row)
    big.close()
    small.close()
    emit(step="make_files", rows=rows, subset=subset, bytes=(OUT / f"roster_{rows}.xlsx").stat().st_size)


def truncate():
    from shanglian.registry.models import Enterprise

    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {Enterprise._meta.db_table} CASCADE")
        cursor.execute("VACUUM ANALYZE")
    emit(step="truncate")


def physical(path: str):
    """The floor: read the same file with python-calamine and COPY its raw rows into a plain table."""
    import python_calamine

    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_physical")
        cursor.execute(
            "CREATE TABLE bench_physical ({})".format(", ".join(f"c{i} text" for i in range(len(HEADERS))))
        )
    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        sheet = python_calamine.CalamineWorkbook.from_path(path).get_sheet_by_index(0)
        rows = sheet.iter_rows()
        next(rows)
        count = 0
        with cursor.cursor.copy("COPY bench_physical FROM STDIN") as copy:
            for row in rows:
                copy.write_row([None if v == "" else str(v) for v in row])
                count += 1
    elapsed = time.perf_counter() - start
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_physical")
    emit(step="physical", rows=count, seconds=round(elapsed, 3))


def ours(path: str):
    from shanglian.excel.imports import jobs
    from shanglian.excel.models import ImportJob, ImportStatus

    fed = federation()
    job = ImportJob.unscoped_objects.create(
        organization=fed, original_name=os.path.basename(path), file=os.path.relpath(path, OUT),
        status=ImportStatus.READY,
    )  # fmt: skip
    from shanglian.registry import search

    start = time.perf_counter()
    # What the task worker runs for a file this size (the task, not a web request: only the worker may
    # switch the collector and the thread switch interval).
    jobs.apply_job_task.call(job.pk)
    elapsed = time.perf_counter() - start
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE, (job.status, job.message, job.preview.get("errors"))
    # The import indexes its rows for the search box and audits each one in its own transaction: nothing is
    # left for a task to do (stale must be 0, one audit row per new or changed enterprise).
    from shanglian.audit.models import AuditEntry

    stale = search.stale_count()
    audited = AuditEntry.unscoped_objects.filter(
        object_type="registry.enterprise", changes__cause__import_job=job.pk
    ).count()
    queued = search.pending_count()
    # A search while the new rows are still queued (found through their columns), then the task the
    # import enqueued when it committed (run here, timed on its own): their n-grams into the GIN index.
    queued_ms = _search_ms(fed)
    start = time.perf_counter()
    merged = search.index_pending()
    merge_seconds = time.perf_counter() - start
    assert merged == queued and search.pending_count() == 0 and search.stale_count() == 0
    emit(step="ours", file=os.path.basename(path), rows=job.total_rows, created=job.created_count,
         updated=job.updated_count, unchanged=job.unchanged_count, seconds=round(elapsed, 3),
         stale=stale, audited=audited, queued=queued, queued_search_ms=queued_ms,
         merge_seconds=round(merge_seconds, 3), indexed_search_ms=_search_ms(fed))  # fmt: skip


def _search_ms(fed) -> float | None:
    """The median of 5 searches for a 4-character fragment of an imported name, first page, in ms."""
    from shanglian.registry import selectors
    from shanglian.registry.models import Enterprise

    base = Enterprise.objects.unscoped().filter(federation=fed)
    names = list(base.order_by("-id").values_list("name", flat=True)[:5])
    if not names:
        return None
    times = []
    for name in names:
        start = time.perf_counter()
        hits = list(
            selectors.order_enterprises(selectors.filter_enterprises(base, {"q": name[2:6]}, None), "name")[
                :31
            ]
        )
        times.append((time.perf_counter() - start) * 1000)
        assert hits, name
    return round(sorted(times)[2], 1)


def die(path: str):
    """django-import-export 4 on the same file: a ModelResource for Enterprise, default (row by row)."""
    import tablib
    from import_export import fields, resources, widgets

    from shanglian.registry.models import Enterprise, EnterpriseScale, Industry

    fed = federation()
    labels = {label: value for value, label in EnterpriseScale.choices}

    class ScaleWidget(widgets.CharWidget):
        def clean(self, value, row=None, **kwargs):
            return labels.get(value, value or "")

    class EnterpriseResource(resources.ModelResource):
        credit_code = fields.Field("credit_code", "统一社会信用代码")
        name = fields.Field("name", "企业名称")
        legal_representative = fields.Field("legal_representative", "法定代表人")
        registered_address = fields.Field("registered_address", "注册地址")
        street = fields.Field("street", "所属街道")
        phone = fields.Field("phone", "联系电话")
        industry = fields.Field(
            "industry", "所属行业", widget=widgets.ForeignKeyWidget(Industry, field="code")
        )
        scale = fields.Field("scale", "企业规模", widget=ScaleWidget())
        founded_on = fields.Field("founded_on", "成立日期", widget=widgets.DateWidget())
        employees = fields.Field("employees", "员工数", widget=widgets.IntegerWidget())

        class Meta:
            model = Enterprise
            import_id_fields = ("credit_code",)
            fields = ("credit_code", "name", "legal_representative", "registered_address", "street", "phone",
                      "industry", "scale", "founded_on", "employees")  # fmt: skip
            skip_unchanged = True
            clean_model_instances = True
            use_transactions = True

        def get_queryset(self):
            return Enterprise.unscoped_objects.all()

        def init_instance(self, row=None):
            return Enterprise(federation=fed)

    start = time.perf_counter()
    with open(path, "rb") as fh:
        dataset = tablib.Dataset().load(fh.read(), format="xlsx")
    result = EnterpriseResource().import_data(dataset, dry_run=False, raise_errors=True)
    elapsed = time.perf_counter() - start
    totals = dict(result.totals)
    emit(step="die", file=os.path.basename(path), rows=len(dataset), seconds=round(elapsed, 3),
         totals={k: v for k, v in totals.items() if v})  # fmt: skip


def generate(n: int, chambers: int, users: int):
    from django.core.management import call_command

    from shanglian.site.management.commands.generate_scale import Command

    command = Command()
    start = time.perf_counter()
    call_command(command, enterprises=n, chambers=chambers, users=users, federation="规模测试区工商联")
    elapsed = time.perf_counter() - start
    timings = {k: round(v, 1) for k, v in getattr(command, "timings", {}).items()}
    emit(step="generate", enterprises=n, seconds=round(elapsed, 3), phases=timings)


def search(repeats: int):
    from shanglian.orgs.models import Organization
    from shanglian.registry import selectors
    from shanglian.registry.models import Enterprise, EnterpriseScale, Industry, Tag

    fed = Organization.objects.get(name="规模测试区工商联")
    base = Enterprise.objects.unscoped().filter(federation=fed)
    sample = list(base.order_by("?").values_list("name", "name_initials", "credit_code")[:repeats])
    industry = Industry.objects.get(code="C")
    tag = Tag.objects.get(code="high_tech")
    street = "夏庄"
    cases = {
        "名称片段（4 字）": [{"q": n[2:6]} for n, _, _ in sample],
        "名称片段（2 字）": [{"q": n[2:4]} for n, _, _ in sample],
        "拼音首字母": [{"q": i[:6]} for _, i, _ in sample],
        "信用代码片段（10 位）": [{"q": c[-10:]} for _, _, c in sample],
        "筛选：街道 + 行业门类": [{"street": s, "industry": industry} for s in ["夏庄", "城阳", "流亭"] * 20][
            :repeats
        ],
        "筛选：街道 + 规模 + 标签": [{"street": street, "scale": EnterpriseScale.MICRO, "tags": [tag]}]
        * repeats,
        "筛选：2 字名称 + 街道 + 行业 + 规模 + 标签": [
            {
                "q": n[2:4],
                "street": street,
                "industry": industry,
                "scale": EnterpriseScale.MICRO,
                "tags": [tag],
            }
            for n, _, _ in sample
        ],
    }
    results = {}
    for label, queries in cases.items():
        times = []
        for data in queries:
            start = time.perf_counter()
            qs = selectors.order_enterprises(selectors.filter_enterprises(base, data, None), "name")
            page = list(qs[:31])
            times.append((time.perf_counter() - start) * 1000)
        times.sort()
        results[label] = {
            "p50_ms": round(times[len(times) // 2], 1),
            "p95_ms": round(times[int(len(times) * 0.95) - 1], 1),
            "max_ms": round(times[-1], 1),
            "last_hits": len(page),
        }
    emit(step="search", total=base.count(), repeats=repeats, cases=results)


if __name__ == "__main__":
    step, *args = sys.argv[1:]
    fn = globals()[step]
    fn(*[int(a) if a.isdigit() else a for a in args])
