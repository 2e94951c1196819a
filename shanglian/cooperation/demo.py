"""Demo cooperation: the 2020 seed (every project stage, deals, talks, liaisons, friendly chambers) and this
year's records — a deal with an amendment, a project in talks, a chamber's own liaison."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from shanglian.cooperation import seed2020
from shanglian.cooperation.models import (
    Deal,
    DealAmendment,
    DealType,
    InvestmentProject,
    Liaison,
    LiaisonKind,
    LiaisonLevel,
    Stage,
    Talk,
)
from shanglian.core.demo import DemoContext


def load(ctx: DemoContext) -> None:
    fed = ctx.federation
    seed2020.build(fed)
    today = ctx.today
    members = [e for e in ctx.enterprises if e.street == "城阳"][:2]
    a = members[0] if members else None
    deal = Deal.unscoped_objects.create(
        organizer=fed,
        title="智能仓储系统采购",
        deal_type=DealType.TRADE,
        party_a=a,
        party_a_name=a.name if a else "青岛本地会员企业",
        party_b_name="深圳市云启人工智能有限公司",
        amount=Decimal("3500000"),
        signed_amount=Decimal("3000000"),
        signed_on=today - timedelta(days=60),
        contract_no="CY2026-HZ-001",
    )
    DealAmendment.unscoped_objects.create(
        deal=deal,
        increment=Decimal("500000"),
        amount_before=Decimal("3000000"),
        amended_on=today - timedelta(days=10),
        reason="补充协议：增加二期设备",
    )
    project = InvestmentProject.unscoped_objects.create(
        organizer=fed,
        name="氢能装备产业项目",
        investor="长三角某新能源企业",
        industry="新能源",
        planned_investment=Decimal("300000000"),
        stage=Stage.NEGOTIATING,
    )
    for days in (40, 15):
        Talk.unscoped_objects.create(
            project=project,
            held_on=today - timedelta(days=days),
            stage=Stage.NEGOTIATING,
            place="城阳区工商联",
            participants="区工商联、投资方代表",
            summary="洽谈用地与配套政策。",
        )
    chamber = ctx.chambers.get("城阳街道商会")
    if chamber is not None:
        Liaison.unscoped_objects.create(
            organizer=chamber,
            organisation="青岛市城阳商会（驻深圳联络处）",
            level=LiaisonLevel.CITY,
            kind=LiaisonKind.CHAMBER,
            contacted_on=today - timedelta(days=20),
            purpose="对接在深城阳籍企业家",
            follow_up="组织回乡考察",
        )
    load_postings(ctx)


def load_postings(ctx: DemoContext) -> None:
    """供需对接 in every state: pending, published (with candidates, an interest, a match in each state),
    rejected, closed and one expired."""
    from shanglian.cooperation.models import Interest, Match, MatchStatus, Posting, PostingStatus, Side

    fed = ctx.federation
    today = ctx.today
    firms = [e for e in ctx.enterprises if e.industry_id][:12]
    if len(firms) < 9:
        return
    specs = [
        (
            firms[0],
            Side.DEMAND,
            "services",
            "寻求冷链物流与仓储服务",
            "生鲜食品冷链运输与冷库仓储，日均 20 吨。",
            PostingStatus.PUBLISHED,
            90,
        ),
        (
            firms[1],
            Side.SUPPLY,
            "services",
            "提供冷链物流与冷库仓储",
            "自有冷库 5000 吨，冷链车 30 辆，覆盖胶东半岛。",
            PostingStatus.PUBLISHED,
            120,
        ),
        (
            firms[2],
            Side.DEMAND,
            "financing",
            "寻求设备融资租赁",
            "新建生产线需设备融资约 800 万元。",
            PostingStatus.PENDING,
            60,
        ),
        (
            firms[3],
            Side.SUPPLY,
            "products",
            "供应食品级包装材料",
            "食品级包装膜、纸箱，可定制印刷。",
            PostingStatus.PUBLISHED,
            180,
        ),
        (
            firms[4],
            Side.DEMAND,
            "talent",
            "招聘数控技术人才",
            "数控编程与设备维护人员 10 名。",
            PostingStatus.REJECTED,
            30,
        ),
        (
            firms[5],
            Side.DEMAND,
            "land",
            "求租标准厂房 3000 平米",
            "城阳区内，层高 8 米以上，可办环评。",
            PostingStatus.PUBLISHED,
            -5,
        ),
        (
            firms[6],
            Side.SUPPLY,
            "partners",
            "寻找跨境电商合作伙伴",
            "已开通多个跨境平台店铺，寻找工厂货源。",
            PostingStatus.CLOSED,
            30,
        ),
        (
            firms[7],
            Side.DEMAND,
            "products",
            "采购食品包装纸箱",
            "月需纸箱 5 万只，要求食品级。",
            PostingStatus.PUBLISHED,
            60,
        ),
    ]
    made = []
    for firm, side, category, title, text, status, days in specs:
        made.append(
            Posting.unscoped_objects.create(
                federation=fed,
                enterprise=firm,
                side=side,
                category=category,
                title=title,
                description=text,
                industry=firm.industry,
                region=firm.street,
                valid_until=today + timedelta(days=days),
                contact_name=ctx.fake.name(),
                contact_phone=ctx.fake.phone_number(),
                status=status,
                review_note="信息不完整，请补充岗位要求" if status == PostingStatus.REJECTED else "",
            )
        )
    Interest.unscoped_objects.create(posting=made[0], enterprise=firms[1], note="可提供冷链服务")
    Match.unscoped_objects.create(
        posting=made[0],
        counterpart=firms[1],
        reason="供需对口：服务；关键词：冷链、物流",
        status=MatchStatus.MEETING,
    )
    Match.unscoped_objects.create(
        posting=made[7],
        counterpart=firms[3],
        reason="供需对口：产品；关键词：包装、纸箱",
        status=MatchStatus.PROPOSED,
    )
    Match.unscoped_objects.create(
        posting=made[3],
        counterpart=firms[8],
        reason="会员库企业",
        status=MatchStatus.FAILED,
        result_note="价格未谈拢",
    )
