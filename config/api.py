"""The JSON API (/api/v1/, docs at /api/docs): same data scope and rights as the pages."""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import APIKeyCookie, HttpBearer

from shanglian.accounts.services import authenticate_token
from shanglian.core.access import AccessDenied
from shanglian.core.api_utils import CleaningParser


class SessionAuth(APIKeyCookie):
    """The browser's login session, with CSRF on unsafe methods."""

    param_name = "sessionid"

    def authenticate(self, request, key):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_active:
            return user
        return None


class TokenAuth(HttpBearer):
    """`Authorization: Bearer sl_…` for the WeChat mini-program."""

    def authenticate(self, request, token):
        user = authenticate_token(token)
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(
    title="商联 API",
    version="1",
    description="区工商联（总商会）商会工作平台接口。错误统一返回 {code, message}。",
    auth=[SessionAuth(), TokenAuth()],
    urls_namespace="api",
    docs_url="/docs",
    parser=CleaningParser(),
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


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return _error(request, 401, "unauthenticated", "请先登录或提供有效的令牌")


@api.exception_handler(ValidationError)
def _invalid(request, exc):
    return _error(request, 400, "invalid", "；".join(exc.messages))


@api.exception_handler(NinjaValidationError)
def _invalid_input(request, exc):
    return _error(request, 422, "invalid_input", "输入不合法", errors=exc.errors)


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
api.add_router("/notifications", "shanglian.notifications.api.router")
api.add_router("/metrics", "shanglian.metrics.api.router")
