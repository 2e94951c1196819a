"""Donation pages: the list (filters, Excel), record a gift, the detail with delivery, receipt and
correction, a pledge's edit."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import DecimalField, Exists, OuterRef
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from shanglian.core.decorators import capability_required
from shanglian.core.flash import run_and_flash
from shanglian.core.pages import Column, wants_export
from shanglian.core.roles import has_capability
from shanglian.core.scope import get_object_for_user
from shanglian.guidance import selectors, services
from shanglian.guidance.forms import CorrectionForm, DeliverForm, DonationForm, PledgeForm, ReceiptForm
from shanglian.guidance.models import (
    Campaign,
    Channel,
    Donation,
    DonationStatus,
)
from shanglian.guidance.selectors import donations_of_donor_named, with_current_total
from shanglian.guidance.services import DonorInput, ItemInput
from shanglian.guidance.services.ledger import amounts_after, current_amounts, last_of
from shanglian.guidance.views.common import export_page, form_page, list_page, money_cell
from shanglian.workflow.services import allowed_transitions

STATUS_COLOURS = {
    DonationStatus.PLEDGED: "yellow",
    DonationStatus.DELIVERED: "blue",
    DonationStatus.RECEIPTED: "green",
}
MONEY: DecimalField[Decimal, Decimal] = DecimalField(max_digits=16, decimal_places=2)


def donors_text(d: Donation) -> str:
    return "、".join(str(s.donor) for s in d.shares.all())


def _filtered(request: HttpRequest) -> tuple[Any, list[dict[str, Any]]]:
    qs = with_current_total(
        Donation.objects.visible_to(request.user)
        .select_related("campaign")
        .prefetch_related("shares__enterprise", "shares__person")
        .order_by("-donated_on", "-pk")
    )
    campaigns = Campaign.objects.visible_to(request.user).order_by("-start_on", "-pk")
    raw = request.GET.get("campaign", "")
    if raw.isdecimal():
        qs = qs.filter(campaign__in=campaigns.filter(pk=int(raw)))
    status = request.GET.get("status", "")
    if status in DonationStatus.values:
        qs = qs.filter(status=status)
    channel = request.GET.get("channel", "")
    if channel in Channel.values:
        qs = qs.filter(channel=channel)
    q = request.GET.get("q", "").strip()[:50]
    if q:
        qs = qs.filter(pk__in=donations_of_donor_named(q))
    filters: list[dict[str, Any]] = [
        {
            "name": "campaign",
            "label": "捐赠活动",
            "choices": [(c.pk, c.name) for c in campaigns[:100]],
            "value": raw,
        },
        {"name": "status", "label": "状态", "choices": DonationStatus.choices, "value": status},
        {"name": "channel", "label": "渠道", "choices": Channel.choices, "value": channel},
        {"name": "q", "label": "捐赠方名称", "value": q},
    ]
    return qs, filters


@capability_required("guidance.view")
def donation_list(request: HttpRequest) -> HttpResponse:
    qs, filters = _filtered(request)
    if wants_export(request):
        cols = [
            Column("捐赠日期", lambda d: d.donated_on),
            Column("捐赠活动", lambda d: d.campaign.name, width=30),
            Column("捐赠方", donors_text, width=40),
            Column("现金（元）", lambda d: d.cash_amount),
            Column("物资折价（元）", lambda d: d.in_kind_amount),
            Column("更正后合计（元）", lambda d: d.current),
            Column("受赠方", lambda d: d.recipient, width=20),
            Column("渠道", lambda d: d.get_channel_display()),
            Column("状态", lambda d: d.get_status_display()),
            Column("票据号码", lambda d: d.receipt_number, width=20),
        ]
        return export_page(request, title="捐赠明细", columns=cols, objects=qs, model=Donation)
    columns = [
        Column(
            "捐赠日期",
            lambda d: d.donated_on,
            link=lambda d: reverse("guidance:donation_detail", args=[d.pk]),
        ),
        Column("捐赠活动", lambda d: d.campaign.name),
        Column("捐赠方", donors_text),
        Column("金额", lambda d: money_cell(d.current)),
        Column(
            "构成",
            lambda d: (
                "现金+物资"
                if d.cash_amount and d.in_kind_amount
                else ("物资" if d.in_kind_amount else "现金")
            ),
        ),
        Column("渠道", lambda d: d.get_channel_display()),
        Column("状态", lambda d: (d.get_status_display(), STATUS_COLOURS[d.status]), badge=True),
        Column("更正", lambda d: "已更正" if d.current != d.total else ""),
    ]
    return list_page(
        request,
        qs=qs,
        columns=columns,
        title="捐赠明细",
        export_url="?format=xlsx",
        create_url=reverse("guidance:donation_create")
        if has_capability(request.user, "guidance.edit")
        else "",
        extra={"filters": filters},
    )


def _donors(data: dict[str, Any]) -> list[DonorInput]:
    pairs = [(data.get(f"donor{s}"), data.get(f"share{s}")) for s in ("", "2", "3")]
    return [DonorInput(enterprise=e, amount=a) for e, a in pairs if e is not None]


def _items(data: dict[str, Any]) -> list[ItemInput]:
    if not (data.get("item_name") or data.get("item_quantity") or data.get("item_unit_value")):
        return []
    return [
        ItemInput(
            data.get("item_name") or "",
            data.get("item_quantity") or Decimal(0),
            data.get("item_unit") or "",
            data.get("item_unit_value") or Decimal(0),
            data.get("item_basis") or "",
        )
    ]


def _gift(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "donated_on": data["donated_on"],
        "donors": _donors(data),
        "cash_amount": data.get("cash_amount"),
        "items": _items(data),
        "recipient": data.get("recipient") or "",
        "channel": data["channel"],
        "note": data.get("note") or "",
    }


@capability_required("guidance.edit")
def donation_create(request: HttpRequest) -> HttpResponse:
    initial = {"campaign": request.GET.get("campaign")} if request.GET.get("campaign", "").isdecimal() else {}
    form = DonationForm(request.POST or None, actor=request.user, initial=initial)
    return form_page(
        request,
        form,
        save=lambda data: services.record_donation(
            actor=request.user,
            campaign=data["campaign"],
            delivered_on=data.get("delivered_on"),
            **_gift(data),
        ),
        next_url=lambda d: reverse("guidance:donation_detail", args=[d.pk]),
        title="登记捐赠",
        back=reverse("guidance:donation_list"),
    )


@capability_required("guidance.edit")
def donation_edit(request: HttpRequest, donation_id: int) -> HttpResponse:
    donation = get_object_for_user(
        Donation, request.user, donation_id, capability="guidance.edit", write=True
    )
    if donation.status != DonationStatus.PLEDGED:
        run_and_flash(request, lambda: _refuse_edit(), "")
        return redirect("guidance:donation_detail", donation_id=donation.pk)
    shares = list(donation.shares.all())
    item = donation.items.first()
    initial: dict[str, Any] = {
        "donated_on": donation.donated_on,
        "cash_amount": donation.cash_amount or None,
        "recipient": donation.recipient,
        "channel": donation.channel,
        "note": donation.note,
    }
    for suffix, s in zip(("", "2", "3"), shares, strict=False):
        initial[f"donor{suffix}"], initial[f"share{suffix}"] = s.enterprise_id, s.amount
    if item is not None:
        initial |= {
            "item_name": item.name,
            "item_quantity": item.quantity,
            "item_unit": item.unit,
            "item_unit_value": item.unit_value,
            "item_basis": item.basis,
        }
    form = PledgeForm(request.POST or None, actor=request.user, initial=initial)
    return form_page(
        request,
        form,
        save=lambda data: services.update_pledge(actor=request.user, donation=donation, **_gift(data)),
        next_url=reverse("guidance:donation_detail", args=[donation.pk]),
        title="修改认捐",
        back=reverse("guidance:donation_detail", args=[donation.pk]),
    )


def _refuse_edit() -> None:
    from shanglian.core.errors import ServiceError
    from shanglian.guidance.services.donations import EDIT_DELIVERED

    raise ServiceError(EDIT_DELIVERED)


@capability_required("guidance.view")
def donation_detail(request: HttpRequest, donation_id: int) -> HttpResponse:
    user = request.user
    donation = get_object_for_user(
        Donation,
        user,
        donation_id,
        queryset=Donation.objects.select_related("campaign", "organization")
        # Whether this user may write the gift, in the same read (the buttons and the workflow's rights
        # check use it; `apply` re-checks against the database).
        .annotate(viewer_may_write=Exists(Donation.objects.editable_by(user).filter(pk=OuterRef("pk"))))
        .prefetch_related(*selectors.donation_detail_prefetches()),
    )
    corrections = list(donation.corrections.all())
    cash, in_kind = amounts_after(donation, last_of(corrections))
    may_write = donation.viewer_may_write and has_capability(user, "guidance.edit")
    names = {t.name for t in allowed_transitions(donation, user)} if may_write else set()
    return render(
        request,
        "guidance/donation_detail.html",
        {
            "d": donation,
            "current": cash + in_kind,
            "current_cash": cash,
            "current_in_kind": in_kind,
            "corrections": corrections,
            "entries": donation.entries.select_related("enterprise", "person", "correction").order_by("pk"),
            "deliver_form": DeliverForm() if "deliver" in names else None,
            "receipt_form": ReceiptForm() if "receipt" in names else None,
            "may_correct": may_write and donation.status != DonationStatus.PLEDGED,
            "may_edit": may_write and donation.status == DonationStatus.PLEDGED,
        },
    )


def _post_form(
    request: HttpRequest, form_class: type[Any], action: Any, success: str, donation: Donation
) -> HttpResponse:
    form = form_class(request.POST, request.FILES)
    if form.is_valid():
        run_and_flash(request, lambda: action(form.cleaned_data), success)
    else:
        from django.contrib import messages

        from shanglian.core.flash import form_errors_text

        messages.error(request, form_errors_text(form))
    return redirect("guidance:donation_detail", donation_id=donation.pk)


@capability_required("guidance.edit")
def donation_deliver(request: HttpRequest, donation_id: int) -> HttpResponse:
    donation = get_object_for_user(
        Donation, request.user, donation_id, capability="guidance.edit", write=True
    )
    if request.method != "POST":
        return redirect("guidance:donation_detail", donation_id=donation.pk)
    return _post_form(
        request,
        DeliverForm,
        lambda data: services.deliver_donation(
            actor=request.user, donation=donation, delivered_on=data["delivered_on"]
        ),
        "已确认交付，捐赠计入合计。",
        donation,
    )


@capability_required("guidance.edit")
def donation_receipt(request: HttpRequest, donation_id: int) -> HttpResponse:
    donation = get_object_for_user(
        Donation, request.user, donation_id, capability="guidance.edit", write=True
    )
    if request.method != "POST":
        return redirect("guidance:donation_detail", donation_id=donation.pk)
    return _post_form(
        request,
        ReceiptForm,
        lambda data: services.record_receipt(actor=request.user, donation=donation, **data),
        "已登记捐赠票据。",
        donation,
    )


@capability_required("guidance.edit")
def donation_correct(request: HttpRequest, donation_id: int) -> HttpResponse:
    donation = get_object_for_user(
        Donation, request.user, donation_id, capability="guidance.edit", write=True
    )
    cash, in_kind = current_amounts(donation)
    form = CorrectionForm(request.POST or None, initial={"cash_amount": cash, "in_kind_amount": in_kind})
    return form_page(
        request,
        form,
        save=lambda data: services.correct_donation(actor=request.user, donation=donation, **data),
        next_url=reverse("guidance:donation_detail", args=[donation.pk]),
        title=f"更正捐赠（当前 {cash + in_kind} 元）",
        success="已登记更正，合计按更正后的金额计算，原记录保留。",
        back=reverse("guidance:donation_detail", args=[donation.pk]),
    )
