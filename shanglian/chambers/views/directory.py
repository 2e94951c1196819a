"""Chamber directory views: the list and its Excel export, a chamber's page, registration and charters."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import render
from django.utils import timezone

from shanglian.chambers import selectors, services
from shanglian.chambers.forms import CharterForm, RegistrationForm
from shanglian.chambers.models import (
    ChamberState,
    RatingScheme,
    RatingStatus,
    RegistrationStatus,
    RequestStatus,
)
from shanglian.chambers.views.common import (
    can_write_chamber,
    detail_url,
    get_chamber,
    is_admin_of,
    profile_of,
)
from shanglian.core.access import federation_of
from shanglian.core.decorators import capability_required
from shanglian.core.pages import Column, export_page, form_page
from shanglian.core.roles import has_capability
from shanglian.orgs.models import ChamberKind

# ---------------------------------------------------------------- chamber list / export


def _filtered_chambers(request):
    rows = selectors.chamber_rows(request.user)
    f = {
        "q": request.GET.get("q", "").strip()[:50],
        "kind": request.GET.get("kind", ""),
        "state": request.GET.get("state", ""),
        "registration": request.GET.get("registration", ""),
        "rating": request.GET.get("rating", ""),
    }
    if f["q"]:
        rows = rows.filter(Q(name__icontains=f["q"]) | Q(short_name__icontains=f["q"]))
    if f["kind"] in ChamberKind.values:
        rows = rows.filter(chamber_kind=f["kind"])
    if f["state"] == ChamberState.NORMAL:
        rows = rows.filter(Q(chamber_profile__state=ChamberState.NORMAL) | Q(chamber_profile__isnull=True))
    elif f["state"] in ChamberState.values:
        rows = rows.filter(chamber_profile__state=f["state"])
    if f["registration"] == RegistrationStatus.PREPARING:
        rows = rows.filter(
            Q(chamber_profile__registration_status=RegistrationStatus.PREPARING)
            | Q(chamber_profile__isnull=True)
        )
    elif f["registration"] in RegistrationStatus.values:
        rows = rows.filter(chamber_profile__registration_status=f["registration"])
    if f["rating"] in RatingScheme.values:
        rows = rows.filter(ratings__scheme=f["rating"], ratings__status=RatingStatus.GRANTED).distinct()
    return rows, f


@capability_required("chambers.view")
def chamber_list(request):
    if request.GET.get("export") == "xlsx":
        if not has_capability(request.user, "chambers.export"):
            raise PermissionDenied
        return chamber_export(request)
    rows, f = _filtered_chambers(request)
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    _decorate_page(page)
    return render(
        request,
        "chambers/chamber_list.html",
        {
            "page": page,
            "f": f,
            "kinds": ChamberKind.choices,
            "states": ChamberState.choices,
            "registrations": RegistrationStatus.choices,
            "schemes": RatingScheme.choices,
        },
    )


def _decorate_page(items):
    today = timezone.localdate()
    states = dict(ChamberState.choices)
    regs = dict(RegistrationStatus.choices)
    for c in items:
        profile = profile_of(c)
        c.profile = profile
        c.state = profile.state if profile else ChamberState.NORMAL
        c.state_label = states[c.state]
        c.registration = profile.registration_status if profile else RegistrationStatus.PREPARING
        c.registration_label = regs[c.registration]
        c.badges = selectors.current_ratings(c, today)


def chamber_export(request):
    """商会名录 as Excel, same filters as the list; audited as an export."""
    rows, f = _filtered_chambers(request)
    rows = list(rows)
    _decorate_page(rows)

    def profile(field):
        return lambda c: getattr(c.profile, field) if c.profile else ""

    columns = [
        Column("商会名称", lambda c: c.name, width=28),
        Column("类型", lambda c: c.get_chamber_kind_display(), width=10),
        Column("所属街道", lambda c: c.street or "", width=10),
        Column("状态", lambda c: c.state_label, width=12),
        Column("民政登记状态", lambda c: c.registration_label, width=12),
        Column("登记证号", profile("registration_number"), width=18),
        Column("登记日期", lambda c: c.profile.registered_on if c.profile else None, width=12),
        Column("统一社会信用代码", profile("credit_code"), width=22),
        Column("业务主管单位", profile("supervisor"), width=20),
        Column("住所", profile("address"), width=30),
        Column("现有评级", lambda c: "、".join(b.label for b in c.badges), width=30),
    ]
    return export_page(
        request,
        title="商会名录",
        columns=columns,
        objects=rows,
        capability="chambers.export",
        object_type="chambers.chamber",
        organization=federation_of(request.user) or request.user.home_org,
        changes={"filters": {k: v for k, v in f.items() if v}},
        autofilter=True,
    )


# ---------------------------------------------------------------- chamber detail & record


@capability_required("chambers.view")
def chamber_detail(request, chamber_id):
    chamber = get_chamber(request, chamber_id)
    profile = profile_of(chamber)
    today = timezone.localdate()
    requests = list(chamber.transition_requests.select_related("requested_by", "decided_by")[:10])
    # The pending request is the newest pending one: among the ten newest when there is any, else it is
    # looked up (only a chamber with ten or more requests gets here).
    pending = next((r for r in requests if r.status == RequestStatus.PENDING), None)
    if pending is None and len(requests) == 10:
        pending = chamber.transition_requests.filter(status=RequestStatus.PENDING).first()
    cases = list(chamber.rectification_cases.order_by("-opened_on", "-pk"))
    for case in cases:
        case.overdue = case.is_overdue(today)
    ctx = {
        "chamber": chamber,
        "profile": profile,
        "state": profile.state if profile else ChamberState.NORMAL,
        "state_label": dict(ChamberState.choices)[profile.state if profile else ChamberState.NORMAL],
        "charters": chamber.charter_versions.select_related("uploaded_by").prefetch_related("attachments"),
        "transitions": chamber.chamber_transitions.select_related("actor", "request__requested_by").order_by(
            "-effective_on", "-pk"
        ),
        "requests": requests,
        "pending": pending,
        "cases": cases,
        "ratings": chamber.ratings.order_by("-applied_on", "-pk"),
        "can_write": can_write_chamber(request.user, chamber)
        and has_capability(request.user, "chambers.edit"),
        "can_request": can_write_chamber(request.user, chamber)
        and has_capability(request.user, "chambers.request_transition"),
        "is_admin": is_admin_of(request.user, chamber) and has_capability(request.user, "chambers.approve"),
        "can_rate": can_write_chamber(request.user, chamber)
        and has_capability(request.user, "ratings.apply"),
        "today": today,
    }
    ctx["show_request"] = (
        ctx["can_request"]
        and ctx["state"] != ChamberState.DISSOLVED
        and (ctx["pending"] is None or ctx["is_admin"])
    )
    return render(request, "chambers/chamber_detail.html", ctx)


@capability_required("chambers.edit")
def registration_edit(request, chamber_id):
    chamber = get_chamber(request, chamber_id, capability="chambers.edit", write=True)
    profile = profile_of(chamber)
    initial = {}
    if profile:
        initial = {
            k: getattr(profile, k)
            for k in (
                "registration_status",
                "registration_number",
                "registered_on",
                "deregistered_on",
                "credit_code",
                "supervisor",
                "address",
            )
        }
    form = RegistrationForm(
        request.POST or None, initial=initial, may_deregister=is_admin_of(request.user, chamber)
    )
    return form_page(
        request,
        form,
        save=lambda data: services.update_registration(actor=request.user, chamber=chamber, **data),
        success="登记信息已保存。",
        next_url=detail_url(chamber),
        title=f"登记信息：{chamber.name}",
        back=detail_url(chamber),
    )


@capability_required("chambers.edit")
def charter_upload(request, chamber_id):
    chamber = get_chamber(request, chamber_id, capability="chambers.edit", write=True)
    form = CharterForm(request.POST or None, request.FILES or None)
    return form_page(
        request,
        form,
        save=lambda data: services.upload_charter(actor=request.user, chamber=chamber, **data),
        success="章程已上传。",
        next_url=detail_url(chamber),
        title=f"上传章程：{chamber.name}",
        back=detail_url(chamber),
    )
