from datetime import datetime, time

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from shanglian.audit import describe
from shanglian.audit.models import AuditAction, AuditEntry
from shanglian.core.decorators import capability_required
from shanglian.core.scope import get_object_for_user


def _parse_date(value):
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except (TypeError, ValueError):
        return None


@capability_required("audit.view")
def entry_list(request):
    entries = AuditEntry.objects.visible_to(request.user).select_related("organization")
    f = {
        k: request.GET.get(k, "").strip()[:100]
        for k in ("action", "actor", "object_type", "start", "end", "q")
    }
    if f["action"] in AuditAction.values:
        entries = entries.filter(action=f["action"])
    if f["actor"]:
        entries = entries.filter(actor_name__icontains=f["actor"])
    if f["object_type"]:
        entries = entries.filter(object_type=f["object_type"])
    if f["q"]:
        entries = entries.filter(object_repr__icontains=f["q"])
    tz = timezone.get_current_timezone()
    if start := _parse_date(f["start"]):
        entries = entries.filter(at__gte=datetime.combine(start, time.min, tzinfo=tz))
    if end := _parse_date(f["end"]):
        entries = entries.filter(at__lte=datetime.combine(end, time.max, tzinfo=tz))
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "audit/entry_list.html", {"page": page, "f": f, "actions": AuditAction.choices})


@capability_required("audit.view")
def entry_detail(request, auditentry_id):
    entry = get_object_for_user(AuditEntry, request.user, auditentry_id)
    ctx = {
        "entry": entry,
        "kind": describe.object_kind(entry),
        "changes": describe.changes(entry),
        "at": describe.local_time(entry),
        "denied_page": describe.denied_page(entry),
    }
    return render(request, "audit/entry_detail.html", ctx)
