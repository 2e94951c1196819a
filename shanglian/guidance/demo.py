"""Demo 引导平台: the seed's 2020 (seed2020.build) and this year's campaigns with a gift in every state —
pledges waiting for delivery, delivered ones waiting for a receipt, receipted and corrected ones — including
the demo enterprise's own giving."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from shanglian.core.access import SYSTEM, own_enterprise_ids
from shanglian.core.demo import DemoContext
from shanglian.guidance import seed2020, services
from shanglian.guidance.models import CampaignKind, Channel, ValuationBasis
from shanglian.guidance.services import DonorInput, ItemInput
from shanglian.registry.models import Enterprise


def load(ctx: DemoContext) -> None:
    seed2020.build(ctx.federation)
    chamber = ctx.chambers["城阳街道商会"]
    school = services.save_campaign(
        actor=SYSTEM,
        organization=chamber,
        name=f"{ctx.today.year}年金秋助学圆梦行动",
        kind=CampaignKind.EDUCATION,
        start_on=date(ctx.today.year, 8, 1),
        end_on=date(ctx.today.year, 12, 31),
        regions="城阳区",
        recipients="家庭困难大学新生",
        goal_amount=Decimal("500000.00"),
    )
    rural = services.save_campaign(
        actor=SYSTEM,
        organization=ctx.federation,
        name=f"{ctx.today.year}年乡村振兴“万企兴万村”",
        kind=CampaignKind.RURAL_REVITALIZATION,
        start_on=date(ctx.today.year, 3, 1),
        regions="陇南成县、城阳区惜福镇街道",
        recipients="结对帮扶村",
    )
    members = list(
        Enterprise.unscoped_objects.filter(memberships__chamber=chamber).order_by("pk").distinct()[:8]
    )
    ent_user = ctx.users.get("ent_demo")
    own = (
        Enterprise.unscoped_objects.filter(pk__in=own_enterprise_ids(ent_user)).first() if ent_user else None
    )
    if own is not None and own not in members:
        members[0] = own
    start = date(ctx.today.year, 9, 1)
    for i, e in enumerate(members):
        d = services.record_donation(
            actor=SYSTEM,
            campaign=school,
            donated_on=start + timedelta(days=5 * i),
            donors=[DonorInput(enterprise=e)],
            cash_amount=Decimal(20000 + 5000 * i),
            channel=Channel.CHARITY,
            recipient="城阳区慈善总会助学专项",
        )
        if i % 4 == 0:
            continue  # a pledge waiting for delivery
        delivered = start + timedelta(days=5 * i + 7)
        d = services.deliver_donation(actor=SYSTEM, donation=d, delivered_on=delivered)
        if i % 4 == 2:
            services.record_receipt(
                actor=SYSTEM,
                donation=d,
                number=f"鲁财票（{ctx.today.year}）{2001 + i}",
                issuer="城阳区慈善总会",
                receipt_date=delivered + timedelta(days=5),
            )
        if i == 3:
            services.correct_donation(
                actor=SYSTEM,
                donation=d,
                cash_amount=d.cash_amount - 5000,
                in_kind_amount=Decimal(0),
                reason="银行回单核对，实际到账少5000元",
            )
    others = list(Enterprise.unscoped_objects.filter(federation=ctx.federation).order_by("pk")[20:24])
    services.record_donation(
        actor=SYSTEM,
        campaign=rural,
        donated_on=date(ctx.today.year, 5, 12),
        donors=[
            DonorInput(enterprise=others[0], amount=Decimal(120000)),
            DonorInput(enterprise=others[1], amount=Decimal(80000)),
        ],
        cash_amount=Decimal(150000),
        items=[ItemInput("有机肥", Decimal(100), "吨", Decimal(500), ValuationBasis.INVOICE)],
        channel=Channel.GUANGCAI,
        recipient="成县结对帮扶村",
        delivered_on=date(ctx.today.year, 5, 20),
    )
    services.record_donation(
        actor=SYSTEM,
        campaign=rural,
        donated_on=date(ctx.today.year, 10, 8),
        donors=[DonorInput(enterprise=others[2])],
        items=[ItemInput("农用无人机", Decimal(2), "台", Decimal(45000), ValuationBasis.AGREEMENT)],
        channel=Channel.DIRECT,
        recipient="惜福镇街道结对帮扶村",
    )
