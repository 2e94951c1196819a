"""供需对接 pages: the market, posting with ranked candidates and reasons, review, interest, brokering."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from shanglian.cooperation import matching, services
from shanglian.cooperation.forms import AgreementForm, PostingForm
from shanglian.cooperation.models import Interest, Match, Posting, PostingStatus, Side
from shanglian.core import pages
from shanglian.core.access import can_write, own_enterprise_ids
from shanglian.core.decorators import capability_required
from shanglian.core.flash import run_and_flash
from shanglian.core.pages import Column
from shanglian.core.roles import has_capability
from shanglian.core.scope import get_object_for_user
from shanglian.workflow import services as workflow

PRETITLE = "供需对接"


def _detail(p: Posting) -> str:
    return reverse("cooperation:posting_detail", args=[p.pk])


MASKED = "会员企业（由工作人员撮合对接）"


def shown_name(p: Posting, user: Any) -> str:
    """Members see what is offered or sought, not who: staff broker the meeting (and the demo's
    scope rule holds: no member reads another chamber's member list from the market)."""
    if p.enterprise_id in own_enterprise_ids(user) or has_capability(user, "supply.review"):
        return str(p.enterprise.name)
    return MASKED


def posting_columns(user: Any = None) -> list[Column]:
    return [
        Column(
            "供/需",
            lambda p: (p.get_side_display(), "green" if p.side == Side.SUPPLY else "orange"),
            badge=True,
        ),
        Column("标题", lambda p: p.title, link=_detail),
        Column("类别", lambda p: p.get_category_display()),
        Column("发布企业", lambda p: shown_name(p, user)),
        Column("区域", lambda p: p.region),
        Column("有效期至", lambda p: p.valid_until),
        Column(
            "状态",
            lambda p: (p.get_status_display(), "blue" if p.status == "published" else "secondary"),
            badge=True,
        ),
    ]


@capability_required("supply.view")
def posting_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    qs = Posting.objects.visible_to(request.user).select_related("enterprise")
    status = request.GET.get("status", "")
    mine = own_enterprise_ids(request.user)
    if status in PostingStatus.values and has_capability(request.user, "supply.review"):
        qs = qs.filter(status=status)
    elif not mine:
        qs = qs.filter(status=PostingStatus.PUBLISHED, valid_until__gte=today)
    else:
        # The market (published, still valid) and the enterprise's own postings in any state.
        from django.db.models import Q

        qs = qs.filter(Q(status=PostingStatus.PUBLISHED, valid_until__gte=today) | Q(enterprise_id__in=mine))
    side = request.GET.get("side", "")
    if side in Side.values:
        qs = qs.filter(side=side)
    return pages.list_page(
        request,
        qs=qs.order_by("-pk"),
        columns=posting_columns(request.user),
        title="供需信息",
        pretitle=PRETITLE,
        template="cooperation/posting_list.html",
        create_url=reverse("cooperation:posting_create")
        if has_capability(request.user, "supply.post")
        else "",
        extra={
            "statuses": PostingStatus.choices if has_capability(request.user, "supply.review") else [],
            "status": status,
            "side": side,
        },
    )


@capability_required("supply.post")
def posting_create(request: HttpRequest) -> HttpResponse:
    initial = {
        "valid_until": timezone.localdate() + timedelta(days=365),  # .replace(year=…) fails on 29 February
        "side": "demand",
    }
    form = PostingForm(request.POST or None, actor=request.user, initial=initial)
    return pages.form_page(
        request,
        form=form,
        save=lambda d: services.submit_posting(actor=request.user, **d),
        title="发布供需信息",
        pretitle=PRETITLE,
        success="已提交，待工作人员审核后发布。",
        next_url=lambda p: _detail(p) if p else reverse("cooperation:posting_list"),
    )


@capability_required("supply.view")
def posting_detail(request: HttpRequest, posting_id: int) -> HttpResponse:
    posting = get_object_for_user(
        Posting,
        request.user,
        posting_id,
        queryset=Posting.objects.select_related("enterprise", "industry", "federation"),
    )
    mine = own_enterprise_ids(request.user)
    broker = can_write(request.user, posting.federation) and has_capability(request.user, "supply.review")
    owner = posting.enterprise_id in mine
    ctx: dict[str, Any] = {
        "posting": posting,
        "poster": shown_name(posting, request.user),
        "expired": posting.valid_until < timezone.localdate(),
        "owner": owner,
        "broker": broker,
        "steps": workflow.allowed_transitions(posting, request.user),
        "may_interest": bool(mine) and not owner and posting.status == PostingStatus.PUBLISHED,
    }
    if owner or broker:
        found = matching.candidates(posting)
        # The poster learns how many counterparts were found; their names are for the brokering staff.
        ctx["candidates"] = found if broker else None
        ctx["candidate_count"] = len(found)
        ctx["interests"] = list(
            Interest.objects.visible_to(request.user)
            .filter(posting=posting)
            .select_related("enterprise")[:100]
        )
        matches = list(
            Match.objects.visible_to(request.user)
            .filter(posting=posting)
            .select_related("counterpart", "deal")[:100]
        )
        for m in matches:
            m.posting = (
                posting  # the rights rule reads the posting's federation: the one in hand, not a query each
            )
            m.steps = [t.name for t in workflow.allowed_transitions(m, request.user)]
        ctx["matches"] = matches
    return render(request, "cooperation/posting_detail.html", ctx)


@require_POST
@capability_required("supply.review")
def posting_review(request: HttpRequest, posting_id: int) -> HttpResponse:
    posting = get_object_for_user(Posting, request.user, posting_id)
    decision = request.POST.get("decision", "")
    run_and_flash(
        request,
        lambda: services.review_posting(
            actor=request.user, posting=posting, decision=decision, reason=request.POST.get("reason", "")
        ),
        "已处理。",
    )
    return redirect(_detail(posting))


@require_POST
@capability_required("supply.view")
def posting_close(request: HttpRequest, posting_id: int) -> HttpResponse:
    posting = get_object_for_user(Posting, request.user, posting_id)
    run_and_flash(
        request,
        lambda: services.review_posting(actor=request.user, posting=posting, decision="close"),
        "已关闭。",
    )
    return redirect(_detail(posting))


@require_POST
@capability_required("supply.post")
def posting_interest(request: HttpRequest, posting_id: int) -> HttpResponse:
    from shanglian.registry.models import Enterprise

    posting = get_object_for_user(Posting, request.user, posting_id)
    enterprise = (
        Enterprise.objects.visible_to(request.user).filter(pk__in=own_enterprise_ids(request.user)).first()
    )
    run_and_flash(
        request,
        lambda: services.express_interest(
            actor=request.user,
            posting=posting,
            enterprise=enterprise,
            note=request.POST.get("note", "")[:200],
        ),
        "已表达对接意向，工作人员将为您安排对接。",
    )
    return redirect(_detail(posting))


@require_POST
@capability_required("supply.review")
def match_propose(request: HttpRequest, posting_id: int) -> HttpResponse:
    from shanglian.registry.models import Enterprise

    posting = get_object_for_user(Posting, request.user, posting_id)
    raw = request.POST.get("counterpart", "")
    firm = (
        Enterprise.objects.visible_to(request.user).filter(pk=int(raw)).first() if raw.isdecimal() else None
    )
    if firm is None:
        messages.error(request, "对接企业不存在或不在您的数据范围内。")
        return redirect(_detail(posting))
    run_and_flash(
        request,
        lambda: services.propose_match(
            actor=request.user, posting=posting, counterpart=firm, reason=request.POST.get("reason", "")
        ),
        f"已将 {firm.name} 列入对接。",
    )
    return redirect(_detail(posting))


@require_POST
@capability_required("supply.review")
def match_schedule(request: HttpRequest, match_id: int) -> HttpResponse:
    match = get_object_for_user(Match, request.user, match_id)
    raw = request.POST.get("meeting_at", "")
    try:
        at: datetime | None = timezone.make_aware(datetime.fromisoformat(raw)) if raw else None
    except ValueError:
        at = None
    run_and_flash(
        request,
        lambda: services.schedule_meeting(
            actor=request.user,
            match=match,
            meeting_at=at,
            meeting_place=request.POST.get("meeting_place", "")[:200],
        ),
        "已安排对接会。",
    )
    return redirect(reverse("cooperation:posting_detail", args=[match.posting_id]))


@require_POST
@capability_required("supply.review")
def match_fail(request: HttpRequest, match_id: int) -> HttpResponse:
    match = get_object_for_user(Match, request.user, match_id)
    run_and_flash(
        request,
        lambda: services.record_no_agreement(
            actor=request.user, match=match, reason=request.POST.get("reason", "")
        ),
        "已记录。",
    )
    return redirect(reverse("cooperation:posting_detail", args=[match.posting_id]))


@capability_required("supply.review")
def match_agree(request: HttpRequest, match_id: int) -> HttpResponse:
    match = get_object_for_user(Match, request.user, match_id, capability="supply.review", write=True)
    form = AgreementForm(
        request.POST or None,
        initial={"title": match.posting.title, "signed_on": timezone.localdate(), "deal_type": "trade"},
    )
    return pages.form_page(
        request,
        form=form,
        save=lambda d: services.record_agreement(actor=request.user, match=match, **d),
        title=f"达成合作：{match}",
        pretitle=PRETITLE,
        next_url=lambda m: (
            reverse("cooperation:deal_detail", args=[m.deal_id]) if m else _detail(match.posting)
        ),
        back=_detail(match.posting),
    )
