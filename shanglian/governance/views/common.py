"""Shared helpers of the governance views (also used by party): form, delete and list pages, filters."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from shanglian.core.access import can_write
from shanglian.core.flash import run_and_flash
from shanglian.core.scope import get_object_for_user
from shanglian.governance.forms import visible_chambers
from shanglian.governance.tables import html_rows


def form_page(request, *, form, save, title, back_url, pretitle="法人治理", obj=None):
    """GET shows the form; a valid POST calls save(cleaned_data) -> object and redirects to back_url."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form.cleaned_data)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, "已保存。")
            return redirect(back_url(saved) if callable(back_url) else back_url)
    cancel = back_url(obj) if callable(back_url) else back_url
    return render(
        request,
        "governance/form.html",
        {
            "form": form,
            "title": title,
            "pretitle": pretitle,
            "cancel_url": cancel if isinstance(cancel, str) else "",
        },
    )


def delete_page(request, *, obj, delete, back_url, pretitle="法人治理"):
    if request.method == "POST":
        run_and_flash(request, delete, f"已删除：{obj}")
        return redirect(back_url)
    return render(
        request, "governance/confirm_delete.html", {"obj": obj, "back_url": back_url, "pretitle": pretitle}
    )


def editable(request, model, pk):
    """The object the user may edit (`governance.edit`): outside scope 404, read-only 403."""
    return get_object_for_user(model, request.user, pk, capability="governance.edit", write=True)


def chamber_filter(request, qs, lookup="chamber"):
    """Apply ?chamber=<id> (only the user's visible chambers are offered or honoured)."""
    chambers = visible_chambers(request.user)
    raw = request.GET.get("chamber", "")
    selected = None
    if raw.isdigit():
        selected = chambers.filter(pk=int(raw)).first()
        if selected:
            qs = qs.filter(**{lookup: selected})
    return qs, {"chambers": chambers, "chamber_selected": selected.pk if selected else ""}


def list_page(request, *, qs, columns, title, export_url, create_url="", extra=None, pretitle="法人治理"):
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    ctx = {
        "title": title,
        "pretitle": pretitle,
        "headers": [c.header for c in columns],
        "rows": html_rows(columns, page),
        "page": page,
        "export_url": export_url,
        "create_url": create_url,
    }
    ctx.update(extra or {})
    return render(request, "governance/table.html", ctx)


def services_may_edit(user, chamber):
    """Whether the user keeps the chamber's records (what governance.services.check_chamber requires)."""
    return can_write(user, chamber)
