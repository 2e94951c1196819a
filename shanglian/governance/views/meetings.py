"""Governance meeting views: the meeting list, records, minutes and their editing."""

from datetime import date

from django.db.models import Exists, OuterRef
from django.shortcuts import render
from django.urls import reverse

from shanglian.core.decorators import capability_required
from shanglian.core.pages import Column, wants_export
from shanglian.core.roles import has_capability
from shanglian.core.scope import get_object_for_user
from shanglian.governance import services
from shanglian.governance.forms import MeetingForm
from shanglian.governance.models import AgendaItem, Meeting, Organ
from shanglian.governance.views.common import (
    chamber_filter,
    columns_export,
    delete_page,
    editable,
    form_page,
    list_page,
    services_may_edit,
)


def meeting_columns():
    return [
        Column("召开日期", lambda m: m.held_on),
        Column("商会", lambda m: m.chamber.name),
        Column("机构", lambda m: m.get_organ_display()),
        Column(
            "会议名称", lambda m: m.title, link=lambda m: reverse("governance:meeting_detail", args=[m.pk])
        ),
        Column("出席人数", lambda m: m.attendee_count),
        Column("议题数", lambda m: len(m.items.all())),
        Column(
            "党建议题",
            lambda m: ("有", "red") if any(i.party_building for i in m.items.all()) else ("无", "secondary"),
            badge=True,
        ),
        Column("纪要", lambda m: "已上传" if m.minutes else "未上传"),
    ]


@capability_required("governance.view")
def meeting_list(request):
    from django.db.models import Count

    qs = (
        Meeting.objects.visible_to(request.user)
        .select_related("chamber")
        .prefetch_related("items", "attachments")
        .annotate(attendee_count=Count("attendees"))
        .order_by("-held_on", "-pk")
    )
    qs, extra = chamber_filter(request, qs)
    organ = request.GET.get("organ", "")
    if organ in Organ.values:
        qs = qs.filter(organ=organ)
    extra.update({"organs": Organ.choices, "organ_selected": organ})
    if wants_export(request):
        return columns_export(request, title="会议", columns=meeting_columns(), objects=qs, model=Meeting)
    total = qs.count()
    party = qs.filter(
        Exists(
            AgendaItem.objects.visible_to(request.user).filter(meeting_id=OuterRef("pk"), party_building=True)
        )
    ).count()
    extra["summary"] = (
        f"共 {total} 次会议，其中研究党建议题 {party} 次（{party * 100 // total if total else 0}%）"
    )
    create = reverse("governance:meeting_create") if has_capability(request.user, "governance.edit") else ""
    return list_page(
        request,
        qs=qs,
        columns=meeting_columns(),
        title="治理会议",
        export_url=reverse("governance:meeting_list"),
        create_url=create,
        extra=extra,
    )


@capability_required("governance.view")
def meeting_detail(request, meeting_id):
    meeting = get_object_for_user(Meeting, request.user, meeting_id)
    can_edit = has_capability(request.user, "governance.edit") and services_may_edit(
        request.user, meeting.chamber
    )
    ctx = {
        "meeting": meeting,
        "items": meeting.items.all(),
        "attendees": meeting.attendees.select_related("enterprise").order_by("name"),
        "can_edit": can_edit,
    }
    return render(request, "governance/meeting_detail.html", ctx)


def _meeting_save(request, meeting=None):
    def save(d):
        return services.save_meeting(actor=request.user, meeting=meeting, **d)

    return save


@capability_required("governance.edit")
def meeting_create(request):
    initial = {"held_on": date.today()}
    if request.GET.get("chamber", "").isdecimal():
        initial["chamber"] = int(request.GET["chamber"])
    form = MeetingForm(request.POST or None, request.FILES or None, actor=request.user, initial=initial)
    return form_page(
        request,
        form=form,
        save=_meeting_save(request),
        title="登记会议",
        next_url=lambda m: (
            reverse("governance:meeting_detail", args=[m.pk]) if m else reverse("governance:meeting_list")
        ),
    )


@capability_required("governance.edit")
def meeting_edit(request, meeting_id):
    meeting = editable(request, Meeting, meeting_id)
    items = list(meeting.items.all())
    initial = {
        "chamber": meeting.chamber_id,
        "organ": meeting.organ,
        "title": meeting.title,
        "held_on": meeting.held_on,
        "attendees": list(meeting.attendees.values_list("pk", flat=True)),
        "agenda": "\n".join(i.title for i in items if not i.party_building),
        "party_agenda": "\n".join(i.title for i in items if i.party_building),
        "resolutions": meeting.resolutions,
    }
    form = MeetingForm(request.POST or None, request.FILES or None, actor=request.user, initial=initial)
    return form_page(
        request,
        form=form,
        save=_meeting_save(request, meeting),
        title=f"编辑：{meeting.title}",
        next_url=lambda m: reverse("governance:meeting_detail", args=[m.pk]),
        obj=meeting,
    )


@capability_required("governance.edit")
def meeting_delete(request, meeting_id):
    meeting = editable(request, Meeting, meeting_id)
    return delete_page(
        request,
        obj=meeting,
        delete=lambda: services.delete_meeting(actor=request.user, meeting=meeting),
        back_url=reverse("governance:meeting_list"),
    )
