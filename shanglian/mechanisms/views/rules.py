"""制度文件 pages: the library (by category, with versions and files), create, revise, repeal."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from shanglian.core.access import federation_of
from shanglian.core.decorators import capability_required
from shanglian.core.pages import Column, export_page, wants_export
from shanglian.core.roles import has_capability
from shanglian.core.scope import get_object_for_user
from shanglian.mechanisms import services
from shanglian.mechanisms.forms import RepealForm, RuleCreateForm, RuleForm, RuleVersionForm
from shanglian.mechanisms.models import RuleCategory, RuleDocument, RuleVersion
from shanglian.mechanisms.views.common import form_page, list_page

LIST = "mechanisms:rule_list"


def _current(rule: RuleDocument) -> RuleVersion | None:
    versions = list(rule.versions.all())
    return versions[0] if versions else None


def _file_url(rule: RuleDocument) -> str:
    version = _current(rule)
    file = version.file if version is not None else None
    return reverse("attachments:download", args=[file.pk]) if file is not None else ""


def rule_columns(may_edit: bool) -> list[Column]:
    columns = [
        Column("类别", lambda r: r.get_category_display()),
        Column("文号", lambda r: r.number),
        Column("名称", lambda r: r.title, link=_file_url),
        Column("施行日期", lambda r: r.effective_on),
        Column("现行版本", lambda r: f"第{v.version}版" if (v := _current(r)) else "—"),
        Column(
            "状态",
            lambda r: ("已废止", "secondary") if r.repealed_on else ("现行有效", "green"),
            badge=True,
        ),
        Column("废止日期", lambda r: r.repealed_on),
    ]
    if may_edit:
        columns.append(
            Column("操作", lambda r: "修订", link=lambda r: reverse("mechanisms:rule_edit", args=[r.pk]))
        )
    return columns


def _rules(request: HttpRequest) -> tuple[QuerySet[RuleDocument], dict[str, object]]:
    qs = (
        RuleDocument.objects.visible_to(request.user)
        .prefetch_related(
            Prefetch("versions", RuleVersion.objects.visible_to(request.user).prefetch_related("attachments"))
        )
        .order_by("category", "-effective_on", "-pk")
    )
    category = request.GET.get("category", "")
    if category in RuleCategory.values:
        qs = qs.filter(category=category)
    return qs, {"categories": RuleCategory.choices, "category_selected": category}


@capability_required("mechanisms.rules_view")
def rule_list(request: HttpRequest) -> HttpResponse:
    qs, extra = _rules(request)
    may_edit = has_capability(request.user, "mechanisms.rules_edit")
    if wants_export(request):
        return export_page(
            request,
            title="制度文件",
            columns=rule_columns(False),
            objects=qs,
            capability="mechanisms.rules_view",
            model=RuleDocument,
        )
    # Both counts in one query (without the prefetches, which an aggregate does not need).
    counts = (
        qs.filter(repealed_on__isnull=True)
        .prefetch_related(None)
        .aggregate(
            guiding=Count("pk", filter=Q(category=RuleCategory.GUIDING)),
            supporting=Count("pk", filter=Q(category=RuleCategory.SUPPORTING)),
        )
    )
    guiding, supporting = counts["guiding"], counts["supporting"]
    extra["summary"] = f"现行指导性文件 {guiding} 个，配套制度性文件 {supporting} 个"
    return list_page(
        request,
        qs=qs,
        columns=rule_columns(may_edit),
        title="制度文件",
        export_url=reverse(LIST),
        export_capability="mechanisms.rules_view",
        create_url=reverse("mechanisms:rule_create") if may_edit else "",
        extra=extra,
    )


@capability_required("mechanisms.rules_edit")
def rule_create(request: HttpRequest) -> HttpResponse:
    form = RuleCreateForm(request.POST or None, request.FILES or None)
    federation = federation_of(request.user)
    return form_page(
        request,
        form,
        save=lambda data: services.create_rule(actor=request.user, federation=federation, **data),
        next_url=reverse(LIST),
        title="新增制度文件",
        success="制度文件已保存。",
    )


def _editable(request: HttpRequest, rule_id: int) -> RuleDocument:
    rule: RuleDocument = get_object_for_user(
        RuleDocument, request.user, rule_id, capability="mechanisms.rules_edit", write=True
    )
    return rule


@capability_required("mechanisms.rules_edit")
def rule_edit(request: HttpRequest, ruledocument_id: int) -> HttpResponse:
    rule = _editable(request, ruledocument_id)
    initial = {f: getattr(rule, f) for f in ("category", "number", "title", "effective_on", "summary")}
    form = RuleForm(request.POST or None, initial=initial)
    versions = rule.versions.prefetch_related("attachments").order_by("-version")
    return form_page(
        request,
        form,
        save=lambda data: services.update_rule(actor=request.user, rule=rule, **data),
        next_url=reverse(LIST),
        title=f"修订：{rule}",
        obj=rule,
        template="mechanisms/rule_form.html",
        context={"rule": rule, "versions": versions},
    )


@capability_required("mechanisms.rules_edit")
def rule_version_add(request: HttpRequest, ruledocument_id: int) -> HttpResponse:
    rule = _editable(request, ruledocument_id)
    form = RuleVersionForm(request.POST or None, request.FILES or None)
    return form_page(
        request,
        form,
        save=lambda data: services.add_rule_version(actor=request.user, rule=rule, **data),
        next_url=reverse("mechanisms:rule_edit", args=[rule.pk]),
        title=f"上传新版本：{rule}",
        success=lambda v: f"已保存{v}。",
    )


@capability_required("mechanisms.rules_edit")
def rule_repeal(request: HttpRequest, ruledocument_id: int) -> HttpResponse:
    rule = _editable(request, ruledocument_id)
    form = RepealForm(request.POST or None)
    return form_page(
        request,
        form,
        save=lambda data: services.repeal_rule(actor=request.user, rule=rule, **data),
        next_url=reverse(LIST),
        title=f"废止：{rule}",
        success="已废止。",
    )
