"""名册导入 pages (会员企业名册 and 企业家名册): template, upload → preview → confirm, progress (htmx polling),
error report. The job pages go through the import engine, which dispatches on `ImportJob.kind` to the
declaration of that kind (`registry.imports`)."""

from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from shanglian.core.decorators import capability_required
from shanglian.core.errors import ServiceError
from shanglian.core.forms import CleanForm
from shanglian.core.scope import get_object_for_user
from shanglian.excel.imports import jobs as import_jobs
from shanglian.excel.imports.declaration import importer_for
from shanglian.excel.models import ImportJob, ImportKind
from shanglian.orgs.models import Organization
from shanglian.registry.imports import import_targets

CAPABILITY = "enterprise.import"


class UploadForm(CleanForm):
    kind = forms.ChoiceField(
        label="名册类型",
        choices=ImportKind.choices,
        initial=ImportKind.ROSTER,
        required=False,  # absent: the enterprise roster, as before this choice existed
    )
    target = forms.ModelChoiceField(label="导入到", queryset=Organization.objects.none(), empty_label=None)
    file = forms.FileField(
        label="名册文件", help_text="支持 .xlsx、.xls、.csv；请使用本页提供的模板，表头不可修改。"
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = import_targets(actor)
        self.fields["file"].widget.attrs["accept"] = ".xlsx,.xls,.csv"


def _target_from(request):
    wanted = request.GET.get("target", "")
    if not wanted.isdecimal():
        return None
    found = import_targets(request.user).filter(pk=int(wanted)).first()
    if found is None:
        raise Http404("组织不存在或不在您的数据范围内")
    return found


@capability_required(CAPABILITY)
def index(request):
    kind = request.GET.get("kind") if request.GET.get("kind") in ImportKind.values else ImportKind.ROSTER
    form = UploadForm(request.POST or None, request.FILES or None, actor=request.user, initial={"kind": kind})
    if request.method == "POST" and form.is_valid():
        try:
            job = import_jobs.create_job(
                actor=request.user,
                organization=form.cleaned_data["target"],
                uploaded=form.cleaned_data["file"],
                kind=form.cleaned_data["kind"] or ImportKind.ROSTER,
            )
        except ServiceError as exc:
            form.add_error("file", exc.messages[0])
        else:
            import_jobs.start_validation(job)
            return redirect("roster_import:job", importjob_id=job.pk)
    jobs = (
        ImportJob.objects.visible_to(request.user)
        .filter(kind__in=[ImportKind.ROSTER, ImportKind.PERSON])
        .select_related("organization", "created_by")[:20]
    )
    return render(
        request,
        "registry/import/index.html",
        {"form": form, "jobs": jobs, "targets": import_targets(request.user)},
    )


@capability_required(CAPABILITY)
def template(request):
    if request.GET.get("kind") == ImportKind.PERSON:  # the same columns wherever it is imported to
        declaration = importer_for(ImportKind.PERSON)
        return _xlsx(declaration.template(None), declaration.template_name(None))
    target = _target_from(request)
    if target is None:  # the template depends on where it is imported to: pick that on the index page
        return redirect("roster_import:index")
    declaration = importer_for(ImportKind.ROSTER)
    return _xlsx(declaration.template(target), declaration.template_name(target))


def _xlsx(data, name):
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


def _job(request, importjob_id, *, write=False):
    return get_object_for_user(
        ImportJob,
        request.user,
        importjob_id,
        capability=CAPABILITY,
        write=write,
        queryset=ImportJob.objects.select_related("organization", "created_by"),
    )


@capability_required(CAPABILITY)
def job_detail(request, importjob_id):
    job = _job(request, importjob_id)
    return render(request, "registry/import/job.html", {"job": job})


@capability_required(CAPABILITY)
def job_progress(request, importjob_id):
    job = _job(request, importjob_id)
    response = render(request, "registry/import/_progress.html", {"job": job})
    if request.htmx and not job.active:
        response["HX-Refresh"] = "true"  # the job finished: reload the page with its preview or result
    return response


@require_POST
@capability_required(CAPABILITY)
def job_confirm(request, importjob_id):
    job = _job(request, importjob_id, write=True)
    try:
        import_jobs.confirm_job(actor=request.user, job=job)
    except ServiceError as exc:
        messages.error(request, exc.messages[0])
    return redirect("roster_import:job", importjob_id=job.pk)


@capability_required(CAPABILITY)
def job_errors(request, importjob_id):
    job = _job(request, importjob_id)
    if not job.error_report:
        raise Http404("该导入任务没有错误报告")
    return FileResponse(job.error_report.open("rb"), as_attachment=True, filename=job.error_report_name)
