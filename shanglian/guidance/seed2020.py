"""The seed's 2020 guidance figures (figures.md #10, #11, #32–35), built from the registry's enterprises.

- 2020 H1 epidemic: 20 红盟企业 give 17,126,000.00 元 (1700余万), 288 distinct enterprises in all
  26,197,000.00 元 (2619.7万) — one joint gift and one corrected gift among them;
- paired assistance to 安顺关岭、陇南成县: 1,939,000.00 元 (193.9万);
- one 扶贫体验馆 and one 消费配送中心; purchases 3,470,000.00 元 (347万);
- 夏庄街道商会志愿服务队: monthly visits whose gifts come to 203,600.00 元 (20余万).

Idempotent: every part hangs off a natural key (campaign, facility, purchase, activity) and is skipped
when present. Donors come from the federation's registry; enterprises are registered only when it holds
too few (the test world), red alliance being the registry's tag.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction

from shanglian.core.access import SYSTEM
from shanglian.guidance import services
from shanglian.guidance.models import (
    AssistancePurchase,
    Campaign,
    CampaignKind,
    Channel,
    FacilityKind,
    ValuationBasis,
    VolunteerActivity,
    VolunteerTeam,
)
from shanglian.guidance.services import DonorInput, ItemInput
from shanglian.orgs.models import Organization, OrgKind
from shanglian.registry.codes import make_credit_code
from shanglian.registry.models import Enterprise, Tag
from shanglian.registry.services import create_enterprise

RED_ALLIANCE = "red_alliance"
RED_COUNT, DONOR_COUNT = 20, 288
RED_TOTAL, EPIDEMIC_TOTAL = Decimal("17126000.00"), Decimal("26197000.00")
PAIRED_TOTAL = Decimal("1939000.00")
PURCHASES = [
    (
        "城阳区工商联",
        "关岭县农特产品专业合作社",
        "安顺关岭",
        "关岭牛肉、花江狗肉",
        Decimal("820000.00"),
        date(2020, 5, 20),
    ),
    (
        "城阳区商会会员企业",
        "成县核桃产业合作社",
        "陇南成县",
        "核桃、核桃油",
        Decimal("650000.00"),
        date(2020, 6, 18),
    ),
    (
        "城阳区工商联",
        "关岭县山地农产品公司",
        "安顺关岭",
        "火龙果、百香果",
        Decimal("580000.00"),
        date(2020, 8, 8),
    ),
    (
        "城阳区商会会员企业",
        "成县土蜂蜜合作社",
        "陇南成县",
        "土蜂蜜、香菇",
        Decimal("540000.00"),
        date(2020, 9, 26),
    ),
    (
        "城阳区消费帮扶配送中心",
        "关岭县扶贫车间",
        "安顺关岭",
        "刺绣、蜡染制品",
        Decimal("480000.00"),
        date(2020, 11, 12),
    ),
    (
        "城阳区消费帮扶配送中心",
        "成县电商扶贫中心",
        "陇南成县",
        "杂粮礼盒",
        Decimal("400000.00"),
        date(2020, 12, 15),
    ),
]
VOLUNTEER_TOTAL = Decimal("203600.00")
EPIDEMIC_NAME = "2020年抗击新冠肺炎疫情捐款捐物"
PAIRED_NAME = "2020年东西部协作对口帮扶（安顺关岭、陇南成县）"


def spread(total: Decimal, n: int, *, step: Decimal = Decimal(100)) -> list[Decimal]:
    """`total` in n falling parts (weights n … 1) rounded to `step`; the first takes the remainder."""
    weights = list(range(n, 0, -1))
    whole = sum(weights)
    parts = [(total * w / whole / step).to_integral_value() * step for w in weights]
    parts[0] += total - sum(parts, Decimal(0))
    return parts


def _donors(federation: Organization) -> tuple[list[Enterprise], list[Enterprise]]:
    """20 red-alliance enterprises and 268 others of the federation, registering any missing."""
    tag, _ = Tag.objects.get_or_create(code=RED_ALLIANCE, defaults={"name": "党建红盟企业"})
    own = Enterprise.unscoped_objects.filter(federation=federation).order_by("pk")
    red = list(own.filter(tags=tag)[:RED_COUNT])
    others = list(own.exclude(tags=tag)[: DONOR_COUNT - RED_COUNT])
    serial = 0

    def register(tags: list[Tag]) -> Enterprise:
        nonlocal serial
        while True:
            serial += 1
            code = make_credit_code(8_820_000 + serial, kind="91")
            if not Enterprise.unscoped_objects.filter(credit_code=code).exists():
                break
        data = {"name": f"青岛城阳爱心企业{serial:03d}有限公司", "credit_code": code, "street": "城阳"}
        return create_enterprise(actor=SYSTEM, federation=federation, data=data, tags=tags)

    red += [register([tag]) for _ in range(RED_COUNT - len(red))]
    others += [register([]) for _ in range(DONOR_COUNT - RED_COUNT - len(others))]
    return red, others


def _give(
    campaign: Campaign, donors: list[DonorInput], day: date, cash: Decimal, goods: Decimal, **kw: Any
) -> Any:
    items = (
        [ItemInput("防疫物资（口罩、防护服、消毒液）", Decimal(1), "批", goods, ValuationBasis.INVOICE)]
        if goods
        else []
    )
    return services.record_donation(
        actor=SYSTEM,
        campaign=campaign,
        donated_on=day,
        donors=donors,
        cash_amount=cash,
        items=items,
        delivered_on=day + timedelta(days=3),
        **kw,
    )


def _epidemic(federation: Organization) -> None:
    campaign, created = Campaign.unscoped_objects.get_or_create(
        organization=federation,
        name=EPIDEMIC_NAME,
        defaults={
            "kind": CampaignKind.EPIDEMIC,
            "regions": "城阳区、武汉市",
            "recipients": "抗疫一线医护人员、社区防控点",
            "start_on": date(2020, 1, 25),
            "end_on": date(2020, 6, 30),
            "goal_amount": Decimal("20000000.00"),
        },
    )
    if not created:
        return
    red, others = _donors(federation)
    red_amounts = spread(RED_TOTAL, RED_COUNT)
    other_amounts = spread(EPIDEMIC_TOTAL - RED_TOTAL, len(others))
    channels = [Channel.CHARITY, Channel.RED_CROSS, Channel.GUANGCAI]
    for i, (e, amount) in enumerate(zip(red, red_amounts, strict=True)):
        goods = (amount / 2).quantize(Decimal("0.01")) if i % 3 == 0 else Decimal(0)
        day = date(2020, 1, 26) + timedelta(days=i * 4)
        d = _give(campaign, [DonorInput(enterprise=e)], day, amount - goods, goods, channel=channels[i % 3])
        if i % 2 == 0:
            services.record_receipt(
                actor=SYSTEM,
                donation=d,
                number=f"鲁财票（2020）{10001 + i}",
                issuer=Channel(channels[i % 3]).label.replace("总会", "区慈善总会"),
                receipt_date=day + timedelta(days=10),
            )
    # Two enterprises give jointly; one gift recorded wrong is corrected (the ledger keeps both rows).
    joint = [
        DonorInput(enterprise=others[0], amount=other_amounts[0]),
        DonorInput(enterprise=others[1], amount=other_amounts[1]),
    ]
    _give(
        campaign,
        joint,
        date(2020, 2, 2),
        other_amounts[0] + other_amounts[1],
        Decimal(0),
        recipient="城阳区人民医院",
    )
    wrong = _give(
        campaign, [DonorInput(enterprise=others[2])], date(2020, 2, 3), other_amounts[2] + 10000, Decimal(0)
    )
    services.correct_donation(
        actor=SYSTEM,
        donation=wrong,
        cash_amount=other_amounts[2],
        in_kind_amount=Decimal(0),
        reason="核对慈善总会到账记录，原登记金额多录1万元",
    )
    for i, (e, amount) in enumerate(zip(others[3:], other_amounts[3:], strict=True)):
        day = date(2020, 2, 1) + timedelta(days=i % 140)
        _give(campaign, [DonorInput(enterprise=e)], day, amount, Decimal(0), channel=channels[i % 3])


def _paired(federation: Organization) -> None:
    campaign, created = Campaign.unscoped_objects.get_or_create(
        organization=federation,
        name=PAIRED_NAME,
        defaults={
            "kind": CampaignKind.PAIRED_ASSISTANCE,
            "regions": "安顺关岭、陇南成县",
            "recipients": "关岭县、成县困难群众及学校",
            "start_on": date(2020, 3, 1),
            "end_on": date(2020, 12, 31),
        },
    )
    if not created:
        return
    donors = list(Enterprise.unscoped_objects.filter(federation=federation).order_by("-pk")[:12])
    for i, (e, amount) in enumerate(zip(donors, spread(PAIRED_TOTAL, len(donors)), strict=True)):
        region = "安顺关岭" if i % 2 == 0 else "陇南成县"
        goods = (amount * Decimal("0.4")).quantize(Decimal("0.01")) if i % 4 == 1 else Decimal(0)
        _give(
            campaign,
            [DonorInput(enterprise=e)],
            date(2020, 4, 1) + timedelta(days=20 * i),
            amount - goods,
            goods,
            recipient=f"{region}扶贫办",
            channel=Channel.GUANGCAI,
        )


def _assistance(federation: Organization) -> None:
    for name, kind, place, opened in (
        ("城阳区扶贫产品体验馆", FacilityKind.EXHIBITION, "城阳区正阳路城阳商会大厦一层", date(2020, 9, 15)),
        ("城阳区消费帮扶配送中心", FacilityKind.DISTRIBUTION, "城阳区棘洪滩街道物流园", date(2020, 11, 10)),
    ):
        if not _facility_exists(federation, name):
            services.save_facility(
                actor=SYSTEM,
                organization=federation,
                name=name,
                kind=kind,
                place=place,
                opened_on=opened,
                region="安顺关岭、陇南成县",
                investment=Decimal("600000.00"),
                partners="关岭县扶贫办、成县商务局",
            )
    for buyer, supplier, region, goods, amount, day in PURCHASES:
        if not AssistancePurchase.unscoped_objects.filter(
            organization=federation, supplier=supplier, purchased_on=day
        ).exists():
            services.save_purchase(
                actor=SYSTEM,
                organization=federation,
                buyer=buyer,
                supplier=supplier,
                region=region,
                goods=goods,
                amount=amount,
                purchased_on=day,
            )


def _facility_exists(federation: Organization, name: str) -> bool:
    from shanglian.guidance.models import AssistanceFacility

    return AssistanceFacility.unscoped_objects.filter(organization=federation, name=name).exists()


def _volunteers(federation: Organization) -> None:
    chamber = (
        Organization.objects.unscoped()
        .filter(path__startswith=federation.path, kind=OrgKind.CHAMBER, name__contains="夏庄街道商会")
        .order_by("path")
        .first()
    ) or federation
    team = VolunteerTeam.unscoped_objects.filter(organization=chamber, name="夏庄街道商会志愿服务队").first()
    if team is None:
        team = services.save_team(
            actor=SYSTEM,
            organization=chamber,
            name="夏庄街道商会志愿服务队",
            founded_on=date(2019, 3, 5),
            leader="王志刚",
        )
    values = spread(VOLUNTEER_TOTAL, 12)
    for month, value in enumerate(values, start=1):
        day = date(2020, month, 15)
        title = f"{month}月走访慰问困难家庭"
        if VolunteerActivity.unscoped_objects.filter(team=team, held_on=day, title=title).exists():
            continue
        services.record_activity(
            actor=SYSTEM,
            team=team,
            held_on=day,
            title=title,
            families_reached=20 + month,
            people_reached=50 + 2 * month,
            items="大米、食用油、米面",
            gift_value=value,
            volunteers=12 + month % 5,
            hours=Decimal(36 + 3 * (month % 4)),
        )


@transaction.atomic
def build(federation: Organization) -> None:
    _epidemic(federation)
    _paired(federation)
    _assistance(federation)
    _volunteers(federation)
