import contextvars
import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect

from shanglian.core.scope import strict_scope

_current_ip: contextvars.ContextVar[str | None] = contextvars.ContextVar("shanglian_ip", default=None)

GetResponse = Callable[[HttpRequest], HttpResponse]


def current_ip() -> str | None:
    """The client IP of the request being served, for audit rows written deep in services."""
    return _current_ip.get()


def client_ip(request: HttpRequest) -> str | None:
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
    if forwarded and getattr(settings, "AXES_IPWARE_PROXY_COUNT", 0):
        return str(forwarded).split(",")[0].strip()
    remote = request.META.get("REMOTE_ADDR")
    return None if remote is None else str(remote)


class RequestContextMiddleware:
    def __init__(self, get_response: GetResponse):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _current_ip.set(client_ip(request))
        try:
            with strict_scope():
                return self.get_response(request)
        finally:
            _current_ip.reset(token)


class IdleTimeoutMiddleware:
    """Log a user out after SESSION_IDLE_TIMEOUT seconds without a request (等保 二级: 会话超时)."""

    KEY = "_last_seen"

    def __init__(self, get_response: GetResponse):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            last = request.session.get(self.KEY)
            if last is not None and now - last > settings.SESSION_IDLE_TIMEOUT:
                logout(request)
                messages.warning(request, "您已长时间未操作，会话已过期，请重新登录。")
                if request.path.startswith("/api/"):
                    from django.http import JsonResponse

                    return JsonResponse(
                        {"code": "session_expired", "message": "会话已过期，请重新登录"}, status=401
                    )
                return redirect(f"{settings.LOGIN_URL_PATH}?next={request.path}")
            request.session[self.KEY] = now
        return self.get_response(request)


class RejectNulMiddleware:
    """A NUL byte in a query parameter or a form field is a Chinese 400, never a database error
    (PostgreSQL refuses NUL in any text; `?q=a%00b` answered 500 on several list pages). API bodies
    are checked by the API's parser (config/api.py); file uploads by the attachment checks."""

    FORMS = {"application/x-www-form-urlencoded", "multipart/form-data"}  # the files themselves are not read

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._has_nul(request.GET) or (
            request.method == "POST" and request.content_type in self.FORMS and self._has_nul(request.POST)
        ):
            return self._refuse(request)
        return self.get_response(request)

    @staticmethod
    def _has_nul(data: QueryDict) -> bool:
        from shanglian.core.validation import NUL

        return any(NUL in key or any(NUL in v for v in values) for key, values in data.lists())

    @staticmethod
    def _refuse(request: HttpRequest) -> HttpResponse:
        from shanglian.core.validation import NUL_MESSAGE

        if request.path.startswith("/api/"):
            from django.http import JsonResponse

            return JsonResponse({"code": "invalid", "message": NUL_MESSAGE}, status=400)
        from shanglian.core.views import bad_input

        return bad_input(request, NUL_MESSAGE)
