"""捐赠名单导入 pages: a campaign's upload with its template, the job's preview and confirm, the error report.
The jobs run on the kernel's import engine (`guidance.imports` is the declaration)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header

from shanglian.core.decorators import capability_required
from shanglian.core.errors import ServiceError
from shanglian.core.forms import CleanForm
from shanglian.core.scope import get_object_for_user
from shanglian.excel.imports import jobs as import_jobs
from shanglian.excel.models import ImportJob, ImportKind
from shanglian.guidance.imports import link_campaign, template_bytes
from shanglian.guidance.models import Campaign


class UploadForm(CleanForm):
    file = forms.FileField(label="捐赠名单", help_text="支持 .xlsx、.xls、.csv；请使用本页提供的模板。")


@capability_required("guidance.edit")
def donation_import(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = get_object_for_user(
        Campaign, request.user, campaign_id, capability="guidance.edit", write=True
    )
    if request.GET.get("template"):
        response = HttpResponse(
            template_bytes(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = content_disposition_header(True, "捐赠名单导入模板.xlsx") or ""
        return response
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                job = import_jobs.create_job(
                    actor=request.user,
                    organization=campaign.organization,
                    uploaded=form.cleaned_data["file"],
                    kind=ImportKind.DONATION,
                )
                link_campaign(job, campaign)
                import_jobs.start_validation(job)
        except ServiceError as exc:
            form.add_error("file", exc.messages[0])
        else:
            return redirect("guidance:import_job", importjob_id=job.pk)
    jobs = ImportJob.objects.visible_to(request.user).filter(donation_import__campaign=campaign)[:10]
    return render(request, "guidance/import.html", {"campaign": campaign, "form": form, "jobs": jobs})


def _job(request: HttpRequest, importjob_id: int, *, write: bool = False) -> Any:
    return get_object_for_user(
        ImportJob,
        request.user,
        importjob_id,
        capability="guidance.edit",
        write=write,
        queryset=ImportJob.objects.filter(kind=ImportKind.DONATION).select_related(
            "donation_import__campaign"
        ),
    )


@capability_required("guidance.edit")
def import_job(request: HttpRequest, importjob_id: int) -> HttpResponse:
    job = _job(request, importjob_id)
    if request.method == "POST":
        job = _job(request, importjob_id, write=True)
        try:
            import_jobs.confirm_job(actor=request.user, job=job)
        except ServiceError as exc:
            messages.error(request, exc.messages[0])
        return redirect("guidance:import_job", importjob_id=job.pk)
    return render(request, "guidance/import_job.html", {"job": job, "campaign": job.donation_import.campaign})


@capability_required("guidance.edit")
def import_errors(request: HttpRequest, importjob_id: int) -> Any:
    job = _job(request, importjob_id)
    if not job.error_report:
        raise Http404("该导入任务没有错误报告")
    return FileResponse(job.error_report.open("rb"), as_attachment=True, filename=job.error_report_name)
