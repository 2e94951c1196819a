"""Shared helpers of the chambers views: rights on a chamber, the form page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse

from shanglian.core.access import can_write, federation_of, is_admin_of
from shanglian.core.scope import get_object_for_user
from shanglian.orgs.models import Organization, OrgKind


def add_errors(form, exc: ValidationError):
    for m in exc.messages:
        form.add_error(None, m)


def form_page(request, form, *, save, success, next_url, context, template="chambers/form.html"):
    """A valid POST runs `save(cleaned_data)`; a ServiceError/ValidationError becomes a form error,
    otherwise `success` is flashed and the user goes to `next_url` (or `next_url(saved)`).
    Anything else renders `template` with the form and `context`."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, success(saved) if callable(success) else success)
            return redirect(next_url(saved) if callable(next_url) else next_url)
    return render(request, template, {"form": form, **context})


def _chambers():
    return Organization.objects.filter(kind=OrgKind.CHAMBER)


# Rights are core.access's (`can_write` on a chamber: its federation's admins or its own secretary).
can_write_chamber = can_write


def get_chamber(request, chamber_id, *, capability="chambers.view", write=False, admin=False):
    """Outside scope -> 404; missing right (or read-only there) -> 403."""
    chamber = get_object_for_user(
        Organization, request.user, chamber_id, capability=capability, queryset=_chambers()
    )
    if admin and not is_admin_of(request.user, chamber):
        raise PermissionDenied
    if write and not can_write_chamber(request.user, chamber):
        raise PermissionDenied
    return chamber


def federation_or_403(request):
    federation = federation_of(request.user)
    if federation is None:
        raise PermissionDenied
    return federation


def admin_federation_or_403(request):
    """The user's federation, if they administer it (founding chambers, policy, indicators)."""
    federation = federation_or_403(request)
    if not is_admin_of(request.user, federation):
        raise PermissionDenied
    return federation


def profile_of(chamber):
    try:
        return chamber.chamber_profile
    except Organization.chamber_profile.RelatedObjectDoesNotExist:
        return None


def detail_url(chamber):
    return reverse("chambers:chamber_detail", kwargs={"chamber_id": chamber.pk})
