from datetime import date, timedelta
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from shanglian.core.decorators import capability_required
from shanglian.core.flash import run_and_flash
from shanglian.core.roles import has_capability
from shanglian.core.scope import get_object_for_user
from shanglian.governance import selectors, services
from shanglian.governance.forms import (
    MeetingForm,
    OrganMemberForm,
    RotationForm,
    StaffForm,
    TermForm,
    visible_chambers,
)
from shanglian.governance.models import (
    LEADERSHIP_ORGANS,
    TERM_REMINDER_DAYS,
    AgendaItem,
    Meeting,
    Organ,
    OrganMember,
    PresidentRotation,
    StaffAppointment,
    Term,
)
from shanglian.governance.tables import Column, columns_export, html_rows, wants_export
from shanglian.orgs.models import Organization

# ---------------------------------------------------------------- shared helpers


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


# ---------------------------------------------------------------- overview


@capability_required("governance.view")
def overview(request):
    today = date.today()
    terms = Term.objects.visible_to(request.user)
    staff = StaffAppointment.objects.visible_to(request.user)
    chambers = list(visible_chambers(request.user))
    ids = [c.pk for c in chambers]
    current = {}
    for t in terms.filter(start_on__lte=today, end_on__gte=today):
        current[(t.chamber_id, t.organ)] = t
    leaders = selectors.chamber_leaders(ids, today)
    last_meeting = selectors.last_meeting_dates(ids)
    for c in chambers:
        c.current_terms = [current.get((c.pk, organ)) for organ in Organ.values]
        c.leader_count = len(leaders.get(c.pk, ()))
        c.last_meeting = last_meeting.get(c.pk)
    ctx = {
        "chambers": chambers,
        "organs": Organ.choices,
        "term_alerts": selectors.term_alerts(terms, today),
        "contract_alerts": [
            (a, selectors.contract_status(a, today)) for a in selectors.contract_alerts(staff, today)
        ],
        "rotations": selectors.rotation_status(PresidentRotation.objects.visible_to(request.user), today),
    }
    return render(request, "governance/overview.html", ctx)


@capability_required("governance.view")
def chamber_detail(request, organization_id):
    chamber = get_object_for_user(Organization, request.user, organization_id)
    if not chamber.is_chamber:
        raise Http404
    today = date.today()
    terms = list(
        selectors.with_successor_flag(Term.objects.visible_to(request.user).filter(chamber=chamber))
        .prefetch_related("members__person__enterprise")
        .order_by("organ", "-start_on")
    )
    for t in terms:
        t.status = selectors.term_status(t, today, t.has_successor)
    staff = StaffAppointment.objects.visible_to(request.user).filter(chamber=chamber)
    ctx = {
        "chamber": chamber,
        "terms": terms,
        "meetings": Meeting.objects.visible_to(request.user)
        .filter(chamber=chamber)
        .prefetch_related("items")[:10],
        "rotation": selectors.rotation_status(
            PresidentRotation.objects.visible_to(request.user).filter(chamber=chamber), today
        ),
        "rotations": PresidentRotation.objects.visible_to(request.user)
        .filter(chamber=chamber)
        .select_related("person"),
        "staff": [(s, selectors.contract_status(s, today)) for s in staff],
        "leader_ids": selectors.chamber_leader_ids([chamber.pk], today),
        "leadership_organs": [o.label for o in LEADERSHIP_ORGANS],
        "can_edit": has_capability(request.user, "governance.edit")
        and services_may_edit(request.user, chamber),
    }
    return render(request, "governance/chamber_detail.html", ctx)


def services_may_edit(user, chamber):
    from shanglian.governance.forms import editable_chambers

    return editable_chambers(user).filter(pk=chamber.pk).exists()


# ---------------------------------------------------------------- terms


def term_columns(today):
    return [
        Column(
            "商会", lambda t: t.chamber.name, link=lambda t: reverse("governance:term_detail", args=[t.pk])
        ),
        Column("机构", lambda t: t.get_organ_display()),
        Column("届次", lambda t: t.number),
        Column("任期开始", lambda t: t.start_on),
        Column("任期届满", lambda t: t.end_on),
        Column("成员数", lambda t: t.member_count),
        Column("状态", lambda t: selectors.term_status(t, today, t.has_successor), badge=True),
    ]


def _terms(request):
    from django.db.models import Count

    qs = selectors.with_successor_flag(
        Term.objects.visible_to(request.user)
        .select_related("chamber")
        .annotate(member_count=Count("members"))
    ).order_by("chamber__path", "organ", "-start_on")
    qs, extra = chamber_filter(request, qs)
    organ = request.GET.get("organ", "")
    if organ in Organ.values:
        qs = qs.filter(organ=organ)
    today = date.today()
    status = request.GET.get("status", "")
    if status == "due":
        qs = qs.filter(
            has_successor=False, end_on__gte=today, end_on__lte=today + timedelta(days=TERM_REMINDER_DAYS)
        )
    elif status == "expired":
        qs = qs.filter(has_successor=False, end_on__lt=today)
    elif status == "current":
        qs = qs.filter(start_on__lte=today, end_on__gte=today)
    extra.update(
        {
            "organs": Organ.choices,
            "organ_selected": organ,
            "statuses": [("current", "在任"), ("due", "即将换届（90天内）"), ("expired", "届满未换届")],
            "status_selected": status,
        }
    )
    return qs, extra


@capability_required("governance.view")
def term_list(request):
    qs, extra = _terms(request)
    columns = term_columns(date.today())
    if wants_export(request):
        return columns_export(request, title="届次", columns=columns, objects=qs, model=Term)
    create = reverse("governance:term_create") if has_capability(request.user, "governance.edit") else ""
    return list_page(
        request,
        qs=qs,
        columns=columns,
        title="届次与换届",
        export_url=reverse("governance:term_list"),
        create_url=create,
        extra=extra,
    )


@capability_required("governance.view")
def term_detail(request, term_id):
    term = get_object_for_user(Term, request.user, term_id)
    can_edit = has_capability(request.user, "governance.edit") and services_may_edit(
        request.user, term.chamber
    )
    has_successor = Term.unscoped_objects.filter(
        chamber_id=term.chamber_id, organ=term.organ, start_on__gt=term.start_on
    ).exists()
    next_start = term.end_on + timedelta(days=1)
    ctx = {
        "term": term,
        "has_successor": has_successor,
        "election_query": urlencode(
            {
                "chamber": term.chamber_id,
                "organ": term.organ,
                "number": term.number + 1,
                "start_on": next_start.isoformat(),
                "end_on": (_add_years(next_start, 5) - timedelta(days=1)).isoformat(),
                "previous": term.pk,
            }
        ),
        "members": term.members.select_related("person__enterprise").order_by("role", "pk"),
        "member_form": OrganMemberForm(actor=request.user) if can_edit else None,
        "can_edit": can_edit,
        "status": selectors.term_status(term, date.today(), has_successor),
    }
    return render(request, "governance/term_detail.html", ctx)


def _add_years(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@capability_required("governance.edit")
def term_create(request):
    # ?chamber=&organ=&number=&start_on=&end_on=&previous= prefill the form (the 换届 link on a term's page).
    initial = {
        k: request.GET[k][:20]
        for k in ("chamber", "organ", "number", "start_on", "end_on")
        if k in request.GET
    }
    previous = None
    if request.GET.get("previous", "").isdigit():
        previous = get_object_for_user(
            Term, request.user, request.GET["previous"], capability="governance.edit", write=True
        )
    form = TermForm(request.POST or None, actor=request.user, initial=initial, previous=previous)

    @transaction.atomic
    def save(data):
        copy = data.pop("copy_members", False)
        term = services.save_term(actor=request.user, **data)
        if copy and previous is not None:
            copied, skipped = services.copy_members(actor=request.user, source=previous, target=term)
            messages.info(request, f"已沿用上一届成员 {copied} 人。")
            if skipped:
                messages.warning(request, "以下人员不在本商会数据范围内，未沿用：" + "、".join(skipped))
        return term

    return form_page(
        request,
        form=form,
        save=save,
        title="换届：登记新一届" if previous else "新建届次",
        back_url=lambda t: (
            reverse("governance:term_detail", args=[t.pk]) if t else reverse("governance:term_list")
        ),
    )


@capability_required("governance.edit")
def term_edit(request, term_id):
    term = editable(request, Term, term_id)
    initial = {f: getattr(term, f) for f in ("chamber", "organ", "number", "start_on", "end_on", "note")}
    form = TermForm(request.POST or None, actor=request.user, initial=initial)
    return form_page(
        request,
        form=form,
        save=lambda d: services.save_term(actor=request.user, term=term, **d),
        title=f"编辑：{term}",
        back_url=lambda t: reverse("governance:term_detail", args=[t.pk]),
        obj=term,
    )


@capability_required("governance.edit")
def term_delete(request, term_id):
    term = editable(request, Term, term_id)
    return delete_page(
        request,
        obj=term,
        delete=lambda: services.delete_term(actor=request.user, term=term),
        back_url=reverse("governance:term_list"),
    )


@require_POST
@capability_required("governance.edit")
def member_add(request, term_id):
    term = editable(request, Term, term_id)
    form = OrganMemberForm(request.POST, actor=request.user)
    if form.is_valid():
        run_and_flash(
            request,
            lambda: services.add_organ_member(actor=request.user, term=term, **form.cleaned_data),
            "成员已添加。",
        )
    else:
        messages.error(request, "添加失败：请选择人员和职务。")
    return redirect("governance:term_detail", term_id=term.pk)


@require_POST
@capability_required("governance.edit")
def member_remove(request, organmember_id):
    member = editable(request, OrganMember, organmember_id)
    term_id = member.term_id
    run_and_flash(
        request, lambda: services.remove_organ_member(actor=request.user, member=member), "成员已移除。"
    )
    return redirect("governance:term_detail", term_id=term_id)


# ---------------------------------------------------------------- meetings


def meeting_columns():
    return [
        Column("召开日期", lambda m: m.held_on),
        Column("商会", lambda m: m.chamber.name),
        Column("机构", lambda m: m.get_organ_display()),
        Column(
            "会议名称", lambda m: m.title, link=lambda m: reverse("governance:meeting_detail", args=[m.pk])
        ),
        Column("出席人数", lambda m: m.attendee_count),
        Column("议题数", lambda m: len(m.items.all())),
        Column(
            "党建议题",
            lambda m: ("有", "red") if any(i.party_building for i in m.items.all()) else ("无", "secondary"),
            badge=True,
        ),
        Column("纪要", lambda m: "已上传" if m.minutes else "未上传"),
    ]


@capability_required("governance.view")
def meeting_list(request):
    from django.db.models import Count

    qs = (
        Meeting.objects.visible_to(request.user)
        .select_related("chamber")
        .prefetch_related("items")
        .annotate(attendee_count=Count("attendees"))
        .order_by("-held_on", "-pk")
    )
    qs, extra = chamber_filter(request, qs)
    organ = request.GET.get("organ", "")
    if organ in Organ.values:
        qs = qs.filter(organ=organ)
    extra.update({"organs": Organ.choices, "organ_selected": organ})
    if wants_export(request):
        return columns_export(request, title="会议", columns=meeting_columns(), objects=qs, model=Meeting)
    total = qs.count()
    party = qs.filter(
        Exists(AgendaItem.unscoped_objects.filter(meeting_id=OuterRef("pk"), party_building=True))
    ).count()
    extra["summary"] = (
        f"共 {total} 次会议，其中研究党建议题 {party} 次（{party * 100 // total if total else 0}%）"
    )
    create = reverse("governance:meeting_create") if has_capability(request.user, "governance.edit") else ""
    return list_page(
        request,
        qs=qs,
        columns=meeting_columns(),
        title="会议记录",
        export_url=reverse("governance:meeting_list"),
        create_url=create,
        extra=extra,
    )


@capability_required("governance.view")
def meeting_detail(request, meeting_id):
    meeting = get_object_for_user(Meeting, request.user, meeting_id)
    can_edit = has_capability(request.user, "governance.edit") and services_may_edit(
        request.user, meeting.chamber
    )
    ctx = {
        "meeting": meeting,
        "items": meeting.items.all(),
        "attendees": meeting.attendees.select_related("enterprise").order_by("name"),
        "can_edit": can_edit,
    }
    return render(request, "governance/meeting_detail.html", ctx)


@capability_required("governance.view")
def meeting_minutes(request, meeting_id):
    meeting = get_object_for_user(Meeting, request.user, meeting_id)
    if not meeting.minutes:
        raise Http404
    try:
        handle = meeting.minutes.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=meeting.minutes.name.rsplit("/", 1)[-1])


def _meeting_save(request, meeting=None):
    def save(d):
        return services.save_meeting(actor=request.user, meeting=meeting, **d)

    return save


@capability_required("governance.edit")
def meeting_create(request):
    initial = {"held_on": date.today()}
    if request.GET.get("chamber", "").isdigit():
        initial["chamber"] = int(request.GET["chamber"])
    form = MeetingForm(request.POST or None, request.FILES or None, actor=request.user, initial=initial)
    return form_page(
        request,
        form=form,
        save=_meeting_save(request),
        title="登记会议",
        back_url=lambda m: (
            reverse("governance:meeting_detail", args=[m.pk]) if m else reverse("governance:meeting_list")
        ),
    )


@capability_required("governance.edit")
def meeting_edit(request, meeting_id):
    meeting = editable(request, Meeting, meeting_id)
    items = list(meeting.items.all())
    initial = {
        "chamber": meeting.chamber_id,
        "organ": meeting.organ,
        "title": meeting.title,
        "held_on": meeting.held_on,
        "attendees": list(meeting.attendees.values_list("pk", flat=True)),
        "agenda": "\n".join(i.title for i in items if not i.party_building),
        "party_agenda": "\n".join(i.title for i in items if i.party_building),
        "resolutions": meeting.resolutions,
    }
    form = MeetingForm(request.POST or None, request.FILES or None, actor=request.user, initial=initial)
    return form_page(
        request,
        form=form,
        save=_meeting_save(request, meeting),
        title=f"编辑：{meeting.title}",
        back_url=lambda m: reverse("governance:meeting_detail", args=[m.pk]),
        obj=meeting,
    )


@capability_required("governance.edit")
def meeting_delete(request, meeting_id):
    meeting = editable(request, Meeting, meeting_id)
    return delete_page(
        request,
        obj=meeting,
        delete=lambda: services.delete_meeting(actor=request.user, meeting=meeting),
        back_url=reverse("governance:meeting_list"),
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
            link=lambda r: reverse("governance:rotation_edit", args=[r.pk]),
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
        back_url=reverse("governance:rotation_list"),
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
        back_url=reverse("governance:rotation_list"),
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
        Column("姓名", lambda s: s.name, link=lambda s: reverse("governance:staff_edit", args=[s.pk])),
        Column("岗位", lambda s: s.get_post_display()),
        Column("聘任方式", lambda s: s.get_hiring_mode_display()),
        Column("聘任方", lambda s: s.hired_by),
        Column("合同开始", lambda s: s.contract_start),
        Column("合同到期", lambda s: s.contract_end),
        Column("状态", lambda s: selectors.contract_status(s, today), badge=True),
    ]


@capability_required("governance.view")
def staff_list(request):
    today = date.today()
    qs = (
        StaffAppointment.objects.visible_to(request.user)
        .select_related("chamber")
        .order_by("chamber__path", "contract_end")
    )
    qs, extra = chamber_filter(request, qs)
    if wants_export(request):
        return columns_export(
            request, title="秘书处聘任", columns=staff_columns(today), objects=qs, model=StaffAppointment
        )
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
    form = StaffForm(request.POST or None, actor=request.user)
    return form_page(
        request,
        form=form,
        save=lambda d: services.save_staff(actor=request.user, **d),
        title="新增聘任",
        back_url=reverse("governance:staff_list"),
    )


@capability_required("governance.edit")
def staff_edit(request, staffappointment_id):
    appointment = editable(request, StaffAppointment, staffappointment_id)
    form = StaffForm(
        request.POST or None, actor=request.user, initial={f: getattr(appointment, f) for f in STAFF_FIELDS}
    )
    return form_page(
        request,
        form=form,
        save=lambda d: services.save_staff(actor=request.user, appointment=appointment, **d),
        title=f"编辑聘任：{appointment}",
        back_url=reverse("governance:staff_list"),
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
