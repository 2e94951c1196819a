"""线上调查 at scale (issue 15 §Tests and performance): a 30-question survey with N submitted answer sheets
(default 100,000) on PostgreSQL; the results figures and the Excel export rows against hand-written SQL
for the same figures, measured in the same run. Prints one JSON line.

    DATABASE_URL=postgres://…/<scratch db, migrated> python bench/surveys.py [N]

Writes its own federation, chamber, N enterprises and the survey once (idempotent by the survey's title).
"""

from __future__ import annotations

import json
import os
import random
import resource
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
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
    from shanglian.surveys.models import Answer, Option, Question, Response, Survey

    found = Survey.objects.unscoped().filter(title=TITLE).first()
    if found is not None and found.responses.count() >= n:
        return found
    rng = random.Random(15)
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
        ents = list(Enterprise.unscoped_objects.filter(federation=fed).values_list("pk", flat=True))
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
        now = timezone.now()
        for start in range(0, n, 5000):
            sheets = Response.objects.unscoped().bulk_create(
                [
                    Response(survey=survey, enterprise_id=e, status="submitted", submitted_at=now)
                    for e in ents[start : start + 5000]
                ]
            )
            answers = []
            for s in sheets:
                for q, opts in questions:
                    if q.kind == "single":
                        answers.append(Answer(response=s, question=q, option_id=rng.choice(opts)))
                    elif q.kind == "multiple":
                        answers += [Answer(response=s, question=q, option_id=o) for o in rng.sample(opts, 2)]
                    elif q.kind == "rating":
                        answers.append(Answer(response=s, question=q, number=Decimal(rng.randint(1, 5))))
                    elif q.kind == "number":
                        answers.append(Answer(response=s, question=q, number=Decimal(rng.randint(0, 5000))))
                    elif q.kind == "text":
                        if rng.random() < 0.2:
                            answers.append(Answer(response=s, question=q, text="希望加强政策宣传"))
                    else:
                        answers += [
                            Answer(response=s, question=q, option_id=o, number=Decimal(rng.randint(1, 5)))
                            for o in opts
                        ]
            Answer.objects.unscoped().bulk_create(answers, batch_size=10000)
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
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    out["load"] = os.getloadavg()[0]
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
