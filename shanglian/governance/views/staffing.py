"""Governance staffing views: president rotations (会长轮值) and secretariat appointments."""

from datetime import date

from django.urls import reverse

from shanglian.core.access import with_write_flag
from shanglian.core.decorators import capability_required
from shanglian.core.pages import Column, wants_export
from shanglian.core.roles import has_capability
from shanglian.governance import selectors, services
from shanglian.governance.forms import RotationForm, StaffForm
from shanglian.governance.models import PresidentRotation, StaffAppointment
from shanglian.governance.views.common import (
    chamber_filter,
    columns_export,
    delete_page,
    editable,
    form_page,
    list_page,
)

# ---------------------------------------------------------------- 会长轮值


def rotation_columns(today):
    def state(r):
        if r.start_on <= today <= r.end_on:
            return "当前轮值", "green"
        return ("待轮值", "blue") if r.start_on > today else ("已结束", "secondary")

    return [
        Column("商会", lambda r: r.chamber.name),
        Column(
            "轮值会长",
            lambda r: r.person.name,
            link=lambda r: (
                reverse("governance:rotation_edit", args=[r.pk])
                if getattr(r, "user_may_write", False)
                else ""
            ),
        ),
        Column("所在企业", lambda r: r.person.enterprise.name if r.person.enterprise_id else ""),
        Column("轮值开始", lambda r: r.start_on),
        Column("轮值结束", lambda r: r.end_on),
        Column("状态", state, badge=True),
        Column("备注", lambda r: r.note),
    ]


@capability_required("governance.view")
def rotation_list(request):
    today = date.today()
    qs = (
        PresidentRotation.objects.visible_to(request.user)
        .select_related("chamber", "person__enterprise")
        .order_by("chamber__path", "start_on")
    )
    qs, extra = chamber_filter(request, qs)
    if wants_export(request):
        return columns_export(
            request, title="会长轮值", columns=rotation_columns(today), objects=qs, model=PresidentRotation
        )
    extra["rotation_status"] = selectors.rotation_status(qs, today)
    qs = with_write_flag(qs, request.user, capability="governance.edit")
    create = reverse("governance:rotation_create") if has_capability(request.user, "governance.edit") else ""
    return list_page(
        request,
        qs=qs,
        columns=rotation_columns(today),
        title="会长轮值制",
        export_url=reverse("governance:rotation_list"),
        create_url=create,
        extra=extra,
    )


@capability_required("governance.edit")
def rotation_create(request):
    form = RotationForm(request.POST or None, actor=request.user)
    return form_page(
        request,
        form=form,
        save=lambda d: services.save_rotation(actor=request.user, **d),
        title="新增轮值安排",
        next_url=reverse("governance:rotation_list"),
    )


@capability_required("governance.edit")
def rotation_edit(request, presidentrotation_id):
    rotation = editable(request, PresidentRotation, presidentrotation_id)
    initial = {f: getattr(rotation, f) for f in ("chamber", "person", "start_on", "end_on", "note")}
    form = RotationForm(request.POST or None, actor=request.user, initial=initial)
    return form_page(
        request,
        form=form,
        save=lambda d: services.save_rotation(actor=request.user, rotation=rotation, **d),
        title=f"编辑轮值：{rotation}",
        next_url=reverse("governance:rotation_list"),
        obj=rotation,
    )


@capability_required("governance.edit")
def rotation_delete(request, presidentrotation_id):
    rotation = editable(request, PresidentRotation, presidentrotation_id)
    return delete_page(
        request,
        obj=rotation,
        delete=lambda: services.delete_rotation(actor=request.user, rotation=rotation),
        back_url=reverse("governance:rotation_list"),
    )


# ---------------------------------------------------------------- 秘书处聘任


def staff_columns(today):
    return [
        Column("商会", lambda s: s.chamber.name),
        Column(
            "姓名",
            lambda s: s.name,
            link=lambda s: (
                reverse("governance:staff_edit", args=[s.pk]) if getattr(s, "user_may_write", False) else ""
            ),
        ),
        Column("岗位", lambda s: s.get_post_display()),
        Column("聘任方式", lambda s: s.get_hiring_mode_display()),
        Column("聘任方", lambda s: s.hired_by),
        Column("合同开始", lambda s: s.contract_start),
        Column("合同到期", lambda s: s.contract_end),
        Column("状态", lambda s: selectors.contract_status(s, today), badge=True),
        Column(
            "聘任合同",
            lambda s: "已上传" if s.contract_file else "未上传",
            link=lambda s: (
                reverse("attachments:download", args=[s.contract_file.pk]) if s.contract_file else ""
            ),
        ),
    ]


@capability_required("governance.view")
def staff_list(request):
    today = date.today()
    qs = (
        StaffAppointment.objects.visible_to(request.user)
        .select_related("chamber")
        .prefetch_related("attachments")
        .order_by("chamber__path", "contract_end")
    )
    qs, extra = chamber_filter(request, qs)
    if wants_export(request):
        return columns_export(
            request, title="秘书处聘任", columns=staff_columns(today), objects=qs, model=StaffAppointment
        )
    qs = with_write_flag(qs, request.user, capability="governance.edit")
    create = reverse("governance:staff_create") if has_capability(request.user, "governance.edit") else ""
    return list_page(
        request,
        qs=qs,
        columns=staff_columns(today),
        title="秘书长及秘书处人员聘任",
        export_url=reverse("governance:staff_list"),
        create_url=create,
        extra=extra,
    )


STAFF_FIELDS = (
    "chamber",
    "name",
    "post",
    "hiring_mode",
    "hired_by",
    "contract_start",
    "contract_end",
    "person",
)


@capability_required("governance.edit")
def staff_create(request):
    form = StaffForm(request.POST or None, request.FILES or None, actor=request.user)
    return form_page(
        request,
        form=form,
        save=lambda d: services.save_staff(actor=request.user, **d),
        title="新增聘任",
        next_url=reverse("governance:staff_list"),
    )


@capability_required("governance.edit")
def staff_edit(request, staffappointment_id):
    appointment = editable(request, StaffAppointment, staffappointment_id)
    form = StaffForm(
        request.POST or None,
        request.FILES or None,
        actor=request.user,
        initial={f: getattr(appointment, f) for f in STAFF_FIELDS},
    )
    return form_page(
        request,
        form=form,
        save=lambda d: services.save_staff(actor=request.user, appointment=appointment, **d),
        title=f"编辑聘任：{appointment}",
        next_url=reverse("governance:staff_list"),
        obj=appointment,
    )


@capability_required("governance.edit")
def staff_delete(request, staffappointment_id):
    appointment = editable(request, StaffAppointment, staffappointment_id)
    return delete_page(
        request,
        obj=appointment,
        delete=lambda: services.delete_staff(actor=request.user, appointment=appointment),
        back_url=reverse("governance:staff_list"),
    )
