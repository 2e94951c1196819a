"""Enqueue the periodic jobs (`@cron` in each app's jobs.py) when due. Run exactly one beside db_worker."""

from __future__ import annotations

import signal
import time
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections
from django.utils import timezone

from shanglian.core.schedule import due_jobs, jobs, next_run


class Command(BaseCommand):
    help = "定时任务调度：按各应用 jobs.py 中的 cron 表达式把到期任务放入任务队列（由 db_worker 执行）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--list", action="store_true", help="列出全部定时任务及下次运行时间后退出")
        parser.add_argument("--interval", type=float, default=20.0, help="检查间隔（秒），默认 20")
        parser.add_argument("--ticks", type=int, default=0, help="检查这么多次后退出（0 = 一直运行）")

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        if options["list"]:
            for job in jobs():
                when = timezone.localtime(next_run(job, now))
                self.stdout.write(f"{job.expression:<15} {job.name}  下次：{when:%Y-%m-%d %H:%M}")
            return
        self._running = True
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        self.stdout.write(f"调度已启动：{len(jobs())} 个定时任务。", ending="\n")
        self.stdout.flush()
        last = now
        ticks = 0
        while self._running and not (options["ticks"] and ticks >= options["ticks"]):
            ticks += 1
            self._sleep(options["interval"])
            now = timezone.now()
            close_old_connections()
            for job in due_jobs(last, now):
                try:
                    result = job.task.enqueue()
                except Exception as exc:  # one broken job or a lost connection must not stop the others
                    self.stderr.write(
                        f"{timezone.localtime(now):%Y-%m-%d %H:%M:%S} 入队失败 {job.name}: {exc!r}"
                    )
                else:
                    self.stdout.write(
                        f"{timezone.localtime(now):%Y-%m-%d %H:%M:%S} 已入队 {job.name} ({result.id})"
                    )
                self.stdout.flush()
            last = now

    def _sleep(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while self._running and time.monotonic() < end:
            time.sleep(min(0.5, end - time.monotonic()))

    def _stop(self, signum: int, frame: FrameType | None) -> None:
        self._running = False
