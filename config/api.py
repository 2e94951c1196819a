"""The JSON API (/api/v1/, docs at /api/docs): same data scope and rights as the pages."""

import json
import logging

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseForbidden
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import render
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.docs import Swagger
from ninja.security import APIKeyCookie, HttpBearer

from shanglian.accounts.services import authenticate_token
from shanglian.core.access import AccessDenied
from shanglian.core.api_utils import CleaningParser
from shanglian.core.validation import NUL_MESSAGE, contains_nul

_SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}


class CsrfFailed(PermissionDenied):
    """A session request without a valid CSRF token (a token request never needs one)."""


def _is_token_request(request) -> bool:
    return request.headers.get("Authorization", "").lower().startswith("bearer ")


def _no_view(request):  # CsrfViewMiddleware needs a view to look at; ours is never csrf_exempt
    return None


class SessionAuth(APIKeyCookie):
    """The browser's login session, with CSRF on unsafe methods.

    A request carrying `Authorization: Bearer …` is the token's alone: the session is not consulted
    (so its CSRF check cannot refuse a token write, issue 11 defect 2), and a bad token is a 401 even
    if a session cookie rides along. A browser cannot be made to send that header cross-site, which is
    why token requests need no CSRF token."""

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self):
        super().__init__(csrf=False)  # checked in authenticate(), once we know it is a session request

    def __call__(self, request):
        if _is_token_request(request):
            return None
        return super().__call__(request)

    def authenticate(self, request, key):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.is_active:
            return None
        if request.method not in _SAFE_METHODS:
            csrf = CsrfViewMiddleware(lambda r: HttpResponseForbidden())
            request.csrf_processing_done = False
            csrf.process_request(request)
            if csrf.process_view(request, _no_view, (), {}) is not None:
                raise CsrfFailed
        return user


class TokenAuth(HttpBearer):
    """`Authorization: Bearer sl_…` for the WeChat mini-program."""

    def authenticate(self, request, token):
        user = authenticate_token(token)
        if user is not None:
            request.user = user
        return user


class NulRefusingParser(CleaningParser):
    """JSON bodies with a NUL byte anywhere are a 400 before any schema sees them: PostgreSQL cannot
    store NUL in text, and no field of ours has a use for it."""

    def parse_body(self, request):
        data = super().parse_body(request)
        if contains_nul(data):
            raise ValidationError(NUL_MESSAGE)
        return data


class LocalSwagger(Swagger):
    """Swagger UI from our own static files (npm package swagger-ui-dist, see package.json), never a
    CDN an intranet deployment cannot reach (issue 11, defect 10)."""

    template = "core/api_docs.html"

    def render_page(self, request, api, **kwargs):
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        context = {"swagger_settings": json.dumps(self.settings), "api": api}
        return render(request, self.template, context)


api = NinjaAPI(
    title="商联 API",
    version="1",
    description="区工商联（总商会）商会工作平台接口。错误统一返回 {code, message}。",
    auth=[SessionAuth(), TokenAuth()],
    urls_namespace="api",
    docs_url="/docs",
    docs=LocalSwagger(settings={"persistAuthorization": False}),
    # The schema and its docs are for signed-in users only (README, "API"): they list every operation
    # of an intranet system, which an anonymous visitor has no need to map.
    docs_decorator=login_required,
    parser=NulRefusingParser(),
)


def _error(request, status, code, message, **extra):
    return api.create_response(request, {"code": code, "message": message, **extra}, status=status)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return _error(request, 404, "not_found", "对象不存在或不在您的数据范围内")


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    if isinstance(exc, AccessDenied):  # a service said which right is missing
        return _error(request, 403, "forbidden", exc.message)
    return _error(request, 403, "forbidden", "您的角色没有执行此操作的权限")


@api.exception_handler(CsrfFailed)
def _csrf_failed(request, exc):
    return _error(
        request, 403, "csrf_failed", "CSRF 校验失败：请刷新页面后重试（令牌调用请使用 Authorization: Bearer）"
    )


_HTTP_MESSAGES = {
    400: ("invalid", "请求无效"),
    401: ("unauthenticated", "请先登录或提供有效的令牌"),
    403: ("forbidden", "您的角色没有执行此操作的权限"),
    404: ("not_found", "对象不存在或不在您的数据范围内"),
    405: ("method_not_allowed", "不支持该请求方法"),
    429: ("throttled", "请求过于频繁，请稍后再试"),
}


@api.exception_handler(HttpError)
def _http_error(request, exc):
    # ninja's own refusals ({"detail": ...} by default) keep our {code, message} format too.
    if isinstance(exc.__cause__, ValidationError):  # our parser refused the body (a NUL byte)
        return _error(request, 400, "invalid", "；".join(exc.__cause__.messages))
    if exc.status_code == 400 and exc.__cause__ is not None:
        return _error(request, 400, "invalid", "请求体无法解析：应为 JSON")
    code, message = _HTTP_MESSAGES.get(exc.status_code, ("error", "请求无法处理"))
    return _error(request, exc.status_code, code, message)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return _error(request, 401, "unauthenticated", "请先登录或提供有效的令牌")


@api.exception_handler(ValidationError)
def _invalid(request, exc):
    return _error(request, 400, "invalid", "；".join(exc.messages))


@api.exception_handler(NinjaValidationError)
def _invalid_input(request, exc):
    # Name the offending parameters in the message; the details (pydantic's) stay in `errors`.
    names = dict.fromkeys(str(e["loc"][-1]) for e in exc.errors if e.get("loc"))
    message = f"输入不合法：{'、'.join(names)}" if names else "输入不合法"
    return _error(request, 422, "invalid_input", message, errors=exc.errors)


@api.exception_handler(Exception)
def _server_error(request, exc):
    # Never a stack trace to a client; the traceback goes to the log for the operators.
    logging.getLogger("shanglian.api").exception("API error on %s", request.path)
    return _error(request, 500, "server_error", "系统繁忙，请稍后再试")


api.add_router("/accounts", "shanglian.accounts.api.router")
api.add_router("/orgs", "shanglian.orgs.api.router")
api.add_router("/registry", "shanglian.registry.api.router")
api.add_router("/chambers", "shanglian.chambers.api.router")
api.add_router("/governance", "shanglian.governance.api.router")
api.add_router("/party", "shanglian.party.api.router")
api.add_router("/guidance", "shanglian.guidance.api.router")
api.add_router("/events", "shanglian.events.api.router")
api.add_router("/cooperation", "shanglian.cooperation.api.router")
api.add_router("/notifications", "shanglian.notifications.api.router")
api.add_router("/metrics", "shanglian.metrics.api.router")
api.add_router("/surveys", "shanglian.surveys.api.router")
api.add_router("/promotion", "shanglian.promotion.api.router")
api.add_router("/appeals", "shanglian.appeals.api.router")
api.add_router("/mechanisms", "shanglian.mechanisms.api.router")
api.add_router("/files", "shanglian.attachments.api.router")
