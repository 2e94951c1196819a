"""Shared helpers of the governance views (also used by party): the core pages kit with this section's
defaults, the delete page, filters."""

from functools import partial

from django.shortcuts import redirect, render

from shanglian.core import pages
from shanglian.core.access import can_write
from shanglian.core.flash import run_and_flash
from shanglian.core.scope import get_object_for_user
from shanglian.governance.forms import visible_chambers

form_page = partial(pages.form_page, pretitle="法人治理")
list_page = partial(
    pages.list_page,
    template="governance/table.html",
    export_capability="governance.export",
    pretitle="法人治理",
)
columns_export = partial(pages.export_page, capability="governance.export")


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
    chambers = list(visible_chambers(request.user))  # read once: offered and checked from the same rows
    raw = request.GET.get("chamber", "")
    selected = next((c for c in chambers if raw.isdecimal() and c.pk == int(raw)), None)
    if selected:
        qs = qs.filter(**{lookup: selected})
    # One chamber in scope (a secretary's own): a 全部商会 choice would narrow nothing.
    offered = chambers if len(chambers) > 1 else []
    return qs, {"chambers": offered, "chamber_selected": selected.pk if selected else ""}


def services_may_edit(user, chamber):
    """Whether the user keeps the chamber's records (what governance.services.check_chamber requires)."""
    return can_write(user, chamber)
