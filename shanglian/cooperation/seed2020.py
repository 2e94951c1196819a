"""The seed's 2020 服务平台 figures: deals 19,860 万元 (#5 近2亿元), 97 talks (#25 近百次), 24 outside
organisations contacted (#22), 4 friendly chambers (#23). Idempotent: natural keys with get_or_create."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from shanglian.cooperation.models import (
    Deal,
    DealType,
    FriendlyChamber,
    InvestmentProject,
    Liaison,
    LiaisonKind,
    LiaisonLevel,
    Stage,
    Talk,
)
from shanglian.orgs.models import Organization

WAN = Decimal(10000)

# (事项, 甲方, 乙方, 类型, 万元): 12 deals adding up to 19,860 万元.
DEALS = [
    ("智能装备采购合作", "青岛海川智能装备有限公司", "深圳市云启人工智能有限公司", DealType.TRADE, 3200),
    ("轨道交通配套项目合作", "青岛城阳轨道配套有限公司", "中车青岛四方配套企业", DealType.INVESTMENT, 4100),
    ("食品冷链物流合作", "青岛夏庄食品有限公司", "山东冷链物流集团", DealType.SERVICE, 1260),
    ("新材料技术合作", "青岛棘洪滩新材料有限公司", "深圳新材料研究院", DealType.TECHNOLOGY, 980),
    ("供应链融资合作", "青岛上马机械有限公司", "青岛农商银行城阳支行", DealType.FINANCING, 2500),
    ("服装产业链协作", "青岛惜福镇服装有限公司", "深圳市山东商会会员企业", DealType.TRADE, 860),
    ("电子元器件购销", "青岛流亭电子有限公司", "深圳华强电子", DealType.TRADE, 1540),
    ("医疗器械合作生产", "青岛城阳医疗器械有限公司", "山东医疗器械协会会员企业", DealType.INVESTMENT, 1800),
    ("建材集中采购", "青岛红岛建材有限公司", "青岛城阳建筑商会会员企业", DealType.TRADE, 720),
    ("跨境电商服务合作", "青岛河套贸易有限公司", "上合示范区跨境电商平台", DealType.SERVICE, 640),
    ("数字化改造项目", "青岛城阳纺织有限公司", "浪潮云服务", DealType.TECHNOLOGY, 1300),
    ("农产品产销对接", "青岛沂水商会会员企业", "城阳区农产品批发市场", DealType.TRADE, 960),
]
DEAL_TOTAL_WAN = 19860

PROJECTS = [
    ("人工智能产业园", "深圳市人工智能产业协会会员企业", "人工智能", Stage.SIGNED),
    ("高端装备制造基地", "深圳市山东商会会员企业", "装备制造", Stage.PREPARING),
    ("生物医药研发中心", "北京某医药集团", "生物医药", Stage.FUNDED),
    ("冷链物流园", "山东冷链物流集团", "物流", Stage.PRODUCING),
    ("新能源汽车零部件", "长三角某汽车零部件企业", "汽车零部件", Stage.NEGOTIATING),
    ("跨境电商产业园", "上合示范区平台企业", "电子商务", Stage.NEGOTIATING),
    ("总部经济楼宇", "某民营500强企业", "商务服务", Stage.PROMOTING),
    ("文旅综合体", "粤港澳大湾区文旅企业", "文化旅游", Stage.DROPPED),
]
TALKS_2020 = 97

LIAISONS = [
    ("深圳市人工智能产业协会", LiaisonLevel.CITY, LiaisonKind.ASSOCIATION),
    ("深圳市山东商会", LiaisonLevel.CITY, LiaisonKind.CHAMBER),
    ("中华全国工商业联合会", LiaisonLevel.NATIONAL, LiaisonKind.ASSOCIATION),
    ("中国民营经济研究会", LiaisonLevel.NATIONAL, LiaisonKind.ASSOCIATION),
    ("山东省工商业联合会", LiaisonLevel.PROVINCIAL, LiaisonKind.ASSOCIATION),
    ("山东省青岛商会", LiaisonLevel.PROVINCIAL, LiaisonKind.CHAMBER),
    ("广东省山东商会", LiaisonLevel.PROVINCIAL, LiaisonKind.CHAMBER),
    ("浙江省山东商会", LiaisonLevel.PROVINCIAL, LiaisonKind.CHAMBER),
    ("上海市山东商会", LiaisonLevel.CITY, LiaisonKind.CHAMBER),
    ("北京市山东企业商会", LiaisonLevel.CITY, LiaisonKind.CHAMBER),
    ("深圳市物联网产业协会", LiaisonLevel.CITY, LiaisonKind.ASSOCIATION),
    ("深圳市电子商会", LiaisonLevel.CITY, LiaisonKind.CHAMBER),
    ("广州市山东商会", LiaisonLevel.CITY, LiaisonKind.CHAMBER),
    ("杭州市青岛商会", LiaisonLevel.CITY, LiaisonKind.CHAMBER),
    ("苏州市山东商会", LiaisonLevel.CITY, LiaisonKind.CHAMBER),
    ("天津市山东商会", LiaisonLevel.CITY, LiaisonKind.CHAMBER),
    ("济南市软件行业协会", LiaisonLevel.CITY, LiaisonKind.ASSOCIATION),
    ("青岛市智能制造协会", LiaisonLevel.CITY, LiaisonKind.ASSOCIATION),
    ("海尔集团", LiaisonLevel.NATIONAL, LiaisonKind.TOP500),
    ("海信集团", LiaisonLevel.NATIONAL, LiaisonKind.TOP500),
    ("华为技术有限公司", LiaisonLevel.NATIONAL, LiaisonKind.TOP500),
    ("比亚迪股份有限公司", LiaisonLevel.NATIONAL, LiaisonKind.TOP500),
    ("新希望集团", LiaisonLevel.NATIONAL, LiaisonKind.TOP500),
    ("万达集团", LiaisonLevel.NATIONAL, LiaisonKind.TOP500),
]

FRIENDLY = [
    ("深圳市山东商会", date(2020, 6, 18)),
    ("广东省山东商会", date(2020, 8, 6)),
    ("浙江省山东商会", date(2020, 10, 15)),
    ("上海市山东商会", date(2020, 11, 20)),
]


def build(federation: Organization) -> None:
    for i, (title, a, b, kind, wan) in enumerate(DEALS):
        Deal.unscoped_objects.get_or_create(
            organizer=federation,
            contract_no=f"CY2020-HZ-{i + 1:03d}",
            defaults={
                "title": title,
                "deal_type": kind,
                "party_a_name": a,
                "party_b_name": b,
                "amount": wan * WAN,
                "signed_amount": wan * WAN,
                "signed_on": date(2020, 1 + i, 10),
            },
        )
    projects = []
    for i, (name, investor, industry, stage) in enumerate(PROJECTS):
        signed = stage not in (Stage.PROMOTING, Stage.NEGOTIATING, Stage.DROPPED)
        project, _ = InvestmentProject.unscoped_objects.get_or_create(
            organizer=federation,
            name=name,
            defaults={
                "investor": investor,
                "industry": industry,
                "planned_investment": (i + 2) * 5000 * WAN,
                "stage": stage,
                "signed_on": date(2020, 3 + i, 1) if signed else None,
                "drop_reason": "投资方调整战略" if stage == Stage.DROPPED else "",
            },
        )
        projects.append(project)
    for n in range(TALKS_2020):
        project = projects[n % len(projects)]
        held_on = date(2020, 1 + n % 12, 1 + n // 12 * 3)
        Talk.unscoped_objects.get_or_create(
            project=project,
            held_on=held_on,
            place="城阳区工商联",
            defaults={"stage": Stage.NEGOTIATING, "summary": "就投资规模、用地和配套政策洽谈。"},
        )
    for i, (org, level, liaison_kind) in enumerate(LIAISONS):
        Liaison.unscoped_objects.get_or_create(
            organizer=federation,
            organisation=org,
            contacted_on=date(2020, 1 + i % 12, 5 + i // 12 * 10),
            defaults={
                "level": level,
                "kind": liaison_kind,
                "purpose": "走访联系，推介城阳营商环境",
                "outcome": "建立联系机制",
                "follow_up": "年内回访",
            },
        )
    for partner, signed_on in FRIENDLY:
        FriendlyChamber.unscoped_objects.get_or_create(
            organizer=federation,
            partner=partner,
            defaults={
                "signed_on": signed_on,
                "term_years": 3,
                "content": "互设联络处，共享项目信息，互访交流。",
            },
        )
