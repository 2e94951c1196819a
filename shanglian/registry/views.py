from django.core.paginator import Paginator
from django.shortcuts import render

from shanglian.core.decorators import capability_required
from shanglian.core.scope import get_object_for_user
from shanglian.registry.models import Enterprise


@capability_required("enterprise.view")
def enterprise_list(request):
    enterprises = Enterprise.objects.visible_to(request.user).order_by("name")
    q = request.GET.get("q", "").strip()[:100]
    if q:
        enterprises = enterprises.filter(name__icontains=q)
    page = Paginator(enterprises, 30).get_page(request.GET.get("page"))
    return render(request, "registry/enterprise_list.html", {"page": page, "q": q})


@capability_required("enterprise.view")
def enterprise_detail(request, enterprise_id):
    enterprise = get_object_for_user(Enterprise, request.user, enterprise_id)
    memberships = enterprise.memberships.select_related("chamber").order_by("-joined_on")
    return render(
        request, "registry/enterprise_detail.html", {"enterprise": enterprise, "memberships": memberships}
    )
