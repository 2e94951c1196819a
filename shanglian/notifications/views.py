"""站内消息 pages: the user's own inbox. Every lookup is by recipient, so another user's message is a 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shanglian.core.flash import run_and_flash
from shanglian.notifications import selectors, services
from shanglian.notifications.forms import PreferenceForm

FILTERS = [("", "全部"), ("unread", "未读")]


def _positive_int(value: str | None) -> int | None:
    if value is None or not value.isdecimal():
        return None
    n = int(value)
    return n if 0 < n < 2**63 else None


@require_GET
@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    unread_only = request.GET.get("filter") == "unread"
    page = selectors.page_of(
        request.user,
        unread_only=unread_only,
        before=_positive_int(request.GET.get("before")),
        after=_positive_int(request.GET.get("after")),
    )
    return render(
        request,
        "notifications/list.html",
        {
            "page": page,
            "filters": FILTERS,
            "current_filter": "unread" if unread_only else "",
        },
    )


@require_GET
@login_required
def notification_badge(request: HttpRequest) -> HttpResponse:
    """The bell's figure, loaded by the top bar after the page (see context_processors)."""
    # No request context: the page's context processors (menu, roles) would cost queries the badge never shows.
    html = render_to_string("notifications/_badge.html", {"label": selectors.bell_label(request.user)})
    response = HttpResponse(html)
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@login_required
def notification_open(request: HttpRequest, notification_id: int) -> HttpResponse:
    """Opening a message marks it read and goes where it points (that page applies its own scope)."""
    notification = services.mark_read(notification_id=notification_id, actor=request.user)
    link = notification.link
    if link and url_has_allowed_host_and_scheme(link, allowed_hosts=set()) and link.startswith("/"):
        return redirect(link)
    messages.info(request, f"{notification.title}{'：' + notification.body if notification.body else ''}")
    return redirect("notifications:list")


@require_POST
@login_required
def notification_mark_all_read(request: HttpRequest) -> HttpResponse:
    count = services.mark_all_read(actor=request.user)
    messages.success(request, f"已将 {count} 条消息标为已读。" if count else "没有未读消息。")
    return redirect("notifications:list")


@require_http_methods(["GET", "POST"])
@login_required
def notification_settings(request: HttpRequest) -> HttpResponse:
    preference = selectors.preference_of(request.user)
    initial = {
        "email_enabled": bool(preference and preference.email_enabled),
        "email": getattr(request.user, "email", ""),
    }
    form = PreferenceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = run_and_flash(
            request,
            lambda: services.set_preferences(
                actor=request.user, email_enabled=data["email_enabled"], email=data["email"]
            ),
            "消息设置已保存。",
        )
        if saved:
            return redirect("notifications:settings")
    return render(request, "notifications/settings.html", {"form": form})
