"""Pages of 工作报告: the list, the generate form, one report (progress, download, print view), the wording
editor with its history (federation admins)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from shanglian.attachments.models import Attachment
from shanglian.core.access import federation_of, has_capability
from shanglian.core.decorators import capability_required
from shanglian.core.flash import run_and_flash
from shanglian.core.pages import add_errors, form_page
from shanglian.core.scope import get_object_for_user
from shanglian.orgs.models import Organization
from shanglian.reports import services, wording
from shanglian.reports.forms import GenerateForm, TemplateForm
from shanglian.reports.models import FILE_USE, ReportTemplate, WorkReport

PRETITLE = "数据驾驶舱"
PAGE = 30


def _positive_int(raw: str | None) -> int | None:
    return int(raw) if raw and raw.isdecimal() and len(raw) < 12 else None


@capability_required("report.view")
def report_list(request: HttpRequest) -> HttpResponse:
    """Newest first, keyset-paged on the id (`?before=<id>`)."""
    files = Attachment.objects.filter(
        content_type=ContentType.objects.get_for_model(WorkReport), object_id=OuterRef("pk"), use=FILE_USE
    )
    qs: QuerySet[WorkReport] = (
        WorkReport.objects.visible_to(request.user)
        .select_related("organization", "generated_by")
        .annotate(file_id=Subquery(files.values("pk")[:1]))  # one query for the page, not one per row
        .order_by("-pk")
    )
    before = _positive_int(request.GET.get("before"))
    if before is not None:
        qs = qs.filter(pk__lt=before)
    reports = list(qs[: PAGE + 1])
    more = len(reports) > PAGE
    reports = reports[:PAGE]
    ctx = {
        "reports": reports,
        "next_before": reports[-1].pk if more else None,
        "paged": before is not None,
        "may_generate": has_capability(request.user, "report.generate"),
        "may_edit_template": has_capability(request.user, "report.template"),
        "pretitle": PRETITLE,
    }
    return render(request, "reports/list.html", ctx)


@capability_required("report.generate")
def report_new(request: HttpRequest) -> HttpResponse:
    form = GenerateForm(request.POST or None, actor=request.user, initial={"year": 2020})

    def save(data: dict[str, Any]) -> WorkReport:
        return services.request_report(
            actor=request.user,
            organization=data["organization"],
            period=data["period"],
            chamber_kind=data.get("chamber_kind") or "",
        )

    return form_page(
        request,
        form,
        save=save,
        next_url=lambda r: reverse("reports:detail", args=[r.pk]) if r else reverse("reports:list"),
        title="生成工作报告",
        success="已提交生成，完成后可在此下载。",
        back=reverse("reports:list"),
        pretitle=PRETITLE,
        template="reports/generate.html",
    )


def _report(request: HttpRequest, workreport_id: int) -> WorkReport:
    report: WorkReport = get_object_for_user(
        WorkReport,
        request.user,
        workreport_id,
        capability="report.view",
        queryset=WorkReport.objects.select_related("organization", "generated_by").prefetch_related(
            "attachments"
        ),
    )
    return report


@capability_required("report.view")
def report_detail(request: HttpRequest, workreport_id: int) -> HttpResponse:
    report = _report(request, workreport_id)
    return render(request, "reports/detail.html", {"report": report, "pretitle": PRETITLE})


@capability_required("report.view")
def report_print(request: HttpRequest, workreport_id: int) -> HttpResponse:
    """The same report as a printable page (A4, the document's fonts with Noto CJK fallbacks)."""
    report = _report(request, workreport_id)
    return render(request, "reports/print.html", {"report": report, "content": report.content})


def _federation(request: HttpRequest) -> Organization:
    federation: Organization | None = federation_of(request.user)
    if federation is None:
        raise Http404("没有所属工商联")
    return federation


@capability_required("report.template")
def template_edit(request: HttpRequest) -> HttpResponse:
    federation = _federation(request)
    current = services.current_template(federation)
    body = current.body if current else wording.DEFAULT_BODY
    form = TemplateForm(request.POST or None, initial={"body": body})
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_template(
                actor=request.user,
                federation=federation,
                body=form.cleaned_data["body"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, f"已保存为第 {saved.version} 版。")
            return redirect("reports:template_edit")
    history = (
        ReportTemplate.objects.visible_to(request.user)
        .filter(federation=federation)
        .select_related("created_by")[:50]
    )
    ctx = {
        "form": form,
        "current": current,
        "history": history,
        "federation": federation,
        "pretitle": PRETITLE,
        "keys": sorted(wording.known_keys()),
    }
    return render(request, "reports/template_edit.html", ctx)


@capability_required("report.template")
def template_detail(request: HttpRequest, reporttemplate_id: int) -> HttpResponse:
    template: ReportTemplate = get_object_for_user(
        ReportTemplate, request.user, reporttemplate_id, capability="report.template"
    )
    return render(request, "reports/template_detail.html", {"template": template, "pretitle": PRETITLE})


@require_POST
@capability_required("report.template")
def template_restore(request: HttpRequest, reporttemplate_id: int) -> HttpResponse:
    template: ReportTemplate = get_object_for_user(
        ReportTemplate, request.user, reporttemplate_id, capability="report.template", write=True
    )
    run_and_flash(
        request,
        lambda: services.save_template(
            actor=request.user,
            federation=template.federation,
            body=template.body,
            note=f"恢复第 {template.version} 版",
        ),
        f"已将第 {template.version} 版恢复为当前版本。",
    )
    return redirect("reports:template_edit")


@require_POST
@capability_required("report.template")
def template_reset(request: HttpRequest) -> HttpResponse:
    federation = _federation(request)
    run_and_flash(
        request,
        lambda: services.save_template(
            actor=request.user, federation=federation, body=wording.DEFAULT_BODY, note="恢复系统默认模板"
        ),
        "已恢复系统默认模板（保存为新版本）。",
    )
    return redirect("reports:template_edit")
