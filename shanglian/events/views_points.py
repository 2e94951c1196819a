"""便企平台 pages: the points with their counts, a point's slots and questions, booking and answering."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from shanglian.core import pages
from shanglian.core.access import can_write, own_enterprise_ids, with_write_flag
from shanglian.core.decorators import capability_required
from shanglian.core.flash import run_and_flash
from shanglian.core.pages import Column
from shanglian.core.roles import has_capability
from shanglian.core.scope import get_object_for_user
from shanglian.events import points
from shanglian.events.forms import ServicePointForm
from shanglian.events.models import Booking, BookingStatus, Question, ServicePoint, ServiceSlot

PRETITLE = "便企平台"


def _detail(p: ServicePoint) -> str:
    return reverse("events:point_detail", args=[p.pk])


@capability_required("servicepoints.view")
def point_list(request: HttpRequest) -> HttpResponse:
    qs = (
        ServicePoint.objects.visible_to(request.user)
        .select_related("organizer", "department")
        .annotate(
            booked=Count(
                "slots__bookings", filter=~Q(slots__bookings__status=BookingStatus.CANCELLED), distinct=True
            ),
            asked=Count("questions", distinct=True),
        )
        .order_by("pk")
    )
    columns = [
        Column("名称", lambda p: p.name, link=_detail),
        Column("类型", lambda p: p.get_kind_display()),
        Column("共建部门", lambda p: p.department.name),
        Column("共建单位", lambda p: p.organizer.name),
        Column("地址", lambda p: p.address),
        Column("服务时间", lambda p: p.hours),
        Column("预约咨询", lambda p: p.booked),
        Column("在线咨询", lambda p: p.asked),
    ]
    return pages.list_page(
        request,
        qs=qs,
        columns=columns,
        title="便企服务点",
        pretitle=PRETITLE,
        create_url=reverse("events:point_create")
        if has_capability(request.user, "servicepoints.manage")
        else "",
    )


@capability_required("servicepoints.manage")
def point_create(request: HttpRequest) -> HttpResponse:
    form = ServicePointForm(request.POST or None, actor=request.user)
    return pages.form_page(
        request,
        form=form,
        save=lambda d: points.save_point(actor=request.user, **d),
        title="设立便企服务点",
        pretitle=PRETITLE,
        next_url=lambda p: _detail(p) if p else reverse("events:point_list"),
    )


@capability_required("servicepoints.view")
def point_detail(request: HttpRequest, servicepoint_id: int) -> HttpResponse:
    point = get_object_for_user(
        ServicePoint,
        request.user,
        servicepoint_id,
        queryset=ServicePoint.objects.select_related("organizer", "department"),
    )
    slots = list(
        ServiceSlot.objects.visible_to(request.user)
        .filter(point=point, starts_at__gte=timezone.now())
        .annotate(taken=Count("bookings", filter=Q(bookings__status=BookingStatus.BOOKED)))
        .order_by("starts_at")[:50]
    )
    ctx: dict[str, Any] = {
        "point": point,
        "slots": slots,
        "may_book": bool(own_enterprise_ids(request.user))
        and has_capability(request.user, "servicepoints.book"),
        "staff": can_write(request.user, point) and has_capability(request.user, "servicepoints.manage"),
        "questions": list(
            Question.objects.visible_to(request.user)
            .filter(point=point)
            .select_related("enterprise")
            .order_by("-pk")[:50]
        ),
        "may_answer": has_capability(request.user, "servicepoints.answer")
        and Question.objects.editable_by(request.user).filter(point=point).exists(),
        "bookings": list(
            with_write_flag(
                Booking.objects.visible_to(request.user).filter(slot__point=point),
                request.user,
                capability="servicepoints.cancel",
            )
            .select_related("slot", "enterprise")
            .order_by("-slot__starts_at")[:50]
        ),
    }
    return render(request, "events/point_detail.html", ctx)


def _my_enterprise(request: HttpRequest) -> Any:
    from shanglian.registry.models import Enterprise

    return Enterprise.objects.visible_to(request.user).filter(pk__in=own_enterprise_ids(request.user)).first()


@require_POST
@capability_required("servicepoints.book")
def slot_book(request: HttpRequest, serviceslot_id: int) -> HttpResponse:
    slot = get_object_for_user(ServiceSlot, request.user, serviceslot_id)
    run_and_flash(
        request,
        lambda: points.book_slot(
            actor=request.user,
            slot=slot,
            enterprise=_my_enterprise(request),
            topic=request.POST.get("topic", "")[:200],
        ),
        "预约成功。",
    )
    return redirect(reverse("events:point_detail", args=[slot.point_id]))


@require_POST
@capability_required("servicepoints.cancel")
def booking_cancel(request: HttpRequest, booking_id: int) -> HttpResponse:
    """The booking enterprise or the point's organiser frees the slot (workflow kit: one audit row)."""
    booking = get_object_for_user(
        Booking,
        request.user,
        booking_id,
        capability="servicepoints.cancel",
        write=True,
        queryset=Booking.objects.select_related("slot"),
    )
    run_and_flash(request, lambda: points.cancel_booking(actor=request.user, booking=booking), "预约已取消。")
    return redirect(reverse("events:point_detail", args=[booking.slot.point_id]))


@require_POST
@capability_required("servicepoints.manage")
def slot_add(request: HttpRequest, servicepoint_id: int) -> HttpResponse:
    point = get_object_for_user(
        ServicePoint, request.user, servicepoint_id, capability="servicepoints.manage", write=True
    )
    raw = request.POST.get("starts_at", "")
    try:
        at = timezone.make_aware(datetime.fromisoformat(raw))
    except ValueError:
        messages.error(request, "请填写正确的时段开始时间。")
        return redirect(_detail(point))
    run_and_flash(
        request, lambda: points.add_slot(actor=request.user, point=point, starts_at=at), "已添加时段。"
    )
    return redirect(_detail(point))


@require_POST
@capability_required("servicepoints.book")
def question_ask(request: HttpRequest, servicepoint_id: int) -> HttpResponse:
    point = get_object_for_user(ServicePoint, request.user, servicepoint_id)
    run_and_flash(
        request,
        lambda: points.ask_question(
            actor=request.user,
            point=point,
            enterprise=_my_enterprise(request),
            question=request.POST.get("question", "")[:2000],
        ),
        "已提交，共建部门将尽快答复。",
    )
    return redirect(_detail(point))


@require_POST
@capability_required("servicepoints.answer")
def question_answer(request: HttpRequest, question_id: int) -> HttpResponse:
    question = get_object_for_user(
        Question, request.user, question_id, capability="servicepoints.answer", write=True
    )
    run_and_flash(
        request,
        lambda: points.answer_question(
            actor=request.user, question=question, answer=request.POST.get("answer", "")[:2000]
        ),
        "已答复。",
    )
    return redirect(reverse("events:point_detail", args=[question.point_id]))
