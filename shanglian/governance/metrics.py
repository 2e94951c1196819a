"""法人治理 figures in the metric registry: meetings that put 党建 on the agenda (同部署、同研究、同落实)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef

from shanglian.governance.models import AgendaItem, Meeting
from shanglian.metrics.registry import Period, Scope, metric


def meetings(period: Period, scope: Scope):
    """Meetings of the scope's chambers held in the period."""
    return Meeting.objects.unscoped().filter(
        chamber__in=scope.chambers(), held_on__gte=period.start, held_on__lte=period.end
    )


def party_meetings(period: Period, scope: Scope):
    """…with at least one 党建 agenda item."""
    return meetings(period, scope).filter(
        Exists(AgendaItem.unscoped_objects.filter(meeting_id=OuterRef("pk"), party_building=True))
    )


metric("governance.party_meetings", "会议研究党建占比", "%", denominator=meetings, order=40)(party_meetings)
