from __future__ import annotations

import os
import tempfile
from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from shanglian.core.decorators import capability_required
from shanglian.core.flash import run_and_flash
from shanglian.core.roles import has_capability
from shanglian.excel.reading import check_upload
from shanglian.workdays import importing, selectors, services
from shanglian.workdays.forms import DayForm, ImportForm
from shanglian.workdays.models import DayKind, WorkingDay

MIN_YEAR, MAX_YEAR = 2000, 2100
ERRORS_SHOWN = 200


def _year(value: str | None) -> int:
    try:
        year = int(value or "")
    except ValueError:
        return timezone.localdate().year
    return year if MIN_YEAR <= year <= MAX_YEAR else timezone.localdate().year


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value or "")
    except ValueError:
        return None


def _list_url(year: int) -> str:
    return f"{reverse('workdays:day_list')}?year={year}"


@capability_required("workdays.view")
def day_list(request: HttpRequest) -> HttpResponse:
    year = _year(request.GET.get("year"))
    days = list(selectors.days_of_year(year))
    this_year = timezone.localdate().year
    years = sorted(set(selectors.years_in_table()) | {this_year - 1, this_year, this_year + 1, year})
    return render(
        request,
        "workdays/day_list.html",
        {
            "year": year,
            "days": days,
            "years": years,
            "figures": selectors.year_figures(year, days),
            "has_schedule": any(d.kind == DayKind.HOLIDAY for d in days),
            "can_manage": has_capability(request.user, "workdays.manage"),
        },
    )


@capability_required("workdays.manage")
def day_form(request: HttpRequest) -> HttpResponse:
    original = _date(request.POST.get("original") if request.method == "POST" else request.GET.get("date"))
    existing = WorkingDay.objects.filter(date=original).first() if original else None
    initial: dict[str, object] = {"kind": DayKind.HOLIDAY}
    if existing is not None:
        initial = {"date": existing.date, "kind": existing.kind, "name": existing.name}
    elif original is not None:
        initial["date"] = original
    form = DayForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            obj = services.save_day(
                actor=request.user,
                day=data["date"],
                kind=data["kind"],
                name=data["name"],
                original=existing.date if existing is not None else None,
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, f"已保存：{obj}")
            return redirect(_list_url(obj.date.year))
    title = f"修改 {existing.date:%Y-%m-%d}" if existing is not None else "添加节假日或调休上班日"
    back = _list_url(existing.date.year if existing else (original or timezone.localdate()).year)
    return render(
        request,
        "workdays/day_form.html",
        {"form": form, "title": title, "existing": existing, "back": back},
    )


@capability_required("workdays.manage")
@require_POST
def day_delete(request: HttpRequest) -> HttpResponse:
    day = _date(request.POST.get("date"))
    if day is None:
        messages.error(request, "日期格式不正确，未删除任何内容。")
        return redirect("workdays:day_list")
    run_and_flash(
        request,
        lambda: services.delete_day(actor=request.user, day=day),
        f"已删除 {day:%Y-%m-%d}，这一天恢复按周一至周五计算。",
    )
    return redirect(_list_url(day.year))


@capability_required("workdays.manage")
def import_schedule(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    errors: list[importing.RowError] = []
    problem = ""
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            check_upload(upload)
            summary = _import_upload(request, upload, errors)
        except ValidationError as exc:
            problem = "；".join(exc.messages)
        else:
            if summary is not None:
                messages.success(request, summary.text)
                return redirect(_list_url(summary.years[0]))
    return render(
        request,
        "workdays/import.html",
        {
            "form": form,
            "errors": errors[:ERRORS_SHOWN],
            "error_count": len(errors),
            "problem": problem,
            "columns": importing.COLUMNS,
        },
    )


def _import_upload(
    request: HttpRequest, upload: object, errors: list[importing.RowError]
) -> services.ImportSummary | None:
    name = str(getattr(upload, "name", ""))
    suffix = os.path.splitext(name)[1].lower()
    with tempfile.NamedTemporaryFile(suffix=suffix) as tmp:
        for chunk in upload.chunks():  # type: ignore[attr-defined]
            tmp.write(chunk)
        tmp.flush()
        days, found = importing.read_file(tmp.name, name)
    if found:
        errors.extend(found)
        return None
    return services.import_schedule(actor=request.user, days=days, filename=name)


@capability_required("workdays.manage")
def import_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        importing.template_bytes(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = content_disposition_header(True, "节假日安排导入模板.xlsx") or ""
    return response
