"""Periodic jobs: a task declared with a cron expression is found and enqueued when due (real ImmediateBackend)."""

from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django_tasks import task

from shanglian.core import schedule
from shanglian.core.access import SYSTEM
from shanglian.core.schedule import cron, due_jobs, enqueue_due, jobs, next_run

SHANGHAI = ZoneInfo("Asia/Shanghai")
RUNS: list[str] = []


@task()
def tick() -> str:
    RUNS.append("tick")
    return "ok"


@pytest.fixture
def every_quarter_hour():
    cron("*/15 8-18 * * 1-5")(tick)
    RUNS.clear()
    yield next(j for j in jobs() if j.task is tick)
    schedule.unregister(tick)


def at(*args):
    return datetime(*args).replace(tzinfo=SHANGHAI)


def test_a_declared_job_is_found_and_run_when_due(every_quarter_hour):
    job = every_quarter_hour
    assert job.expression == "*/15 8-18 * * 1-5" and job.name.endswith("test_schedule.tick")
    assert next_run(job, at(2026, 11, 27, 18, 50)) == at(2026, 11, 30, 8, 0)  # Friday evening → Monday 8:00
    assert job not in due_jobs(at(2026, 11, 30, 8, 0), at(2026, 11, 30, 8, 14, 59))
    assert job in due_jobs(at(2026, 11, 30, 8, 14, 30), at(2026, 11, 30, 8, 15))
    results = enqueue_due(at(2026, 11, 30, 8, 14, 30), at(2026, 11, 30, 8, 15, 20))
    assert RUNS == ["tick"]
    assert [r.return_value for r in results if r.task.name == "tick"] == ["ok"]
    # a window spanning several of its times still enqueues it once
    enqueue_due(at(2026, 11, 30, 7, 0), at(2026, 11, 30, 12, 0))
    assert RUNS == ["tick", "tick"]
    assert not [j for j in due_jobs(at(2026, 11, 28, 7, 0), at(2026, 11, 28, 23, 0)) if j.task is tick]


def test_the_calendar_job_is_declared_daily_at_nine():
    job = next(j for j in jobs() if j.name == "shanglian.workdays.jobs.check_calendar")
    assert job.expression == "0 9 * * *"
    assert job in due_jobs(at(2026, 12, 1, 8, 59, 40), at(2026, 12, 1, 9, 0, 0))
    assert job not in due_jobs(at(2026, 12, 1, 9, 0, 0), at(2026, 12, 1, 9, 0, 40))


def test_bad_declarations_fail_at_import():
    with pytest.raises(ValueError):
        cron("every day")
    with pytest.raises(ValueError):
        cron("0 9 * * * *")
    with pytest.raises(TypeError):
        cron("0 9 * * *")(lambda: None)  # type: ignore[arg-type]  # a plain function, not a task
    assert SYSTEM  # jobs act as SYSTEM


def test_command_lists_jobs_and_runs_its_loop(db):
    out = StringIO()
    call_command("run_scheduler", "--list", stdout=out)
    assert "0 9 * * *" in out.getvalue() and "shanglian.workdays.jobs.check_calendar" in out.getvalue()
    out = StringIO()
    call_command("run_scheduler", "--interval", "0", "--ticks", "2", stdout=out)
    assert "调度已启动" in out.getvalue()
