from typing import Any, NoReturn

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.csrf import requires_csrf_token

from shanglian.core import pickers
from shanglian.core.access import AccessDenied
from shanglian.core.decorators import capability_required
from shanglian.core.home import home_of
from shanglian.core.responses import error_page
from shanglian.core.roles import has_capability
from shanglian.core.text import clean_input
from shanglian.core.todos import sections_for


@capability_required("home.view")
def home(request: HttpRequest) -> HttpResponse:
    role, fitted = home_of(request.user)
    context: dict[str, Any] = {"sections": sections_for(request.user), "home_role": role}
    if fitted is None:
        return render(request, "core/home.html", context)
    context["sections"] = [s for s in context["sections"] if s.name not in fitted.hide_sections]
    context.update(fitted.build(request))
    return render(request, fitted.template, context)


_error = error_page


@requires_csrf_token
def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 400, "请求无效", "提交的内容无法识别，请返回后重试。")


@requires_csrf_token
def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    from shanglian.audit.models import AuditAction
    from shanglian.audit.services import record

    if request.user.is_authenticated:
        record(
            actor=request.user,
            action=AuditAction.DENIED,
            organization=request.user.home_org,
            object_type="url",
            object_repr=request.path[:200],
            message=f"{request.method} {request.path}"[:500],
        )
    if isinstance(exception, AccessDenied):  # a service said which right is missing: show its words
        return _error(request, 403, "无权访问", exception.message)
    return _error(request, 403, "无权访问", "您的角色没有执行此操作的权限。如需开通，请联系工商联管理员。")


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 404, "页面不存在", "您访问的页面或数据不存在，或不在您的数据范围内。")


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without context processors' database work: the error may be the database itself.
    from django.http import HttpResponseServerError
    from django.template import loader

    html = loader.get_template("core/500.html").render({})
    return HttpResponseServerError(html)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _error(
        request, 403, "页面已过期", "表单已失效（可能页面打开太久或在别处退出登录）。请刷新页面后重新提交。"
    )


def forbid() -> NoReturn:
    raise PermissionDenied


@login_required
def pick(request: HttpRequest) -> HttpResponse:
    """The one search endpoint of every picker (core/pickers.py): `?kind=…&q=…`, or `&ids=1,2` for the
    labels of chosen rows. Answers only with rows of the user's scope; an id outside it is a 404."""
    picker = pickers.picker_for(request.GET.get("kind", ""))
    if picker is None:
        return JsonResponse({"results": []})
    if picker.capability and not has_capability(request.user, picker.capability):
        raise AccessDenied()
    try:
        text = clean_input(request.GET.get("q", ""))[:50].strip()
    except ValidationError:
        text = ""  # unsafe characters match nothing
    ids = [int(v) for v in request.GET.get("ids", "").split(",") if v.strip().isdigit()][
        : pickers.MAX_RESULTS
    ]
    rows = pickers.search(picker, request.user, text=text, ids=ids, write=request.GET.get("write") == "1")
    if rows is None:
        raise Http404("所选记录不存在或不在您的权限范围内。")
    return JsonResponse({"results": [{"value": obj.pk, "text": picker.label(obj)} for obj in rows]})
