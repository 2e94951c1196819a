"""Chamber rating views: applications, scoring and decisions, certificates, rating indicators."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from shanglian.chambers import services
from shanglian.chambers.forms import IndicatorForm, RatingApplyForm, RatingDecideForm
from shanglian.chambers.models import Rating, RatingIndicator, RatingScheme, RatingStatus
from shanglian.chambers.views.common import (
    admin_federation_or_403,
    detail_url,
    get_chamber,
    is_admin_of,
)
from shanglian.core.decorators import capability_required
from shanglian.core.pages import form_page
from shanglian.core.roles import has_capability
from shanglian.core.scope import get_object_for_user


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
    return form_page(
        request,
        form,
        save=lambda data: services.apply_rating(actor=request.user, chamber=chamber, **data),
        success="评级申报已提交。",
        next_url=lambda rating: reverse("chambers:rating_detail", kwargs={"rating_id": rating.pk}),
        title=f"评级申报：{chamber.name}",
        back=detail_url(chamber),
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
        if key.startswith("score_") and key.removeprefix("score_").isdecimal()
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


@capability_required("chambers.configure")
def indicator_list(request):
    federation = admin_federation_or_403(request)
    form = IndicatorForm(request.POST or None)
    return form_page(
        request,
        form,
        save=lambda data: services.save_indicator(actor=request.user, federation=federation, **data),
        success="指标已添加。",
        next_url=reverse("chambers:indicator_list"),
        title="评分指标",
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
    return form_page(
        request,
        form,
        save=lambda data: services.save_indicator(
            actor=request.user, federation=indicator.federation, indicator=indicator, **data
        ),
        success="指标已保存。",
        next_url=reverse("chambers:indicator_list"),
        title=f"编辑指标：{indicator.name}",
        back=reverse("chambers:indicator_list"),
    )
