"""Demo 诉求: appeals of 城阳 enterprises in every state, walked through the real services so every step has
its audit row and timeline entry; some overdue (催办/督办 sent by the chasing ladder on the demo day)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from shanglian.appeals import services
from shanglian.appeals.models import Appeal, Channel, Outcome, Satisfaction
from shanglian.core.access import SYSTEM
from shanglian.core.demo import DemoContext
from shanglian.registry.models import Membership
from shanglian.workdays.services import add_working_days

# (category, title, content, default unit)
TOPICS: list[tuple[str, str, str]] = [
    ("税费", "增值税留抵退税办理进度咨询", "我司已提交留抵退税申请一个月，想了解审核进度和还需补充的材料。"),
    ("税费", "研发费用加计扣除政策适用", "新建研发中心的人员费用能否纳入加计扣除范围，希望税务部门解答。"),
    ("融资", "流动资金贷款续贷困难", "贷款到期银行要求先还后贷，企业资金周转困难，希望协调无还本续贷。"),
    ("融资", "申请应急转贷资金", "订单增加需要备料，申请使用区应急转贷资金过桥。"),
    ("用工", "旺季招工难", "生产旺季缺普工约三十人，希望协助对接劳务资源和招聘会。"),
    ("用工", "技术工人职称评定", "企业高级技工希望参加职称评定，不清楚申报渠道。"),
    ("市场准入", "食品经营许可证变更", "企业搬迁后需要变更食品经营许可证地址，希望指导办理流程。"),
    ("市场准入", "厂房扩建施工许可迟迟未批", "二期厂房施工许可申请已提交两个月，希望协调加快审批。"),
    ("法律/权益保护", "货款被拖欠", "下游企业拖欠货款八十余万元，多次催收无果，希望协助维权。"),
    ("法律/权益保护", "商标被仿冒", "发现外地企业仿冒我司注册商标销售产品，希望协助维权。"),
    ("基础设施", "园区道路破损影响运输", "园区主干道路面破损严重，大货车通行困难，希望尽快维修。"),
    ("政策咨询", "高新技术企业认定材料", "准备申报高新技术企业，咨询认定条件和材料要求。"),
    ("基础设施", "厂区周边污水管网未接通", "新厂区周边污水管网未接通，影响环评验收。"),
    ("其他", "参加展会补贴申请", "参加广交会的展位费补贴应向哪个部门申请。"),
]
UNIT_OF_CATEGORY = {
    "税费": "城阳区税务局",
    "融资": "城阳区工业和信息化局",
    "用工": "城阳区工业和信息化局",
    "政策咨询": "城阳区工业和信息化局",
    "市场准入": "城阳区市场监督管理局",
    "法律/权益保护": "城阳区人民检察院",
    "基础设施": "城阳区工业和信息化局",
    "其他": "城阳区工业和信息化局",
}
CHANNELS = [Channel.ONLINE, Channel.MINI_PROGRAM, Channel.PHONE, Channel.VISIT, Channel.EVENT]

# Target states in order; each is (how far along, days before the demo day it was submitted).
PLAN: list[tuple[str, int]] = [
    ("chamber", 2),
    ("chamber", 1),
    ("submitted", 1),
    ("submitted", 0),
    ("submitted", 3),
    ("duplicate", 0),
    ("declined", 6),
    ("accepted", 2),
    ("accepted", 1),
    ("dispatched", 3),
    ("dispatched_late", 12),
    ("handling", 4),
    ("handling", 5),
    ("handling_late", 16),
    ("handling_late", 25),
    ("extension", 8),
    ("replied", 9),
    ("replied", 7),
    ("replied", 10),
    ("closed", 12),
    ("closed", 14),
    ("closed", 11),
    ("rated", 30),
    ("rated", 40),
    ("rated", 22),
    ("rated", 50),
    ("rated", 35),
    ("rated_basic", 28),
    ("reopened", 26),
    ("escalated", 45),
    ("chamber_done", 20),
    ("transferred", 6),
]


def load(ctx: DemoContext) -> None:
    fed, today, rng = ctx.federation, ctx.today, ctx.rng
    admin, leader = ctx.users["fed_admin"], ctx.users["fed_leader"]
    services.ensure_default_categories(actor=SYSTEM, federation=fed)
    categories = {c.name: c for c in services.ensure_default_categories(actor=SYSTEM, federation=fed)}
    for name, cat in categories.items():
        unit = ctx.departments.get(UNIT_OF_CATEGORY[name])
        services.save_category(
            actor=SYSTEM,
            federation=fed,
            category=cat,
            name=cat.name,
            default_unit=unit,
            rights_protection=cat.rights_protection,
            order=cat.order,
        )
    demo_enterprise = ctx.users["ent_demo"].role_assignments.get().enterprise
    members = list(
        Membership.unscoped_objects.filter(chamber__in=ctx.chambers.values(), left_on__isnull=True)
        .select_related("enterprise", "chamber")
        .order_by("pk")[:200]
    )
    secretaries = {ctx.users["sec_chengyang"].home_org_id: ctx.users["sec_chengyang"]}
    tax = ctx.departments["城阳区税务局"]
    previous: dict[int, Appeal] = {}

    for i, (target, ago) in enumerate(PLAN):
        topic = TOPICS[i % len(TOPICS)]
        # Every third appeal is the demo enterprise's own, so its user sees one in most states.
        m = None if i % 3 == 0 else members[rng.randrange(len(members))]
        enterprise = demo_enterprise if m is None else m.enterprise
        day = today - timedelta(days=ago)
        category = categories[topic[0]]
        unit = category.default_unit or tax
        if i % 3 == 0 and target not in ("chamber", "chamber_done"):
            unit = tax  # so the tax liaison's page has work in most states
        via_chamber = target in ("chamber", "chamber_done")
        chamber_of = m.chamber if m else None
        actor: Any = SYSTEM
        if via_chamber:
            # The chamber's secretary enters it from a phone call (城阳街道商会 has a demo login).
            chamber_of = ctx.chambers["城阳街道商会"]
            enterprise = demo_enterprise
            actor = secretaries[chamber_of.pk]
        title = topic[1]
        if target == "duplicate":  # the same enterprise raises its open appeal again: flagged to the desk
            title, enterprise = previous[0].title, previous[0].enterprise
            category = previous[0].category or category
        appeal = services.submit_appeal(
            actor=actor,
            enterprise=enterprise,
            title=title,
            content=topic[2] if target != "duplicate" else "再次反映：" + previous[0].content,
            channel=Channel.PHONE if via_chamber else CHANNELS[i % len(CHANNELS)],
            category=category,
            disclose=i % 4 == 0,
            counterparty="青岛某贸易有限公司" if category.rights_protection else "",
            today=day,
        )
        previous.setdefault(0, appeal)
        steps = _steps(target, unit, admin, leader, ctx, day)
        for step in steps:
            appeal = step(appeal)
    services.chase_appeals(actor=SYSTEM, today=today)


def _steps(
    target: str, unit: Any, admin: Any, leader: Any, ctx: DemoContext, day: Any
) -> list[Callable[[Appeal], Appeal]]:
    def at(n: int) -> Any:
        return add_working_days(day, n)

    accept = lambda a: services.accept_appeal(actor=admin, appeal=a, today=at(1))  # noqa: E731
    dispatch = lambda a: services.dispatch_appeal(actor=admin, appeal=a, lead=unit.pk, today=at(1))  # noqa: E731
    sign = lambda a: services.sign_appeal(actor=SYSTEM, appeal=a, today=at(2))  # noqa: E731
    progress = lambda a: services.record_progress(  # noqa: E731
        actor=SYSTEM, appeal=a, text="已电话联系企业负责人，正在会同相关科室研究。", today=at(2)
    )

    replies: dict[str, str] = {
        Outcome.SOLVED: "经协调，问题已解决，企业已确认。",
        Outcome.PARTLY: "已解决主要问题，剩余事项纳入下一步工作计划。",
        Outcome.EXPLAINED: "已向企业解释相关政策规定及办理渠道。",
    }

    def reply(outcome: str, n: int = 4) -> Callable[[Appeal], Appeal]:
        return lambda a: services.reply_appeal(
            actor=SYSTEM, appeal=a, text=replies[outcome], outcome=outcome, today=at(n)
        )

    def close_at(n: int = 5) -> Callable[[Appeal], Appeal]:
        return lambda a: services.close_appeal(actor=admin, appeal=a, today=at(n))

    close = close_at()

    def rate(sat: str, remark: str = "", n: int = 6) -> Callable[[Appeal], Appeal]:
        return lambda a: services.rate_appeal(
            actor=SYSTEM, appeal=a, satisfaction=sat, comment=remark, today=at(n)
        )

    def comment(a: Appeal) -> Appeal:
        services.comment_appeal(actor=leader, appeal=a, text="请区工信局主要负责同志牵头，一周内拿出方案。")
        return a

    handled = [accept, dispatch, sign, progress]
    plans: dict[str, list[Callable[[Appeal], Appeal]]] = {
        "chamber": [],
        "submitted": [],
        "duplicate": [],
        "declined": [
            lambda a: services.decline_appeal(
                actor=admin,
                appeal=a,
                today=at(1),
                reason="该事项已进入司法程序，不属于工商联受理范围；建议通过法院执行局反映，工商联可协助联系法律顾问。",
            )
        ],
        "accepted": [accept],
        "dispatched": [accept, dispatch],
        "dispatched_late": [accept, dispatch],
        "handling": handled,
        "handling_late": handled,
        "extension": [
            *handled,
            lambda a: services.request_extension(
                actor=SYSTEM, appeal=a, days=5, reason="需会同住建部门现场踏勘。", today=at(3)
            ),
        ],
        "replied": [*handled, reply(Outcome.SOLVED)],
        "closed": [*handled, reply(Outcome.SOLVED), close],
        "rated": [*handled, reply(Outcome.SOLVED), close, rate(Satisfaction.SATISFIED, "办理及时，非常满意")],
        "rated_basic": [*handled, reply(Outcome.PARTLY), close, rate(Satisfaction.BASICALLY)],
        "reopened": [
            *handled,
            reply(Outcome.EXPLAINED),
            close,
            rate(Satisfaction.UNSATISFIED, "只做了解释，问题没有解决"),
        ],
        "escalated": [
            *handled,
            reply(Outcome.EXPLAINED),
            close,
            rate(Satisfaction.UNSATISFIED, "问题没有解决"),
            reply(Outcome.PARTLY, 9),
            close_at(10),
            rate(Satisfaction.UNSATISFIED, "重办后仍未解决", 11),
            comment,
        ],
        "chamber_done": [
            lambda a: services.take_appeal(
                actor=SYSTEM, appeal=a, reason="商会组织会员企业专场招聘会", today=at(1)
            ),
            reply(Outcome.SOLVED),
            close,
            rate(Satisfaction.SATISFIED),
        ],
        "transferred": [
            accept,
            dispatch,
            lambda a: services.transfer_appeal(
                actor=admin,
                appeal=a,
                lead=ctx.departments["城阳区市场监督管理局"].pk,
                reason="涉及许可证照，转市场监管局主办。",
                today=at(2),
            ),
        ],
    }
    return plans[target]
