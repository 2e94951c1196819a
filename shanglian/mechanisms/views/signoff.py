"""顶格协调 pages: rounds (list, open, detail with the signatures and the outcome, sign) and vice-chairs."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from shanglian.core.access import federation_of
from shanglian.core.decorators import capability_required
from shanglian.core.flash import form_errors_text, run_and_flash
from shanglian.core.pages import Column
from shanglian.core.roles import has_capability
from shanglian.core.scope import get_object_for_user
from shanglian.mechanisms import services
from shanglian.mechanisms.forms import LoginForm, RoundForm, SignForm, ViceChairForm
from shanglian.mechanisms.models import Filing, RoundStatus, Signature, SignOffRound, ViceChair
from shanglian.mechanisms.views.common import form_page, list_page

STATUS_COLOURS = {
    RoundStatus.OPEN: "blue",
    RoundStatus.APPROVED: "green",
    RoundStatus.REJECTED: "red",
    RoundStatus.LAPSED: "secondary",
}


def _detail(r: SignOffRound) -> str:
    return reverse("mechanisms:round_detail", args=[r.pk])


def round_columns() -> list[Column]:
    return [
        Column("签字事项", lambda r: r.title, link=_detail),
        Column("表决规则", lambda r: r.get_rule_display()),
        Column("签字进度", lambda r: f"{r.signed_count}/{r.signer_count}"),
        Column("截止时间", lambda r: f"{r.deadline:%Y-%m-%d %H:%M}"),
        Column("状态", lambda r: (r.get_status_display(), STATUS_COLOURS[r.status]), badge=True),
        Column("结果说明", lambda r: r.outcome_note),
    ]


@capability_required("mechanisms.round_view")
def round_list(request: HttpRequest) -> HttpResponse:
    from django.db.models import Count, IntegerField, OuterRef, Subquery
    from django.db.models.functions import Coalesce

    # Signers counted in a subquery: a vice-chair's scope filters the rounds on *their* signer row, and an
    # annotation over the same relation would reuse that join and count only them ("3/1").
    through = SignOffRound.signers.through
    signers = (
        through.objects.filter(signoffround_id=OuterRef("pk"))
        .values("signoffround_id")
        .annotate(n=Count("*"))
        .values("n")  # type: ignore[misc]  # the stubs do not see annotations on an auto-created through model
    )
    qs = (
        SignOffRound.objects.visible_to(request.user)
        .annotate(
            signer_count=Coalesce(Subquery(signers, output_field=IntegerField()), 0),
            signed_count=Count("signatures", distinct=True),
        )
        .order_by("-created_at", "-pk")
    )
    status = request.GET.get("status", "")
    if status in RoundStatus.values:
        qs = qs.filter(status=status)
    may_open = has_capability(request.user, "mechanisms.round_open")
    return list_page(
        request,
        qs=qs,
        columns=round_columns(),
        title="集体签字",
        create_url=reverse("mechanisms:round_create") if may_open else "",
        extra={"statuses": RoundStatus.choices, "status_selected": status},
    )


@capability_required("mechanisms.round_open")
def round_create(request: HttpRequest) -> HttpResponse:
    filing = None
    raw = request.GET.get("filing", "")
    if raw.isdecimal():
        filing = get_object_for_user(Filing, request.user, int(raw), capability="mechanisms.filing_review")
    initial = {}
    if filing is not None:
        initial = {
            "title": f"{filing.chamber.name}：{filing.title}",
            "matter": f"{filing.filing_type.name}（{filing.get_mode_display()}）\n{filing.content}",
        }
    form = RoundForm(request.POST or None, request.FILES or None, initial=initial, actor=request.user)
    federation = federation_of(request.user)

    def save(data: dict[str, Any]) -> SignOffRound:
        upload = data.pop("upload")
        return services.open_round(
            actor=request.user,
            federation=federation,
            filing=filing,
            uploads=[upload] if upload else [],
            **data,
        )

    return form_page(
        request,
        form,
        save=save,
        next_url=_detail,
        back=reverse("mechanisms:filing_detail", args=[filing.pk])
        if filing
        else reverse("mechanisms:round_list"),
        title="发起集体签字" + (f"：{filing.title}" if filing else ""),
        success="已发起集体签字，签字人已收到通知。",
    )


@capability_required("mechanisms.round_view")
def round_detail(request: HttpRequest, signoffround_id: int) -> HttpResponse:
    rnd: SignOffRound = get_object_for_user(
        SignOffRound,
        request.user,
        signoffround_id,
        capability="mechanisms.round_view",
        queryset=SignOffRound.objects.select_related("filing__chamber", "opened_by").prefetch_related(
            "attachments"
        ),
    )
    signers = list(rnd.signers.select_related("person"))
    signatures = {s.signer_id: s for s in Signature.objects.visible_to(request.user).filter(round=rnd)}
    me = next((vc for vc in signers if vc.user_id == request.user.pk), None)
    may_sign = (
        me is not None
        and me.pk not in signatures
        and rnd.status == RoundStatus.OPEN
        and has_capability(request.user, "mechanisms.round_sign")
    )
    tally = services.signoff.tally(rnd, signers=len(signers))
    context = {
        "round": rnd,
        "rows": [(vc, signatures.get(vc.pk)) for vc in signers],
        "tally": tally,
        "me": me,
        "mine": signatures.get(me.pk) if me else None,
        "may_sign": may_sign,
        "form": SignForm(),
        "colour": STATUS_COLOURS[RoundStatus(rnd.status)],
        "show_filing": rnd.filing is not None and has_capability(request.user, "mechanisms.filing_view"),
    }
    return render(request, "mechanisms/round_detail.html", context)


@require_POST
@capability_required("mechanisms.round_sign")
def round_sign(request: HttpRequest, signoffround_id: int) -> HttpResponse:
    rnd: SignOffRound = get_object_for_user(
        SignOffRound, request.user, signoffround_id, capability="mechanisms.round_sign"
    )
    form = SignForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
    else:
        run_and_flash(
            request,
            lambda: services.sign(actor=request.user, round=rnd, **form.cleaned_data),
            "已签署。签字一经提交不可更改。",
        )
    return redirect(_detail(rnd))


# ---------------------------------------------------------------- 企业家副主席


def vice_columns() -> list[Column]:
    return [
        Column("姓名", lambda v: v.person.name),
        Column("企业", lambda v: v.person.enterprise.name if v.person.enterprise_id else ""),
        Column("职务", lambda v: v.title),
        Column("在任", lambda v: ("在任", "green") if v.active else ("离任", "secondary"), badge=True),
        Column(
            "登录账号",
            lambda v: v.user.username if v.user_id else "开通账号",
            link=lambda v: "" if v.user_id else reverse("mechanisms:vicechair_login", args=[v.pk]),
        ),
    ]


@capability_required("mechanisms.vice_chair_manage")
def vicechair_list(request: HttpRequest) -> HttpResponse:
    qs = (
        ViceChair.objects.visible_to(request.user).select_related("person__enterprise", "user").order_by("pk")
    )
    return list_page(
        request,
        qs=qs,
        columns=vice_columns(),
        title="企业家副主席",
        create_url=reverse("mechanisms:vicechair_create"),
    )


@capability_required("mechanisms.vice_chair_manage")
def vicechair_create(request: HttpRequest) -> HttpResponse:
    form = ViceChairForm(request.POST or None, actor=request.user)
    federation = federation_of(request.user)
    return form_page(
        request,
        form,
        save=lambda data: services.appoint_vice_chair(actor=request.user, federation=federation, **data),
        next_url=reverse("mechanisms:vicechair_list"),
        title="新增企业家副主席",
    )


@capability_required("mechanisms.vice_chair_manage")
def vicechair_login(request: HttpRequest, vicechair_id: int) -> HttpResponse:
    vc: ViceChair = get_object_for_user(
        ViceChair, request.user, vicechair_id, capability="mechanisms.vice_chair_manage", write=True
    )
    form = LoginForm(request.POST or None)
    return form_page(
        request,
        form,
        save=lambda data: services.open_vice_chair_login(actor=request.user, vice_chair=vc, **data),
        next_url=reverse("mechanisms:vicechair_list"),
        title=f"开通账号：{vc.person.name}",
        success="账号已开通（角色：企业家副主席）。",
    )
