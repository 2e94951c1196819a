"""Work report at scale: write the report of one year for the scale federation (`generate_scale`) and time
each phase in the same process — every registered metric, the wording, the .docx, attaching the file.
Not part of the test suite.

    DATABASE_URL=postgres://…/bench .venv/bin/python bench/report.py [year] [repeats]
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")

import django  # noqa: E402

django.setup()

from shanglian.metrics import registry  # noqa: E402
from shanglian.metrics.registry import Period, Scope  # noqa: E402
from shanglian.orgs.models import Organization, OrgKind  # noqa: E402
from shanglian.registry.models import Enterprise  # noqa: E402
from shanglian.reports import writing  # noqa: E402
from shanglian.reports.models import ReportStatus, WorkReport  # noqa: E402
from shanglian.reports.periods import make_period  # noqa: E402


def main() -> None:
    year = int(sys.argv[1]) if len(sys.argv) > 1 else 2020
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    fed = Organization.objects.unscoped().filter(name="规模测试区工商联", kind=OrgKind.FEDERATION).first()
    assert fed is not None, "run manage.py generate_scale first"
    enterprises = Enterprise.unscoped_objects.filter(federation=fed).count()
    period = make_period("year", year=year)
    per_metric: dict[str, float] = {}
    for m in registry.all_metrics():
        t = time.perf_counter()
        registry.compute(m, Period(period.start, period.end), Scope.whole(fed))
        per_metric[m.key] = round((time.perf_counter() - t) * 1000, 1)
    runs = []
    for _ in range(repeats):
        report = WorkReport.objects.unscoped().create(
            organization=fed, period_kind=period.kind, start=period.start, end=period.end,
            title=f"规模测试{year}年工作报告", status=ReportStatus.RUNNING,
        )  # fmt: skip
        t = time.perf_counter()
        writing.write_report(report)
        runs.append(round(time.perf_counter() - t, 2))
    print(
        json.dumps(
            {"enterprises": enterprises, "metrics_ms": per_metric, "report_s": runs},
            ensure_ascii=False,
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
