"""Pages of the events app: the list, an event, registration and its code, the door page, minutes."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.contrib import messages
from django.db.models import Value
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from shanglian.core import pages
from shanglian.core.access import can_write, own_enterprise_ids
from shanglian.core.decorators import capability_required
from shanglian.core.flash import form_errors_text, run_and_flash
from shanglian.core.pages import Column, wants_export
from shanglian.core.roles import has_capability
from shanglian.core.scope import get_object_for_user
from shanglian.events import codes, selectors, services
from shanglian.events.forms import EventForm, MinutesForm, RegisterForm, WalkInForm
from shanglian.events.models import (
    ACTIVE,
    Event,
    EventKind,
    EventMode,
    Registration,
)
from shanglian.events.views_briefings import briefing_context
from shanglian.workflow import services as workflow

PRETITLE = "活动与会议"
form_page = partial(pages.form_page, pretitle=PRETITLE)


def _detail_url(e: Event) -> str:
    return reverse("events:event_detail", args=[e.pk])


def event_columns() -> list[Column]:
    return [
        Column("开始时间", lambda e: timezone.localtime(e.starts_at).strftime("%Y-%m-%d %H:%M")),
        Column("名称", lambda e: e.title, link=_detail_url),
        Column("类型", lambda e: e.get_kind_display()),
        Column(
            "举办/参加",
            lambda e: (e.get_mode_display(), "blue" if e.mode == EventMode.HOSTED else "secondary"),
            badge=True,
        ),
        Column("单位", lambda e: e.organizer.name),
        Column("地点", lambda e: e.place),
        Column("名额", lambda e: e.quota or "不限"),
    ]


@capability_required("events.view")
def event_list(request: HttpRequest) -> HttpResponse:
    qs = Event.objects.visible_to(request.user).select_related("organizer").order_by("-starts_at", "-pk")
    kind, mode = request.GET.get("kind", ""), request.GET.get("mode", "")
    if kind in EventKind.values:
        qs = qs.filter(kind=kind)
    if mode in EventMode.values:
        qs = qs.filter(mode=mode)
    if wants_export(request):
        return pages.export_page(
            request,
            title="活动与会议",
            columns=event_columns(),
            objects=qs,
            capability="events.attendance",
            model=Event,
        )
    create = reverse("events:event_create") if has_capability(request.user, "events.manage") else ""
    return pages.list_page(
        request,
        qs=qs,
        columns=event_columns(),
        title="活动与会议",
        pretitle=PRETITLE,
        template="events/event_list.html",
        export_url=reverse("events:event_list"),
        export_capability="events.attendance",
        create_url=create,
        extra={"kinds": EventKind.choices, "modes": EventMode.choices, "kind": kind, "mode": mode},
    )


def _save(request: HttpRequest, event: Event | None = None) -> Any:
    return lambda d: services.save_event(actor=request.user, event=event, **d)


@capability_required("events.manage")
def event_create(request: HttpRequest) -> HttpResponse:
    form = EventForm(request.POST or None, actor=request.user, initial={"quota": 0})
    return form_page(
        request,
        form=form,
        save=_save(request),
        title="新增活动",
        next_url=_detail_url,
        back=reverse("events:event_list"),
    )


@capability_required("events.manage")
def event_edit(request: HttpRequest, event_id: int) -> HttpResponse:
    event = get_object_for_user(Event, request.user, event_id, capability="events.manage", write=True)
    initial = {
        "organizer": event.organizer_id,
        "title": event.title,
        "kind": event.kind,
        "mode": event.mode,
        "starts_at": timezone.localtime(event.starts_at),
        "place": event.place,
        "host_outside": event.host_outside,
        "description": event.description,
        "quota": event.quota,
        "registration_closes_at": event.registration_closes_at
        and timezone.localtime(event.registration_closes_at),
    }
    # Both invitation lists in one query (the page's budget): each row tagged with the list it came from.
    invited = (
        event.invited_chambers.order_by()
        .annotate(side=Value("c"))
        .values_list("pk", "side")
        .union(event.invited_departments.order_by().annotate(side=Value("d")).values_list("pk", "side"))
    )
    rows = list(invited)
    initial["invited_chambers"] = [pk for pk, side in rows if side == "c"]
    initial["invited_departments"] = [pk for pk, side in rows if side == "d"]
    form = EventForm(request.POST or None, actor=request.user, initial=initial)
    return form_page(
        request,
        form=form,
        save=_save(request, event),
        title=f"编辑：{event.title}",
        next_url=_detail_url,
        obj=event,
    )


@capability_required("events.view")
def event_detail(request: HttpRequest, event_id: int) -> HttpResponse:
    event = get_object_for_user(
        Event,
        request.user,
        event_id,
        queryset=Event.objects.select_related("organizer").prefetch_related("attachments"),
    )
    staff = can_write(request.user, event.organizer)
    enterprises = own_enterprise_ids(request.user)
    mine = []
    if enterprises:
        mine = list(
            Registration.objects.visible_to(request.user)
            .filter(event=event, enterprise_id__in=enterprises)
            .select_related("checkin")
            .order_by("-created_at")
        )
    for reg in mine:
        reg.actions = workflow.allowed_transitions(reg, request.user)
        if reg.status == "confirmed":
            reg.qr = codes.qr_svg(services.code_of(reg))
    may_register = (
        bool(enterprises)
        and has_capability(request.user, "events.register")
        and services.registration_open(event)
        and not any(r.status in ACTIVE for r in mine)
    )
    invited_chambers, invited_departments = selectors.invited_of(event)
    ctx: dict[str, Any] = {
        "event": event,
        "invited_chambers": invited_chambers,
        "invited_departments": invited_departments,
        "staff": staff,
        "mine": mine,
        "may_register": may_register,
        "register_form": RegisterForm(),
        "open": services.registration_open(event),
        "may_see_attendance": has_capability(request.user, "events.attendance"),
    }
    ctx.update(briefing_context(request, event, mine, invited_departments))
    if ctx["may_see_attendance"]:
        ctx["attendance"] = selectors.attendance(event)
        ctx["registrations"] = list(selectors.registrations_of(event, request.user)[:500])
    return render(request, "events/event_detail.html", ctx)


@require_POST
@capability_required("events.register")
def event_register(request: HttpRequest, event_id: int) -> HttpResponse:
    event = get_object_for_user(Event, request.user, event_id)
    form = RegisterForm(request.POST)
    enterprise = None
    ids = own_enterprise_ids(request.user)
    if ids:
        from shanglian.registry.models import Enterprise

        enterprise = Enterprise.objects.visible_to(request.user).filter(pk__in=ids).order_by("pk").first()
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect(_detail_url(event))

    def act() -> Registration:
        return services.register(actor=request.user, event=event, enterprise=enterprise, **form.cleaned_data)

    done = run_and_flash(request, act, "报名成功。")
    if done:
        reg = Registration.objects.visible_to(request.user).filter(event=event).order_by("-pk").first()
        if reg is not None and reg.status == "waiting":
            messages.warning(request, "名额已满，您已进入候补名单；有名额空出时将通知您确认。")
    return redirect(_detail_url(event))


def _registration_step(request: HttpRequest, registration_id: int, fn: Any, text: str) -> HttpResponse:
    reg = get_object_for_user(Registration, request.user, registration_id)
    run_and_flash(request, lambda: fn(actor=request.user, registration=reg), text)
    return redirect(_detail_url(reg.event))


@require_POST
@capability_required("events.view")
def registration_cancel(request: HttpRequest, registration_id: int) -> HttpResponse:
    return _registration_step(request, registration_id, services.cancel_registration, "已取消报名。")


@require_POST
@capability_required("events.view")
def registration_accept(request: HttpRequest, registration_id: int) -> HttpResponse:
    return _registration_step(request, registration_id, services.accept_offer, "已确认参加。")


@require_POST
@capability_required("events.view")
def registration_decline(request: HttpRequest, registration_id: int) -> HttpResponse:
    return _registration_step(request, registration_id, services.decline_offer, "已放弃递补名额。")


@capability_required("events.checkin")
def event_door(request: HttpRequest, event_id: int) -> HttpResponse:
    event = get_object_for_user(Event, request.user, event_id, capability="events.checkin", write=True)
    return render(
        request,
        "events/door.html",
        {"event": event, "attendance": selectors.attendance(event), "walk_in_form": WalkInForm()},
    )


@require_POST
@capability_required("events.checkin")
def event_walk_in(request: HttpRequest, event_id: int) -> HttpResponse:
    event = get_object_for_user(Event, request.user, event_id, capability="events.checkin", write=True)
    form = WalkInForm(request.POST)
    if form.is_valid():
        run_and_flash(
            request,
            lambda: services.register_walk_in(actor=request.user, event=event, **form.cleaned_data),
            f"已现场登记并签到：{form.cleaned_data['name']}",
        )
    else:
        messages.error(request, form_errors_text(form))
    return redirect(reverse("events:event_door", args=[event.pk]))


@capability_required("events.manage")
def event_minutes(request: HttpRequest, event_id: int) -> HttpResponse:
    event = get_object_for_user(Event, request.user, event_id, capability="events.manage", write=True)
    form = MinutesForm(
        request.POST or None,
        request.FILES or None,
        initial={"minutes": event.minutes, "outcome": event.outcome},
    )
    return form_page(
        request,
        form=form,
        save=lambda d: services.record_minutes(actor=request.user, event=event, **d),
        title=f"会议纪要：{event.title}",
        next_url=_detail_url,
        obj=event,
    )
