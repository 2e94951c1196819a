"""Error pages as responses: below both views and middleware (which must not import views: the audit
log, imported by views, reads the middleware's request IP)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def error_page(request: HttpRequest, status: int, title: str, detail: str) -> HttpResponse:
    return render(
        request, "core/error.html", {"status": status, "title": title, "detail": detail}, status=status
    )


def bad_input(request: HttpRequest, detail: str) -> HttpResponse:
    """400 for input no form could hold (a NUL byte in the address, an impossible parameter)."""
    return error_page(request, 400, "请求无效", detail)
