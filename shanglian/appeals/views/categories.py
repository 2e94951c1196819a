"""分类: the federation admin edits its category tree — add, rename, reorder, retire; delete only one unused."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from shanglian.appeals import services
from shanglian.appeals.forms import CategoryForm
from shanglian.appeals.models import AppealCategory
from shanglian.core import pages
from shanglian.core.access import federation_of
from shanglian.core.decorators import capability_required
from shanglian.core.flash import run_and_flash
from shanglian.core.scope import get_object_for_user

PRETITLE = "助推平台 · 诉求反映"


def _federation(request: HttpRequest) -> Any:
    federation = federation_of(request.user)
    if federation is None:
        raise Http404("没有所属工商联")
    return federation


def _edit_url(c: AppealCategory) -> str:
    return reverse("appeals:category_edit", args=[c.pk])


def _state(c: AppealCategory) -> tuple[str, str]:
    return ("已停用", "secondary") if c.retired else ("启用", "green")


@capability_required("appeals.configure")
def category_list(request: HttpRequest) -> HttpResponse:
    federation = _federation(request)
    qs = (
        AppealCategory.objects.editable_by(request.user)
        .filter(federation=federation)
        .select_related("parent", "default_unit")
        .order_by("order", "pk")
    )
    columns = [
        pages.Column("排序", lambda c: c.order),
        pages.Column("类别", lambda c: c.name, link=_edit_url),
        pages.Column("上级类别", lambda c: c.parent.name if c.parent else "—"),
        pages.Column("默认承办单位", lambda c: c.default_unit.name if c.default_unit else "—"),
        pages.Column(
            "时限（联系/办理/延期）", lambda c: f"{c.contact_days}/{c.finish_days}/{c.max_extension_days}"
        ),
        pages.Column("权益维护", lambda c: "是" if c.rights_protection else "—"),
        pages.Column("状态", _state, badge=True),
    ]
    return pages.list_page(
        request,
        qs=qs,
        columns=columns,
        title="诉求分类",
        pretitle=PRETITLE,
        create_url=reverse("appeals:category_new"),
        per_page=100,
    )


def _form_page(request: HttpRequest, category: AppealCategory | None) -> HttpResponse:
    federation = _federation(request)
    initial: dict[str, Any] = {}
    if category is not None:
        initial = {
            f: getattr(category, f)
            for f in (
                "name",
                "parent",
                "default_unit",
                "contact_days",
                "finish_days",
                "max_extension_days",
                "rights_protection",
                "order",
                "retired",
            )
        }
    form = CategoryForm(
        request.POST or None, actor=request.user, federation=federation, category=category, initial=initial
    )
    return pages.form_page(
        request,
        form,
        save=lambda data: services.save_category(
            actor=request.user, federation=federation, category=category, **data
        ),
        next_url=reverse("appeals:category_list"),
        title="编辑类别" if category else "新增类别",
        success="类别已保存。",
        obj=category,
        pretitle=PRETITLE,
        template="appeals/category_form.html",
        context={"category": category},
    )


@capability_required("appeals.configure")
def category_new(request: HttpRequest) -> HttpResponse:
    return _form_page(request, None)


@capability_required("appeals.configure")
def category_edit(request: HttpRequest, category_id: int) -> HttpResponse:
    category = get_object_for_user(
        AppealCategory, request.user, category_id, capability="appeals.configure", write=True
    )
    return _form_page(request, category)


@require_POST
@capability_required("appeals.configure")
def category_delete(request: HttpRequest, category_id: int) -> HttpResponse:
    category = get_object_for_user(
        AppealCategory, request.user, category_id, capability="appeals.configure", write=True
    )
    done = run_and_flash(
        request, lambda: services.delete_category(actor=request.user, category=category), "类别已删除。"
    )
    if not done:
        return redirect("appeals:category_edit", category_id=category.pk)
    return redirect("appeals:category_list")
