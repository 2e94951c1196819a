"""Operations state that must survive restarts and be shared by every process: the worker's heartbeat."""

from __future__ import annotations

from django.db import models


class Heartbeat(models.Model):
    """Last sign of life of a background component, stamped by a job the scheduler enqueues every minute
    and the worker runs: a fresh stamp proves scheduler, queue and worker all work, end to end."""

    name = models.CharField("组件", max_length=40, primary_key=True)
    at = models.DateTimeField("最近一次")

    class Meta:
        verbose_name = "心跳"
        verbose_name_plural = "心跳"

    def __str__(self) -> str:
        return f"{self.name} @ {self.at:%Y-%m-%d %H:%M:%S}"
