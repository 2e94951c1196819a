"""Chamber campaign views: upgrade, cleanup and founding campaigns, founding a chamber, the cleanup policy."""

from datetime import date

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from shanglian.chambers import selectors, services
from shanglian.chambers.forms import FoundChamberForm, PeriodForm, PolicyForm
from shanglian.chambers.models import CaseStatus, Cause, ChamberState, Rating, RatingStatus, RectificationCase
from shanglian.chambers.views.common import admin_federation_or_403, detail_url, federation_or_403
from shanglian.core.decorators import capability_required
from shanglian.core.pages import form_page
from shanglian.core.roles import has_capability


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
    federation = federation_or_403(request)
    start, end = _period(request)
    return {
        "federation": federation,
        "start": start,
        "end": end,
        "figures": selectors.figures(request.user, start, end),
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
    federation = admin_federation_or_403(request)
    form = FoundChamberForm(request.POST or None, initial={"effective_on": timezone.localdate()})
    return form_page(
        request,
        form,
        save=lambda data: services.found_chamber(actor=request.user, federation=federation, **data),
        success=lambda chamber: f"已新建（筹建）：{chamber.name}",
        next_url=detail_url,
        title="新建商会（筹建）",
        back=reverse("chambers:campaign_founding"),
    )


@capability_required("chambers.configure")
def policy_edit(request):
    federation = admin_federation_or_403(request)
    policy = services.policy_for(federation)
    form = PolicyForm(
        request.POST or None,
        initial={
            "dormant_months": policy.dormant_months,
            "deadline_warning_days": policy.deadline_warning_days,
        },
    )
    return form_page(
        request,
        form,
        save=lambda data: services.update_policy(actor=request.user, federation=federation, **data),
        success="设置已保存。",
        next_url=reverse("chambers:campaign_cleanup"),
        title="清理整顿设置",
        back=reverse("chambers:campaign_cleanup"),
    )
