"""Periodic jobs: a django-tasks task with a cron expression, declared in its app's `jobs.py`.

    from django_tasks import task
    from shanglian.core.schedule import cron

    @cron("0 9 * * *")          # minute hour day month weekday, in TIME_ZONE (Asia/Shanghai)
    @task()
    def remind_deadlines() -> None: ...

`manage.py run_scheduler` (started by `make run` beside `db_worker`) wakes every minute and enqueues each
job whose time has come; the worker runs it like any other task. django-crontask does the same, but every
release of it needs Python ≥ 3.12 and we run 3.11, so this is its smallest equivalent on `croniter`.

A job acts as `SYSTEM` and must be idempotent (notify() keys, "already done" checks): a run missed while
the scheduler was down is not made up, and a job may run twice if two schedulers are started by mistake.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from croniter import croniter
from django.utils import timezone
from django_tasks import TaskResult
from django_tasks.base import Task

__all__ = ["Job", "cron", "due_jobs", "enqueue_due", "jobs", "next_run", "unregister"]


@dataclass(frozen=True)
class Job:
    name: str  # the task's module path, unique
    expression: str
    task: Task[Any, Any]


_JOBS: dict[str, Job] = {}


def cron(expression: str) -> Callable[[Task[Any, Any]], Task[Any, Any]]:
    """Decorator over `@task()`: run the task on this cron schedule (5 fields, local time)."""
    if not croniter.is_valid(expression) or len(expression.split()) != 5:
        raise ValueError(f"invalid cron expression: {expression!r}")

    def decorator(task: Task[Any, Any]) -> Task[Any, Any]:
        if not isinstance(task, Task):
            raise TypeError("@cron goes above @task(): it schedules a django-tasks task")
        _JOBS[task.module_path] = Job(task.module_path, expression, task)
        return task

    return decorator


def unregister(task: Task[Any, Any]) -> None:
    """Take a job off the schedule (tests that declare one of their own)."""
    _JOBS.pop(task.module_path, None)


def jobs() -> list[Job]:
    return sorted(_JOBS.values(), key=lambda j: j.name)


def next_run(job: Job, after: datetime) -> datetime:
    """The first time strictly after `after` (aware) that the job is due, in local time."""
    return croniter(job.expression, timezone.localtime(after)).get_next(datetime)


def due_jobs(since: datetime, until: datetime) -> list[Job]:
    """Jobs with a scheduled time in (since, until]."""
    return [job for job in jobs() if next_run(job, since) <= until]


def enqueue_due(since: datetime, until: datetime) -> list[TaskResult[Any]]:
    """Enqueue every job due in (since, until] once, however many of its times fall in the window."""
    return [job.task.enqueue() for job in due_jobs(since, until)]
