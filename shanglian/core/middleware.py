import contextvars
import json
import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import redirect

from shanglian.core.scope import strict_scope
from shanglian.core.text import refusal_for
from shanglian.core.todos import data_changed

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
            if request.method not in ("GET", "HEAD", "OPTIONS"):
                # A write may have gone through QuerySet.update(), which sends no signal.
                data_changed()


class ApiTextGuardMiddleware:
    """Refuse an API write whose JSON body holds a control, bidi-override or NUL character anywhere
    (`core.text`, the cleaner forms use too), as the API's `{code, message}` 400. It runs before the
    API so the answer is Chinese: a refusal raised inside the API's body parser becomes ninja's
    English "Cannot parse request body"."""

    def __init__(self, get_response: GetResponse):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            request.path.startswith("/api/")
            and request.method in ("POST", "PUT", "PATCH")
            and request.content_type == "application/json"
        ):
            try:
                data = json.loads(request.body or b"null")
            except ValueError:
                data = None  # the API answers malformed JSON itself
            message = refusal_for(data)
            if message is not None:
                return JsonResponse({"code": "invalid", "message": message}, status=400)
        return self.get_response(request)


def stamp_login(sender: object, request: HttpRequest | None, user: object, **kwargs: object) -> None:
    """`user_logged_in` receiver: the idle clock starts at login (the login request itself is served
    anonymously, so the middleware below never stamped a session nobody used after logging in)."""
    if request is not None and hasattr(request, "session"):
        request.session[IdleTimeoutMiddleware.KEY] = int(time.time())


class IdleTimeoutMiddleware:
    """Log a user out after SESSION_IDLE_TIMEOUT seconds without a request (等保 二级: 会话超时)."""

    KEY = "_last_seen"
    # Last-seen is written at most once a minute: writing it on every request made every page an UPDATE of
    # django_session (issue 13). The timeout is then exact to within this many seconds.
    WRITE_EVERY = 60

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
                    return JsonResponse(
                        {"code": "session_expired", "message": "会话已过期，请重新登录"}, status=401
                    )
                return redirect(f"{settings.LOGIN_URL_PATH}?next={request.path}")
            if last is None or now - last >= self.WRITE_EVERY:
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
        from shanglian.core.responses import bad_input

        return bad_input(request, NUL_MESSAGE)
