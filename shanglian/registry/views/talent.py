"""Talent pool (三库) pages: pool list and export, manual pool overrides, and the classification rule."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from shanglian.core.access import federation_of
from shanglian.core.decorators import capability_required
from shanglian.core.roles import has_capability
from shanglian.core.scope import get_object_for_user
from shanglian.orgs.models import OrgKind
from shanglian.registry import exports, selectors, services
from shanglian.registry.forms import ClassificationRuleForm, OverrideForm, PersonFilterForm
from shanglian.registry.models import ContributionTier, Person, TalentPool, TalentPoolOverride
from shanglian.registry.views.common import (
    EXPORT_LIMIT,
    PER_PAGE,
    clean_filters,
    error_text,
    federation_rule,
)
from shanglian.registry.views.people import PERSON_HEADERS, may_see_id_number, person_export_rows


def _pool_rows(request, pool, data):
    fed, rule = federation_rule(request.user)
    if fed is None:
        return Person.objects.none(), None, None
    qs = selectors.talent_pool(fed, pool, rule=rule, queryset=Person.objects.visible_to(request.user))
    qs = selectors.filter_people(qs.select_related("enterprise"), data, on=selectors.reference_date(rule))
    return qs.order_by("name", "id"), fed, rule


def _pool_param(source) -> str:
    pool = source.get("pool", TalentPool.EXCELLENT)
    return pool if pool in TalentPool.values else TalentPool.EXCELLENT


@capability_required("talent.view")
def talent_pool(request):
    pool = _pool_param(request.GET)
    form = PersonFilterForm(request.GET or None)
    qs, fed, rule = _pool_rows(request, pool, clean_filters(form))
    page = selectors.page_of(qs, request.GET, PER_PAGE)
    overrides = {}
    if fed is not None:
        overrides = dict(
            TalentPoolOverride.objects.visible_to(request.user)
            .filter(pool=pool, person__in=[p.pk for p in page])
            .values_list("person_id", "action")
        )
    return render(
        request,
        "registry/talent_pool.html",
        {
            "page": page,
            "form": form,
            "pool": pool,
            "pool_label": TalentPool(pool).label,
            "pools": TalentPool.choices,
            "rule": rule,
            "reference_date": selectors.reference_date(rule) if rule else None,
            "overrides": overrides,
            "may_manage": has_capability(request.user, "talent.manage"),
            "show_id": may_see_id_number(request.user),
        },
    )


@require_POST
@capability_required("talent.view")
def talent_export(request):
    pool = _pool_param(request.POST)
    form = PersonFilterForm(request.POST)
    qs, fed, rule = _pool_rows(request, pool, clean_filters(form))
    show = may_see_id_number(request.user)
    on = selectors.reference_date(rule) if rule else datetime.date.today()
    label = TalentPool(pool).label
    content, count = exports.workbook_bytes(
        label, PERSON_HEADERS, person_export_rows(qs[:EXPORT_LIMIT], show_id=show, on=on)
    )
    services.record_export(
        actor=request.user,
        what=label,
        count=count,
        organization=fed,
        filters={k: str(v) for k, v in request.POST.items() if k != "csrfmiddlewaretoken" and v},
    )
    return exports.xlsx_response(content, f"{label}-{timezone.localdate():%Y%m%d}.xlsx")


@require_POST
@capability_required("talent.manage")
def person_pool_override(request, person_id):
    person = get_object_for_user(Person, request.user, person_id, write=True)
    form = OverrideForm(request.POST)
    if form.is_valid():
        try:
            services.set_pool_override(actor=request.user, person=person, **form.cleaned_data)
            messages.success(request, "人才库已调整。")
        except ValidationError as exc:
            messages.error(request, error_text(exc))
    else:
        messages.error(request, "请选择人才库、操作并填写理由。")
    nxt = request.POST.get("next", "")
    if nxt.startswith("/registry/talent/"):
        return redirect(nxt)
    return redirect("registry:person_detail", person_id=person.pk)


@capability_required("classification.manage")
def classification_rule(request):
    fed = federation_of(request.user)
    if fed is None or fed.kind != OrgKind.FEDERATION:
        raise Http404
    rule = selectors.rule_for(fed)
    form = ClassificationRuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        industries = data.pop("key_industries")
        try:
            services.save_classification_rule(
                actor=request.user, federation=fed, data=data, key_industries=industries
            )
        except ValidationError as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(request, "数据分类规则已保存，三库名单已按新规则更新。")
            return redirect("registry:classification_rule")
    tiers = []
    for value, label in ContributionTier.choices:
        count = selectors.classified_enterprises(fed, tier=value, rule=rule).count()
        tiers.append((value, label, count))
    pools = [
        (value, label, selectors.talent_pool(fed, value, rule=rule).count())
        for value, label in TalentPool.choices
    ]
    return render(
        request,
        "registry/classification_rule.html",
        {
            "form": form,
            "federation": fed,
            "tiers": tiers,
            "pools": pools,
            "figure_year": selectors.figure_year(rule),
            "reference_date": selectors.reference_date(rule),
        },
    )
