"""The seed's year for the mechanisms (figures.md #20, #21): 6 guiding and 15 supporting rule documents in
force in 2020, and 42 innovation suggestions received in 2020 by 公众号, 邮箱 and 领导电话.

Idempotent: rules by their number, suggestions by (federation, title, date); a second run changes nothing.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction

from shanglian.core.access import SYSTEM
from shanglian.mechanisms import services
from shanglian.mechanisms.models import RuleCategory, RuleDocument, Suggestion
from shanglian.orgs.models import Organization

FILING_RULE_NUMBER = "城工商联发〔2020〕3号"
GUIDING = [
    ("城工商联发〔2020〕1号", "关于加强区工商联所属商会建设的指导意见", date(2020, 2, 10)),
    ("城工商联发〔2020〕2号", "区工商联所属商会党建工作指引", date(2020, 2, 10)),
    (FILING_RULE_NUMBER, "区工商联所属商会重大事项报备制度", date(2020, 3, 2)),
    ("城工商联发〔2020〕4号", "区工商联（总商会）重点工作集体签字同意制度", date(2020, 3, 2)),
    ("城工商联发〔2020〕5号", "重大公共政策征求企业家副主席意见办法", date(2020, 4, 8)),
    ("城工商联发〔2020〕6号", "区工商联创意创新激励办法", date(2020, 4, 8)),
]
SUPPORTING = [
    "商会会员大会（会员代表大会）议事规则",
    "商会理事会议事规则",
    "商会会长办公会议事规则",
    "商会监事会工作规则",
    "商会财务管理制度",
    "商会会费收取和使用管理办法",
    "商会印章管理制度",
    "商会档案管理制度",
    "商会秘书处工作规则",
    "商会换届选举工作规程",
    "商会信息公开制度",
    "商会会员发展与管理办法",
    "商会对外捐赠管理办法",
    "商会重大活动报备实施细则",
    "商会诚信自律公约",
]
TOPICS = [
    "设立企业家接待日",
    "简化小微企业开办手续",
    "建立涉企政策统一发布平台",
    "加大首贷续贷支持",
    "推进工程款清欠",
    "优化企业用电报装",
    "建设人才公寓",
    "开通企业服务直通车",
    "设立商会法律服务站",
    "举办供需对接会",
    "推动商会间结对合作",
    "加强青年企业家培养",
    "开展数字化转型诊断",
    "完善中小企业应急转贷",
    "推广电子发票应用",
    "扩大政府采购中小企业份额",
    "建设园区共享食堂",
    "优化停车和物流配送",
    "设立创新券",
    "组织企业家外出考察",
    "推动产学研合作",
]
ANGLES = ["的建议", "的几点思考"]
CHANNELS = ["wechat", "email", "phone"]
CATEGORIES = ["business_env", "policy", "service", "chamber", "innovation", "other"]
# Of the 42: how each ends (by position in the list), deterministic.
ADOPTED = set(range(0, 42, 3))  # 14 adopted
DEFERRED = set(range(1, 42, 7))
DECLINED = set(range(2, 42, 9))


@transaction.atomic
def build(federation: Organization) -> None:
    for number, title, effective in GUIDING:
        _rule(federation, RuleCategory.GUIDING, number, title, effective)
    for i, title in enumerate(SUPPORTING, start=1):
        _rule(
            federation,
            RuleCategory.SUPPORTING,
            f"城工商联办〔2020〕{i}号",
            title,
            date(2020, 5, 1) + timedelta(days=7 * i),
        )
    rule = RuleDocument.objects.unscoped().get(federation=federation, number=FILING_RULE_NUMBER)
    services.ensure_default_filing_types(actor=SYSTEM, federation=federation, rule=rule)
    _suggestions(federation)


def _rule(federation: Organization, category: str, number: str, title: str, effective: date) -> None:
    if RuleDocument.objects.unscoped().filter(federation=federation, number=number).exists():
        return
    services.create_rule(
        actor=SYSTEM,
        federation=federation,
        category=category,
        number=number,
        title=title,
        effective_on=effective,
        summary=f"{title}，自 {effective:%Y年%m月%d日} 起施行。",
    )


def _suggestions(federation: Organization) -> None:
    titles = [f"关于{topic}{angle}" for angle in ANGLES for topic in TOPICS]
    for i, title in enumerate(titles):
        day = date(2020, 1, 6) + timedelta(days=8 * i)
        if (
            Suggestion.objects.unscoped()
            .filter(federation=federation, title=title, submitted_on=day)
            .exists()
        ):
            continue
        s = services.submit_suggestion(
            actor=SYSTEM,
            federation=federation,
            channel=CHANNELS[i % 3],
            author_name=f"企业家{'赵钱孙李周吴郑王冯陈'[i % 10]}先生",
            title=title,
            content=f"{title}：结合企业实际，提出具体做法和工作建议。",
            category=CATEGORIES[i % len(CATEGORIES)],
            submitted_on=day,
        )
        s = services.answer_suggestion(actor=SYSTEM, suggestion=s, step="accept")
        s = services.answer_suggestion(actor=SYSTEM, suggestion=s, step="evaluate")
        if i in ADOPTED:
            s = services.answer_suggestion(
                actor=SYSTEM,
                suggestion=s,
                step="adopt",
                answer="建议已采纳，转相关单位落实。",
                responsible_unit="区工商联经济服务科",
            )
            progress = 100 if i % 2 == 0 else 60
            services.record_progress(
                actor=SYSTEM,
                suggestion=s,
                progress=progress,
                text="已落实" if progress == 100 else "推进中",
                on=day + timedelta(days=30),
            )
        elif i in DEFERRED:
            services.answer_suggestion(
                actor=SYSTEM, suggestion=s, step="defer", answer="条件尚不成熟，暂缓实施。"
            )
        elif i in DECLINED:
            services.answer_suggestion(
                actor=SYSTEM, suggestion=s, step="decline", answer="已有相关政策覆盖，不予采纳。"
            )
