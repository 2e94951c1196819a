"""一企一档 entries of the promotion platform: visits and 产学研 projects."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse

from shanglian.core.roles import has_capability
from shanglian.core.timeline import Entry, register
from shanglian.promotion.models import ResearchProject, Visit, VisitStatus


@register
def visits(enterprise: Any, user: Any) -> Iterator[Entry]:
    if not (has_capability(user, "promotion.view") or has_capability(user, "promotion.visit")):
        return
    shown = (
        Visit.objects.visible_to(user)
        .filter(enterprise=enterprise)
        .exclude(status=VisitStatus.CANCELLED)
        .select_related("organization")
        .order_by("-planned_on", "-pk")[:50]
    )
    for v in shown:
        how = f"{v.get_mode_display()}·{v.get_channel_display()}"
        title = f"{v.organization.name}{'走访' if v.visited_on else '计划走访'}（{how}）"
        problems = "；".join(v.problem_lines)
        yield Entry(
            v.visited_on or v.planned_on,
            "走访",
            title,
            reverse("promotion:visit_detail", args=[v.pk]),
            f"发现问题：{problems}" if problems else v.notes,
            "green",
        )


@register
def projects(enterprise: Any, user: Any) -> Iterator[Entry]:
    if not has_capability(user, "promotion.view"):
        return
    shown = (
        ResearchProject.objects.visible_to(user)
        .filter(enterprises=enterprise, signed_on__isnull=False)
        .select_related("institution")
        .order_by("-signed_on")[:50]
    )
    for p in shown:
        assert p.signed_on is not None
        yield Entry(
            p.signed_on,
            "产学研",
            f"与{p.institution.name}签约：{p.title}",
            reverse("promotion:project_detail", args=[p.pk]),
            f"合同金额 {p.amount} 元 · {p.get_status_display()}",
            "purple",
        )
