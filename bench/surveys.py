"""线上调查 at scale (issue 15 §Tests and performance): a 30-question survey with N submitted answer sheets
(default 100,000) on PostgreSQL; the results figures and the Excel export rows against hand-written SQL
for the same figures, measured in the same run. Prints one JSON line.

    DATABASE_URL=postgres://…/<scratch db, migrated> python bench/surveys.py [N]

Writes its own federation, chamber, N enterprises and the survey once (idempotent by the survey's title).
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "bench-only-" + "k" * 60)

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

TITLE = "规模测试问卷（30题）"


def build(n: int):
    from shanglian.orgs.factories import ChamberFactory, FederationFactory
    from shanglian.registry.models import Enterprise
    from shanglian.surveys.models import Option, Question, Survey

    found = Survey.objects.unscoped().filter(title=TITLE).first()
    if found is not None and found.responses.count() >= n:
        return found
    with transaction.atomic():
        fed = FederationFactory(name="问卷规模测试区工商联")
        chamber = ChamberFactory(parent=fed, name="问卷规模测试商会")
        Enterprise.unscoped_objects.bulk_create(
            [
                Enterprise(federation=fed, name=f"问卷测试企业{i:06d}", credit_code=f"91S{i:015d}")
                for i in range(n)
            ],
            batch_size=5000,
        )
        survey = Survey.objects.unscoped().create(
            organization=chamber,
            title=TITLE,
            status="open",
            closes_on=date.today() + timedelta(days=30),
            published_at=timezone.now(),
        )
        kinds = (
            ["single"] * 10
            + ["multiple"] * 6
            + ["rating"] * 6
            + ["number"] * 3
            + ["text"] * 3
            + ["matrix"] * 2
        )
        questions = []
        for i, kind in enumerate(kinds, start=1):
            q = Question.objects.unscoped().create(
                survey=survey, order=i, kind=kind, text=f"第{i}题", required=False
            )
            if kind in ("single", "multiple", "matrix"):
                Option.objects.unscoped().bulk_create(
                    [Option(question=q, order=k, label=f"选项{k}") for k in range(1, 6)]
                )
            questions.append((q, list(q.options.all().values_list("pk", flat=True))))
    # The answer sheets and their ~48 answer rows each are written by INSERT … SELECT (generation is not
    # what is timed): per question kind, the same shapes the Python generator of the 10k run wrote.
    with transaction.atomic(), connection.cursor() as c:
        c.execute(
            "INSERT INTO surveys_response (status, submitted_at, updated_at, enterprise_id, survey_id, review_note)"
            " SELECT 'submitted', now(), now(), e.id, %s, '' FROM registry_enterprise e WHERE e.federation_id = %s",
            [survey.pk, fed.pk],
        )
        c.execute("SELECT setseed(0.15)")
        sheets, where = "FROM surveys_response r", "WHERE r.survey_id = %s"
        cols = "INSERT INTO surveys_answer (text, number, response_id, question_id, option_id)"
        for q, opts in questions:
            arr = "ARRAY[" + ",".join(map(str, opts)) + "]::bigint[]" if opts else ""
            if q.kind == "single":
                c.execute(f"{cols} SELECT '', NULL, r.id, %s, ({arr})[1 + floor(random() * 5)::int] {sheets} {where}",
                          [q.pk, survey.pk])  # fmt: skip
            elif q.kind == "multiple":
                c.execute(f"{cols} SELECT '', NULL, r.id, %s, o {sheets} CROSS JOIN LATERAL"
                          f" (SELECT o FROM unnest({arr}) o WHERE r.id IS NOT NULL ORDER BY random() LIMIT 2) x {where}",
                          [q.pk, survey.pk])  # fmt: skip
            elif q.kind == "rating":
                c.execute(
                    f"{cols} SELECT '', 1 + floor(random() * 5), r.id, %s, NULL {sheets} {where}",
                    [q.pk, survey.pk],
                )
            elif q.kind == "number":
                c.execute(
                    f"{cols} SELECT '', floor(random() * 5001), r.id, %s, NULL {sheets} {where}",
                    [q.pk, survey.pk],
                )
            elif q.kind == "text":
                c.execute(f"{cols} SELECT '希望加强政策宣传', NULL, r.id, %s, NULL {sheets} {where} AND random() < 0.2",
                          [q.pk, survey.pk])  # fmt: skip
            else:
                c.execute(f"{cols} SELECT '', 1 + floor(random() * 5), r.id, %s, o {sheets} CROSS JOIN unnest({arr}) o {where}",
                          [q.pk, survey.pk])  # fmt: skip
    with connection.cursor() as c:
        c.execute("ANALYZE surveys_answer; ANALYZE surveys_response")
    return survey


BASELINE_RESULTS = """
SELECT a.question_id, a.option_id, a.number, count(*) FROM surveys_answer a JOIN surveys_response r ON r.id = a.response_id
 WHERE r.survey_id = %s AND r.status = 'submitted' GROUP BY 1, 2, 3;
"""
BASELINE_EXPORT = """
SELECT r.id, e.name, e.credit_code, r.submitted_at, a.question_id, a.option_id, a.text, a.number, a.date
  FROM surveys_response r JOIN registry_enterprise e ON e.id = r.enterprise_id
  LEFT JOIN surveys_answer a ON a.response_id = r.id
 WHERE r.survey_id = %s AND r.status = 'submitted' ORDER BY r.id, a.id
"""


def timed(fn):
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def main() -> None:
    from shanglian.surveys import selectors

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    survey = build(n)
    if "build" in sys.argv[2:]:
        return  # the data only: the measuring run is its own process, so its peak RSS is its own
    questions = list(survey.questions.all().prefetch_related("options"))

    def sql_results():
        with connection.cursor() as c:
            c.execute(BASELINE_RESULTS, [survey.pk])
            return c.fetchall()

    def sql_export():
        with connection.cursor() as c:
            c.execute(BASELINE_EXPORT, [survey.pk])
            rows = 0
            while batch := c.fetchmany(10000):
                rows += len(batch)
            return rows

    def ours_export():
        return sum(1 for _ in selectors.export_rows(survey, questions))

    def ours_xlsx():
        # What the export view does (excel.listexport.xlsx_download): the rows through XlsxWriter
        # (constant_memory) into the response's buffer.
        import io

        from shanglian.excel.writing import XlsxWriter

        buffer = io.BytesIO()
        with XlsxWriter(buffer, selectors.export_headers(questions)) as writer:
            for row in selectors.export_rows(survey, questions):
                writer.write_row(row)
        return buffer.tell()

    out = {"responses": n}
    for name, ours, base in (
        ("results", lambda: selectors.results(survey), sql_results),
        ("export_rows", ours_export, sql_export),
    ):
        ours_t, base_t = [], []
        for _ in range(2):  # alternated, best of two
            ours_t.append(timed(ours)[0])
            base_t.append(timed(base)[0])
        out[name] = {
            "ours_s": round(min(ours_t), 3),
            "sql_s": round(min(base_t), 3),
            "ratio": round(min(ours_t) / min(base_t), 2),
        }
    out["export_rows_per_s"] = round(n / out["export_rows"]["ours_s"])
    t, size = timed(ours_xlsx)
    out["export_xlsx"] = {"s": round(t, 3), "sheets_per_s": round(n / t), "mb": round(size / 2**20, 1),
                          "vs_sql_read": round(t / out["export_rows"]["sql_s"], 2)}  # fmt: skip
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    out["load"] = os.getloadavg()[0]
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
