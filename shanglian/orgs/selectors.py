from django.db.models import Count

from shanglian.orgs.models import Organization, OrgKind


def org_tree_for(user):
    """Organisations the user may see, in tree order, with their user counts."""
    return Organization.objects.visible_to(user).annotate(user_count=Count("users")).order_by("path")


def chambers_for(user):
    return Organization.objects.visible_to(user).filter(kind=OrgKind.CHAMBER).order_by("path")
