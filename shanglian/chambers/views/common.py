"""Shared helpers of the chambers views: rights on a chamber (form pages: core.pages)."""

from django.core.exceptions import PermissionDenied
from django.urls import reverse

from shanglian.core.access import can_write, federation_of, is_admin_of
from shanglian.core.scope import get_object_for_user
from shanglian.orgs.models import Organization, OrgKind


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
