"""企业家 pages: list and export, detail, create/edit, and the person's roles in enterprises."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from shanglian.core.access import can_write, federation_of
from shanglian.core.decorators import capability_required
from shanglian.core.roles import has_capability
from shanglian.core.scope import get_object_for_user
from shanglian.registry import exports, selectors, services
from shanglian.registry.forms import OverrideForm, PersonFilterForm, PersonForm, PersonRoleForm
from shanglian.registry.models import Person, PersonRole, TalentPool, TalentPoolOverride
from shanglian.registry.views.common import EXPORT_LIMIT, PER_PAGE, clean_filters, error_text


def _person_rows(request, data):
    qs = Person.objects.visible_to(request.user).select_related("enterprise")
    qs = selectors.filter_people(qs, data)
    return qs.order_by("name", "id")


def may_see_id_number(user) -> bool:
    return has_capability(user, "person.view_id_number")


@capability_required("person.view")
def person_list(request):
    form = PersonFilterForm(request.GET or None)
    page = selectors.page_of(_person_rows(request, clean_filters(form)), request.GET, PER_PAGE)
    return render(
        request,
        "registry/person_list.html",
        {
            "page": page,
            "form": form,
            "show_id": may_see_id_number(request.user),
            "today": datetime.date.today(),
        },
    )


def person_export_rows(people, *, show_id: bool, on):
    for p in people:
        yield [
            p.name,
            p.get_gender_display(),
            p.birth_date,
            p.age_on(on),
            p.get_political_status_display(),
            p.get_education_display(),
            p.enterprise.name if p.enterprise else "",
            p.phone if show_id else _mask_phone(p.phone),
            p.id_number if show_id else _mask_id(p.id_number),
            p.is_npc_deputy,
            p.is_cppcc_member,
        ]


PERSON_HEADERS = [
    "姓名",
    "性别",
    "出生日期",
    "年龄",
    "政治面貌",
    "学历",
    "所在企业",
    "手机",
    "身份证号",
    "人大代表",
    "政协委员",
]


def _mask_phone(v):
    from shanglian.core.masking import mask_phone

    return mask_phone(v)


def _mask_id(v):
    from shanglian.core.masking import mask_id_number

    return mask_id_number(v)


@require_POST
@capability_required("registry.export")
def person_export(request):
    form = PersonFilterForm(request.POST)
    qs = _person_rows(request, clean_filters(form))[:EXPORT_LIMIT]
    show = may_see_id_number(request.user)
    content, count = exports.workbook_bytes(
        "企业家名单", PERSON_HEADERS, person_export_rows(qs, show_id=show, on=datetime.date.today())
    )
    services.record_export(
        actor=request.user,
        what="企业家名单",
        count=count,
        organization=federation_of(request.user),
        filters={k: str(v) for k, v in request.POST.items() if k != "csrfmiddlewaretoken" and v},
    )
    return exports.xlsx_response(content, f"企业家名单-{timezone.localdate():%Y%m%d}.xlsx")


@capability_required("person.view")
def person_detail(request, person_id):
    person = get_object_for_user(
        Person,
        request.user,
        person_id,
        queryset=Person.objects.select_related("enterprise"),
        with_write_flag=True,
    )
    can_edit = has_capability(request.user, "person.edit") and can_write(request.user, person)
    rule = selectors.rule_for(person.federation_id)
    pools = selectors.pools_of(person, rule=rule)
    may_manage_pools = has_capability(request.user, "talent.manage") and can_edit
    ctx = {
        "person": person,
        "roles": person.roles.select_related("enterprise").order_by("enterprise__name"),
        "can_edit": can_edit,
        "show_id": may_see_id_number(request.user),
        "unmask_phone": can_edit,
        "age": person.age_on(selectors.reference_date(rule)),
        "pools": [(p, TalentPool(p).label) for p in pools],
        "overrides": TalentPoolOverride.objects.visible_to(request.user).filter(person=person),
        "may_manage_pools": may_manage_pools,
        "role_form": PersonRoleForm(actor=request.user) if can_edit else None,
        "override_form": OverrideForm() if may_manage_pools else None,
    }
    return render(request, "registry/person_detail.html", ctx)


@capability_required("person.edit")
def person_create(request):
    form = PersonForm(
        request.POST or None,
        actor=request.user,
        initial={"enterprise": request.GET.get("enterprise", "")[:12]},
    )
    if request.method == "POST" and form.is_valid():
        try:
            person = services.create_person(
                actor=request.user, data=form.cleaned_data, federation=federation_of(request.user)
            )
        except ValidationError as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(request, f"企业家“{person.name}”已登记。")
            return redirect("registry:person_detail", person_id=person.pk)
    return render(
        request, "registry/form.html", {"form": form, "title": "登记企业家", "back": "registry:person_list"}
    )


@capability_required("person.edit")
def person_edit(request, person_id):
    person = get_object_for_user(Person, request.user, person_id, write=True)
    form = PersonForm(request.POST or None, actor=request.user, instance=person)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_person(actor=request.user, person=person, data=form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(request, "企业家信息已保存。")
            return redirect("registry:person_detail", person_id=person.pk)
    from django.urls import reverse

    return render(
        request,
        "registry/form.html",
        {
            "form": form,
            "title": f"编辑 {person.name}",
            "cancel_url": reverse("registry:person_detail", args=[person.pk]),
        },
    )


@require_POST
@capability_required("person.edit")
def person_role_add(request, person_id):
    person = get_object_for_user(Person, request.user, person_id, write=True)
    form = PersonRoleForm(request.POST, actor=request.user)
    if form.is_valid():
        try:
            services.add_person_role(actor=request.user, person=person, **form.cleaned_data)
            messages.success(request, "职务已添加。")
        except ValidationError as exc:
            messages.error(request, error_text(exc))
    else:
        messages.error(request, "请选择企业和职务。")
    return redirect("registry:person_detail", person_id=person.pk)


@require_POST
@capability_required("person.edit")
def person_role_delete(request, person_id, personrole_id):
    person = get_object_for_user(Person, request.user, person_id, write=True)
    role = PersonRole.objects.editable_by(request.user).filter(pk=personrole_id, person=person).first()
    if role is None:
        raise Http404
    services.remove_person_role(actor=request.user, role=role)
    messages.success(request, "职务已删除。")
    return redirect("registry:person_detail", person_id=person.pk)
