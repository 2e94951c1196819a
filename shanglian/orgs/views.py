from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from shanglian.core.access import is_admin_of
from shanglian.core.decorators import capability_required
from shanglian.core.roles import has_capability
from shanglian.core.scope import get_object_for_user
from shanglian.orgs import selectors, services
from shanglian.orgs.forms import OrganizationForm
from shanglian.orgs.models import Organization


@capability_required("org.view")
def org_list(request):
    orgs = list(selectors.org_tree_for(request.user))
    base_depth = min((o.depth for o in orgs), default=1)
    for o in orgs:
        o.indent = (o.depth - base_depth) * 1.5
    return render(
        request,
        "orgs/org_list.html",
        {"orgs": orgs, "can_manage": has_capability(request.user, "org.manage")},
    )


@capability_required("org.view")
def org_detail(request, organization_id):
    org = get_object_for_user(Organization, request.user, organization_id)
    children = Organization.objects.visible_to(request.user).filter(
        path__startswith=org.path, depth=org.depth + 1
    )
    can_manage = has_capability(request.user, "org.manage") and is_admin_of(request.user, org)
    return render(
        request, "orgs/org_detail.html", {"org": org, "children": children, "can_manage": can_manage}
    )


@capability_required("org.manage")
def org_create(request, organization_id):
    parent = get_object_for_user(
        Organization, request.user, organization_id, capability="org.manage", write=True
    )
    form = OrganizationForm(request.POST or None, initial={"kind": "chamber"})
    if request.method == "POST" and form.is_valid():
        try:
            org = services.create_organization(
                actor=request.user,
                parent=parent,
                **{k: form.cleaned_data[k] for k in ("name", "kind", "chamber_kind", "street", "short_name")},
            )
        except ValidationError as exc:
            for m in exc.messages:
                form.add_error(None, m)
        else:
            messages.success(request, f"已创建：{org.name}")
            return redirect("orgs:org_detail", organization_id=org.pk)
    return render(request, "orgs/org_form.html", {"form": form, "title": f"在“{parent.name}”下新建组织"})


@capability_required("org.manage")
def org_edit(request, organization_id):
    org = get_object_for_user(
        Organization, request.user, organization_id, capability="org.manage", write=True
    )
    form = OrganizationForm(
        request.POST or None,
        initial={
            "name": org.name,
            "short_name": org.short_name,
            "kind": org.kind,
            "chamber_kind": org.chamber_kind,
            "street": org.street,
            "is_active": org.is_active,
        },
    )
    form.fields["kind"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            services.update_organization(
                actor=request.user,
                org=org,
                **{
                    k: form.cleaned_data[k]
                    for k in ("name", "short_name", "street", "chamber_kind", "is_active")
                },
            )
        except ValidationError as exc:
            for m in exc.messages:
                form.add_error(None, m)
        else:
            messages.success(request, "已保存。")
            return redirect("orgs:org_detail", organization_id=org.pk)
    return render(request, "orgs/org_form.html", {"form": form, "title": f"编辑：{org.name}"})
