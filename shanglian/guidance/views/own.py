"""A donor enterprise's own giving (我的捐赠) and its certificates of thanks."""

from __future__ import annotations

from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from shanglian.core.access import own_enterprise_ids
from shanglian.core.decorators import capability_required
from shanglian.core.errors import ServiceError
from shanglian.core.scope import get_object_for_user
from shanglian.guidance.certificate import certificate_docx
from shanglian.guidance.models import Donation, DonationEntry, DonationShare, DonationStatus
from shanglian.guidance.selectors import donor_given, with_current_total


@capability_required("guidance.own")
def my_giving(request: HttpRequest) -> HttpResponse:
    own = own_enterprise_ids(request.user)
    shares = (
        DonationShare.objects.visible_to(request.user)
        .filter(enterprise_id__in=own)
        .select_related("donation__campaign", "enterprise")
        .order_by("-donation__donated_on", "-pk")
    )
    given = DonationEntry.objects.visible_to(request.user).filter(enterprise_id__in=own)
    by_entry = dict(given.values_list("donation").annotate(s=Sum("amount")).values_list("donation", "s"))
    rows = [(s, by_entry.get(s.donation_id)) for s in shares[:200]]
    return render(
        request,
        "guidance/my_giving.html",
        {"rows": rows, "total": given.aggregate(s=Sum("amount"))["s"], "pledged": DonationStatus.PLEDGED},
    )


@capability_required("guidance.own")
def certificate(request: HttpRequest, donation_id: int) -> HttpResponse:
    donation = get_object_for_user(
        Donation,
        request.user,
        donation_id,
        queryset=with_current_total(Donation.objects.select_related("campaign", "organization")),
    )
    share = (
        donation.shares.filter(enterprise_id__in=own_enterprise_ids(request.user))
        .select_related("enterprise")
        .first()
    )
    if share is None or donation.status == DonationStatus.PLEDGED:
        raise ServiceError("捐赠交付后方可下载感谢证书。")
    amount = donor_given(donation.pk, share.enterprise_id)
    data = certificate_docx(donation, share, amount or share.amount)
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    response["Content-Disposition"] = (
        f"attachment; filename*=UTF-8''%E6%84%9F%E8%B0%A2%E8%AF%81%E4%B9%A6-{donation.pk}.docx"
    )
    return response
