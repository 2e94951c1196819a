"""Demo 工作报告: the federation's wording saved once by its admin (history), and three reports requested —
the district's 2020 report, 城阳街道商会's fourth quarter of 2020 and the district's first half of 2026.
They are written by the task worker that `make run` starts, after every app's demo data is in."""

from __future__ import annotations

from typing import Any

from shanglian.reports import services, wording
from shanglian.reports.periods import make_period


def load(ctx: Any) -> None:
    admin = ctx.users["fed_admin"]
    services.save_template(
        actor=admin,
        federation=ctx.federation,
        body="{# 经工商联党组会议审定，2026 年起使用。 #}\n" + wording.DEFAULT_BODY,
        note="党组会议审定",
    )
    services.request_report(actor=admin, organization=ctx.federation, period=make_period("year", year=2020))
    services.request_report(
        actor=ctx.users["sec_chengyang"],
        organization=ctx.chambers["城阳街道商会"],
        period=make_period("quarter", year=2020, quarter=4),
    )
    services.request_report(
        actor=ctx.users["fed_leader"],
        organization=ctx.federation,
        period=make_period(
            "custom", start=ctx.today.replace(month=1, day=1), end=ctx.today.replace(month=6, day=30)
        ),
    )
