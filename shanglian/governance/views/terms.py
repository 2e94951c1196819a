"""Governance organ and term views: terms, elections (换届) and organ members."""

from datetime import date, timedelta
from urllib.parse import urlencode

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from shanglian.core.decorators import capability_required
from shanglian.core.flash import run_and_flash
from shanglian.core.pages import Column, wants_export
from shanglian.core.roles import has_capability
from shanglian.core.scope import get_object_for_user
from shanglian.governance import selectors, services
from shanglian.governance.forms import OrganMemberForm, TermForm
from shanglian.governance.models import TERM_REMINDER_DAYS, Organ, OrganMember, Term
from shanglian.governance.views.common import (
    chamber_filter,
    columns_export,
    delete_page,
    editable,
    form_page,
    list_page,
    services_may_edit,
)


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
    has_successor = (
        Term.objects.visible_to(request.user)
        .filter(chamber_id=term.chamber_id, organ=term.organ, start_on__gt=term.start_on)
        .exists()
    )
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
    if request.GET.get("previous", "").isdecimal():
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
        next_url=lambda t: (
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
        next_url=lambda t: reverse("governance:term_detail", args=[t.pk]),
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
