import os
from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from shanglian.chambers import selectors, services
from shanglian.chambers.forms import (
    CaseForm,
    CharterForm,
    CloseCaseForm,
    FlagIrregularForm,
    FoundChamberForm,
    IndicatorForm,
    PeriodForm,
    PolicyForm,
    RatingApplyForm,
    RatingDecideForm,
    RegistrationForm,
    RejectForm,
    TransitionForm,
)
from shanglian.chambers.models import (
    CaseStatus,
    Cause,
    ChamberState,
    CharterVersion,
    Rating,
    RatingIndicator,
    RatingScheme,
    RatingStatus,
    RectificationCase,
    RegistrationStatus,
    RequestStatus,
    TransitionRequest,
)
from shanglian.core.decorators import capability_required
from shanglian.core.roles import has_capability
from shanglian.core.scope import get_object_for_user, scope_for
from shanglian.excel.listexport import xlsx_download
from shanglian.orgs.models import ChamberKind, Organization, OrgKind


def _add_errors(form, exc: ValidationError):
    for m in exc.messages:
        form.add_error(None, m)


def _form_page(request, form, *, save, success, next_url, context, template="chambers/form.html"):
    """A valid POST runs `save(cleaned_data)`; a ServiceError/ValidationError becomes a form error,
    otherwise `success` is flashed and the user goes to `next_url` (or `next_url(saved)`).
    Anything else renders `template` with the form and `context`."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, success(saved) if callable(success) else success)
            return redirect(next_url(saved) if callable(next_url) else next_url)
    return render(request, template, {"form": form, **context})


def _chambers():
    return Organization.objects.filter(kind=OrgKind.CHAMBER)


def can_write_chamber(user, chamber) -> bool:
    """Admins of the chamber's federation, or the chamber's own secretary."""
    scope = scope_for(user)
    return (
        scope.superuser
        or any(chamber.path.startswith(p) for p in scope.admin_paths)
        or chamber.pk in scope.chamber_ids
    )


def is_admin_of(user, org) -> bool:
    scope = scope_for(user)
    return scope.superuser or any(org.path.startswith(p) for p in scope.admin_paths)


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


def _federation_or_403(request):
    federation = selectors.federation_for(request.user)
    if federation is None:
        raise PermissionDenied
    return federation


def _admin_federation_or_403(request):
    """The user's federation, if they administer it (founding chambers, policy, indicators)."""
    federation = _federation_or_403(request)
    if not is_admin_of(request.user, federation):
        raise PermissionDenied
    return federation


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


def _profile_of(chamber):
    try:
        return chamber.chamber_profile
    except Organization.chamber_profile.RelatedObjectDoesNotExist:
        return None


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
        profile = _profile_of(c)
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
    columns = [
        ("商会名称", 28),
        ("类型", 10),
        ("所属街道", 10),
        ("状态", 12),
        ("民政登记状态", 12),
        ("登记证号", 18),
        ("登记日期", 12),
        ("统一社会信用代码", 22),
        ("业务主管单位", 20),
        ("住所", 30),
        ("现有评级", 30),
    ]

    def cells(c):
        p = c.profile
        return [
            c.name,
            c.get_chamber_kind_display(),
            c.street or "",
            c.state_label,
            c.registration_label,
            p.registration_number if p else "",
            p.registered_on if p else None,
            p.credit_code if p else "",
            p.supervisor if p else "",
            p.address if p else "",
            "、".join(b.label for b in c.badges),
        ]

    return xlsx_download(
        actor=request.user,
        filename="商会名录",
        headers=[title for title, _ in columns],
        widths=[width for _, width in columns],
        rows=(cells(c) for c in rows),
        what="商会名录",
        organization=selectors.federation_for(request.user) or request.user.home_org,
        object_type="chambers.chamber",
        changes={"filters": {k: v for k, v in f.items() if v}},
        autofilter=True,
    )


# ---------------------------------------------------------------- chamber detail & record


@capability_required("chambers.view")
def chamber_detail(request, chamber_id):
    chamber = get_chamber(request, chamber_id)
    profile = _profile_of(chamber)
    today = timezone.localdate()
    cases = list(chamber.rectification_cases.order_by("-opened_on", "-pk"))
    for case in cases:
        case.overdue = case.is_overdue(today)
    ctx = {
        "chamber": chamber,
        "profile": profile,
        "state": profile.state if profile else ChamberState.NORMAL,
        "state_label": dict(ChamberState.choices)[profile.state if profile else ChamberState.NORMAL],
        "charters": chamber.charter_versions.select_related("uploaded_by"),
        "transitions": chamber.chamber_transitions.select_related("actor", "request__requested_by").order_by(
            "-effective_on", "-pk"
        ),
        "requests": chamber.transition_requests.select_related("requested_by", "decided_by")[:10],
        "pending": chamber.transition_requests.filter(status=RequestStatus.PENDING).first(),
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
    profile = _profile_of(chamber)
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
    form = RegistrationForm(request.POST or None, initial=initial)
    return _form_page(
        request,
        form,
        save=lambda data: services.update_registration(actor=request.user, chamber=chamber, **data),
        success="登记信息已保存。",
        next_url=_detail_url(chamber),
        context={"title": f"登记信息：{chamber.name}", "back": _detail_url(chamber)},
    )


def _detail_url(chamber):
    return reverse("chambers:chamber_detail", kwargs={"chamber_id": chamber.pk})


@capability_required("chambers.edit")
def charter_upload(request, chamber_id):
    chamber = get_chamber(request, chamber_id, capability="chambers.edit", write=True)
    form = CharterForm(request.POST or None, request.FILES or None)
    return _form_page(
        request,
        form,
        save=lambda data: services.upload_charter(actor=request.user, chamber=chamber, **data),
        success="章程已上传。",
        next_url=_detail_url(chamber),
        context={"title": f"上传章程：{chamber.name}", "back": _detail_url(chamber), "multipart": True},
    )


def _file_response(field, fallback_name):
    if not field:
        raise Http404("文件不存在")
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        raise Http404("文件不存在")
    return FileResponse(handle, as_attachment=True, filename=os.path.basename(field.name) or fallback_name)


@capability_required("chambers.view")
def charter_download(request, charterversion_id):
    version = get_object_for_user(CharterVersion, request.user, charterversion_id, capability="chambers.view")
    return _file_response(version.file, "charter")


# ---------------------------------------------------------------- lifecycle


@capability_required("chambers.request_transition")
def transition_request(request, chamber_id):
    """Secretaries (and admins) ask for a state change; admins may also apply it at once."""
    chamber = get_chamber(request, chamber_id, capability="chambers.request_transition", write=True)
    state = services.current_state(chamber)
    admin = is_admin_of(request.user, chamber) and has_capability(request.user, "chambers.approve")
    form = TransitionForm(
        request.POST or None, current_state=state, initial={"effective_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if admin and request.POST.get("apply") == "1":
                services.transition_chamber(
                    actor=request.user,
                    chamber=chamber,
                    to_state=data["to_state"],
                    reason=data["reason"],
                    effective_on=data["effective_on"],
                    cause=data["cause"] or "",
                )
                messages.success(request, "状态已变更。")
            else:
                services.request_transition(
                    actor=request.user,
                    chamber=chamber,
                    to_state=data["to_state"],
                    reason=data["reason"],
                    effective_on=data["effective_on"],
                    cause=data["cause"] or "",
                )
                messages.success(request, "申请已提交，等待工商联审批。")
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            return redirect("chambers:chamber_detail", chamber_id=chamber.pk)
    return render(
        request,
        "chambers/transition_form.html",
        {
            "form": form,
            "chamber": chamber,
            "state_label": dict(ChamberState.choices)[state],
            "admin": admin,
            "back": _detail_url(chamber),
        },
    )


@capability_required("chambers.approve")
def flag_irregular(request, chamber_id):
    chamber = get_chamber(request, chamber_id, capability="chambers.approve", admin=True)
    profile = _profile_of(chamber)
    form = FlagIrregularForm(
        request.POST or None, initial={"defects": profile.irregular_defects if profile else ""}
    )
    return _form_page(
        request,
        form,
        save=lambda data: services.flag_irregular(actor=request.user, chamber=chamber, **data),
        success="已标记为不规范商会。",
        next_url=_detail_url(chamber),
        context={"title": f"标记不规范商会：{chamber.name}", "back": _detail_url(chamber)},
    )


@capability_required("chambers.view")
def request_list(request):
    status = request.GET.get("status", RequestStatus.PENDING)
    reqs = TransitionRequest.objects.visible_to(request.user).select_related(
        "chamber", "requested_by", "decided_by"
    )
    if status in RequestStatus.values:
        reqs = reqs.filter(status=status)
    page = Paginator(reqs.order_by("-requested_at"), 30).get_page(request.GET.get("page"))
    return render(
        request,
        "chambers/request_list.html",
        {
            "page": page,
            "status": status,
            "statuses": RequestStatus.choices,
            "reject_form": RejectForm(),
            "can_decide": has_capability(request.user, "chambers.approve"),
        },
    )


@require_POST
@capability_required("chambers.approve")
def request_decide(request, transitionrequest_id):
    req = get_object_for_user(
        TransitionRequest, request.user, transitionrequest_id, capability="chambers.approve", write=True
    )
    if not is_admin_of(request.user, req.chamber):
        raise PermissionDenied
    note = request.POST.get("note", "").strip()[:500]
    try:
        if request.POST.get("decision") == "approve":
            services.approve_request(actor=request.user, req=req, note=note)
            messages.success(request, f"已批准：{req.chamber} → {req.get_to_state_display()}。")
        elif request.POST.get("decision") == "reject":
            services.reject_request(actor=request.user, req=req, note=note)
            messages.success(request, "已驳回。")
        else:
            messages.error(request, "请选择批准或驳回。")
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    return redirect("chambers:request_list")


# ---------------------------------------------------------------- rectification cases


@capability_required("chambers.view")
def case_detail(request, rectificationcase_id):
    case = get_object_for_user(
        RectificationCase, request.user, rectificationcase_id, capability="chambers.view"
    )
    can_edit = (
        case.status == CaseStatus.OPEN
        and has_capability(request.user, "chambers.edit")
        and can_write_chamber(request.user, case.chamber)
    )
    is_admin = has_capability(request.user, "chambers.approve") and is_admin_of(request.user, case.chamber)
    form = CaseForm(
        request.POST or None,
        initial={
            "defects": case.defects,
            "measures": case.measures,
            "deadline": case.deadline,
            "responsible_person": case.responsible_person,
        },
    )
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.update_case(actor=request.user, case=case, **form.cleaned_data)
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, "整顿个案已保存。")
                return redirect("chambers:case_detail", rectificationcase_id=case.pk)
    return render(
        request,
        "chambers/case_detail.html",
        {
            "case": case,
            "form": form,
            "close_form": CloseCaseForm(initial={"closed_on": timezone.localdate()}),
            "can_edit": can_edit,
            "is_admin": is_admin,
            "overdue": case.is_overdue(timezone.localdate()),
        },
    )


@require_POST
@capability_required("chambers.approve")
def case_close(request, rectificationcase_id):
    case = get_object_for_user(
        RectificationCase, request.user, rectificationcase_id, capability="chambers.approve", write=True
    )
    if not is_admin_of(request.user, case.chamber):
        raise PermissionDenied
    form = CloseCaseForm(request.POST)
    if form.is_valid():
        try:
            services.close_case(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, "整顿个案已验收，商会恢复规范运行。")
    else:
        messages.error(request, "请填写整改结果和验收日期。")
    return redirect("chambers:case_detail", rectificationcase_id=case.pk)


# ---------------------------------------------------------------- campaigns


def _period(request):
    form = PeriodForm(request.GET or None)
    today = timezone.localdate()
    start, end = date(today.year, 1, 1), date(today.year, 12, 31)
    if form.is_valid():
        start = form.cleaned_data.get("start") or start
        end = form.cleaned_data.get("end") or end
    if end < start:
        messages.error(request, "截止日期不能早于起始日期，已按本年度统计。")
        start, end = date(today.year, 1, 1), date(today.year, 12, 31)
    return start, end


def _campaign_ctx(request, key):
    federation = _federation_or_403(request)
    start, end = _period(request)
    return {
        "federation": federation,
        "start": start,
        "end": end,
        "figures": selectors.figures(federation, start, end),
        "campaign": key,
        "years": [2020, timezone.localdate().year - 1, timezone.localdate().year],
    }


def _steps_in(request, federation, start, end, kinds):
    from shanglian.chambers.models import ChamberTransition

    return (
        ChamberTransition.objects.visible_to(request.user)
        .filter(
            chamber__path__startswith=federation.path,
            effective_on__gte=start,
            effective_on__lte=end,
            kind__in=kinds,
        )
        .select_related("chamber", "actor")
        .order_by("-effective_on")
    )


@capability_required("chambers.campaign")
def campaign_upgrade(request):
    """规范提升一批：四好商会认定与民政评估等级。"""
    ctx = _campaign_ctx(request, "upgrade")
    ratings = (
        Rating.objects.visible_to(request.user)
        .filter(chamber__path__startswith=ctx["federation"].path)
        .filter(Q(status=RatingStatus.APPLIED) | Q(granted_on__gte=ctx["start"], granted_on__lte=ctx["end"]))
        .select_related("chamber")
        .order_by("status", "-granted_on", "-applied_on")
    )
    ctx["ratings"] = ratings
    return render(request, "chambers/campaign_upgrade.html", ctx)


@capability_required("chambers.campaign")
def campaign_cleanup(request):
    """清理整顿一批：僵尸商会（按无活动月数计算）、不规范商会、整顿个案。"""
    from shanglian.chambers.models import ChamberProfile, TransitionKind

    ctx = _campaign_ctx(request, "cleanup")
    federation = ctx["federation"]
    today = timezone.localdate()
    policy = services.policy_for(federation)
    ctx["policy"] = policy
    ctx["dormant"] = selectors.dormant_for_user(request.user, today)
    ctx["irregular"] = (
        ChamberProfile.objects.visible_to(request.user)
        .filter(chamber__path__startswith=federation.path)
        .exclude(irregular_defects="")
        .select_related("chamber")
    )
    cases = list(
        RectificationCase.objects.visible_to(request.user)
        .filter(chamber__path__startswith=federation.path)
        .filter(Q(status=CaseStatus.OPEN) | Q(opened_on__gte=ctx["start"], opened_on__lte=ctx["end"]))
        .select_related("chamber")
        .order_by("status", "deadline")
    )
    for case in cases:
        case.overdue = case.is_overdue(today)
        case.days_left = (case.deadline - today).days
        case.days_over = -case.days_left
    ctx["cases"] = cases
    ctx["steps"] = _steps_in(
        request,
        federation,
        ctx["start"],
        ctx["end"],
        [TransitionKind.RECTIFY, TransitionKind.DISSOLVE, TransitionKind.RESTORE],
    )
    ctx["cause_labels"] = dict(Cause.choices)
    ctx["is_admin"] = has_capability(request.user, "chambers.approve")
    return render(request, "chambers/campaign_cleanup.html", ctx)


@capability_required("chambers.campaign")
def campaign_founding(request):
    """新建一批：筹建中的商会与期间内新建 / 正式成立的商会。"""
    from shanglian.chambers.models import ChamberProfile, TransitionKind

    ctx = _campaign_ctx(request, "founding")
    federation = ctx["federation"]
    ctx["founding_now"] = (
        ChamberProfile.objects.visible_to(request.user)
        .filter(chamber__path__startswith=federation.path, state=ChamberState.FOUNDING)
        .select_related("chamber")
    )
    ctx["steps"] = _steps_in(
        request, federation, ctx["start"], ctx["end"], [TransitionKind.FOUND, TransitionKind.ESTABLISH]
    )
    ctx["is_admin"] = has_capability(request.user, "chambers.approve")
    return render(request, "chambers/campaign_founding.html", ctx)


@capability_required("chambers.approve")
def chamber_found(request):
    federation = _admin_federation_or_403(request)
    form = FoundChamberForm(request.POST or None, initial={"effective_on": timezone.localdate()})
    return _form_page(
        request,
        form,
        save=lambda data: services.found_chamber(actor=request.user, federation=federation, **data),
        success=lambda chamber: f"已新建（筹建）：{chamber.name}",
        next_url=_detail_url,
        context={"title": "新建商会（筹建）", "back": reverse("chambers:campaign_founding")},
    )


@capability_required("chambers.configure")
def policy_edit(request):
    federation = _admin_federation_or_403(request)
    policy = services.policy_for(federation)
    form = PolicyForm(
        request.POST or None,
        initial={
            "dormant_months": policy.dormant_months,
            "deadline_warning_days": policy.deadline_warning_days,
        },
    )
    return _form_page(
        request,
        form,
        save=lambda data: services.update_policy(actor=request.user, federation=federation, **data),
        success="设置已保存。",
        next_url=reverse("chambers:campaign_cleanup"),
        context={"title": "清理整顿设置", "back": reverse("chambers:campaign_cleanup")},
    )


# ---------------------------------------------------------------- ratings


@capability_required("ratings.view")
def rating_list(request):
    ratings = Rating.objects.visible_to(request.user).select_related("chamber")
    scheme = request.GET.get("scheme", "")
    status = request.GET.get("status", "")
    if scheme in RatingScheme.values:
        ratings = ratings.filter(scheme=scheme)
    if status in RatingStatus.values:
        ratings = ratings.filter(status=status)
    page = Paginator(ratings.order_by("-applied_on", "-pk"), 30).get_page(request.GET.get("page"))
    return render(
        request,
        "chambers/rating_list.html",
        {
            "page": page,
            "scheme": scheme,
            "status": status,
            "schemes": RatingScheme.choices,
            "statuses": RatingStatus.choices,
            "today": timezone.localdate(),
        },
    )


@capability_required("ratings.apply")
def rating_apply(request, chamber_id):
    chamber = get_chamber(request, chamber_id, capability="ratings.apply", write=True)
    form = RatingApplyForm(request.POST or None, initial={"applied_on": timezone.localdate()})
    return _form_page(
        request,
        form,
        save=lambda data: services.apply_rating(actor=request.user, chamber=chamber, **data),
        success="评级申报已提交。",
        next_url=lambda rating: reverse("chambers:rating_detail", kwargs={"rating_id": rating.pk}),
        context={"title": f"评级申报：{chamber.name}", "back": _detail_url(chamber)},
    )


@capability_required("ratings.view")
def rating_detail(request, rating_id):
    rating = get_object_for_user(Rating, request.user, rating_id, capability="ratings.view")
    federation = rating.chamber.federation()
    scores = {s.indicator_id: s.score for s in rating.scores.all()}
    indicators = list(services.indicators_for(federation, rating.scheme))
    for ind in indicators:
        ind.current = scores.get(ind.pk)
    is_admin = has_capability(request.user, "ratings.decide") and is_admin_of(request.user, rating.chamber)
    return render(
        request,
        "chambers/rating_detail.html",
        {
            "rating": rating,
            "indicators": indicators,
            "max_total": sum(i.max_score for i in indicators),
            "is_admin": is_admin,
            "decide_form": RatingDecideForm(
                initial={"granted_on": timezone.localdate(), "valid_from": timezone.localdate()}
            ),
        },
    )


def _admin_rating(request, rating_id):
    rating = get_object_for_user(Rating, request.user, rating_id, capability="ratings.decide", write=True)
    if not is_admin_of(request.user, rating.chamber):
        raise PermissionDenied
    return rating


@require_POST
@capability_required("ratings.decide")
def rating_score(request, rating_id):
    rating = _admin_rating(request, rating_id)
    scores = {
        key.removeprefix("score_"): value.strip()
        for key, value in request.POST.items()
        if key.startswith("score_") and key.removeprefix("score_").isdigit()
    }
    try:
        services.score_rating(actor=request.user, rating=rating, scores=scores)
        messages.success(request, "评分已保存。")
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    return redirect("chambers:rating_detail", rating_id=rating.pk)


@require_POST
@capability_required("ratings.decide")
def rating_decide(request, rating_id):
    rating = _admin_rating(request, rating_id)
    form = RatingDecideForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "审批失败：请检查日期和文件。")
        return redirect("chambers:rating_detail", rating_id=rating.pk)
    data = form.cleaned_data
    try:
        services.decide_rating(
            actor=request.user,
            rating=rating,
            approve=data["decision"] == "grant",
            note=data["note"],
            granted_on=data["granted_on"],
            valid_from=data["valid_from"],
            valid_until=data["valid_until"],
            certificate=data["certificate"],
        )
        messages.success(request, "审批完成。")
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    return redirect("chambers:rating_detail", rating_id=rating.pk)


@capability_required("ratings.view")
def rating_certificate(request, rating_id):
    rating = get_object_for_user(Rating, request.user, rating_id, capability="ratings.view")
    return _file_response(rating.certificate, "certificate")


@capability_required("chambers.configure")
def indicator_list(request):
    federation = _admin_federation_or_403(request)
    form = IndicatorForm(request.POST or None)
    return _form_page(
        request,
        form,
        save=lambda data: services.save_indicator(actor=request.user, federation=federation, **data),
        success="指标已添加。",
        next_url=reverse("chambers:indicator_list"),
        template="chambers/indicator_list.html",
        context={
            "indicators": RatingIndicator.objects.editable_by(request.user).filter(federation=federation)
        },
    )


@capability_required("chambers.configure")
def indicator_edit(request, ratingindicator_id):
    indicator = get_object_for_user(
        RatingIndicator, request.user, ratingindicator_id, capability="chambers.configure", write=True
    )
    form = IndicatorForm(
        request.POST or None,
        initial={
            "scheme": indicator.scheme,
            "name": indicator.name,
            "max_score": indicator.max_score,
            "order": indicator.order,
            "is_active": indicator.is_active,
        },
    )
    return _form_page(
        request,
        form,
        save=lambda data: services.save_indicator(
            actor=request.user, federation=indicator.federation, indicator=indicator, **data
        ),
        success="指标已保存。",
        next_url=reverse("chambers:indicator_list"),
        context={"title": f"编辑指标：{indicator.name}", "back": reverse("chambers:indicator_list")},
    )
