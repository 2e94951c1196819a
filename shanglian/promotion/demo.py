"""Demo 助推平台: a year of visits by the federation and the chambers (offline and online, fixed and a
random draw, some confirmed by the enterprise), 包联 with overdue contacts, partner universities and
产学研 projects in every stage, and technology needs from posted to turned into a project."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from shanglian.core.access import own_enterprise_ids
from shanglian.promotion import services
from shanglian.promotion.models import InstitutionKind, Visit, VisitChannel, VisitMode
from shanglian.registry.models import Membership

PROBLEMS = [
    "企业反映融资难，希望对接银行信贷产品",
    "用工紧张，希望组织专场招聘会",
    "厂区周边道路破损，影响物流运输",
    "希望了解研发费用加计扣除政策",
    "出口订单下滑，希望参加境外展会",
    "希望对接高校开展技术攻关",
]
NOTES = [
    "了解企业生产经营情况，宣传惠企政策。",
    "走访企业负责人，听取意见建议。",
    "电话回访上次反映问题的办理情况。",
]
INSTITUTIONS = [
    ("四川大学", InstitutionKind.UNIVERSITY),
    ("西安理工大学", InstitutionKind.UNIVERSITY),
    ("中国海洋大学", InstitutionKind.UNIVERSITY),
    ("青岛大学", InstitutionKind.UNIVERSITY),
    ("青岛市科学技术信息研究院", InstitutionKind.INSTITUTE),
]
FIELDS = ["新材料", "智能制造", "食品加工", "生物医药", "新一代信息技术"]


def load(ctx: Any) -> None:
    admin = ctx.users.get("fed_admin")
    secretary = ctx.users.get("sec_chengyang")
    ent_user = ctx.users.get("ent_demo")
    if admin is None:
        return
    rng, today, fed = ctx.rng, ctx.today, ctx.federation
    chambers = list(ctx.chambers.values())
    members = {
        c.pk: list(
            Membership.unscoped_objects.filter(chamber=c, left_on__isnull=True)
            .order_by("pk")
            .values_list("enterprise", flat=True)
        )
        for c in chambers
    }
    from shanglian.registry.models import Enterprise

    by_id = {e.pk: e for e in Enterprise.unscoped_objects.filter(federation=fed)}
    # A year of visits: each chamber's secretary side (recorded by the admin here), both modes and channels.
    for chamber in chambers:
        ids = members[chamber.pk]
        for pk in rng.sample(ids, min(len(ids), rng.randint(3, 8))):
            online = rng.random() < 0.25
            problems = "\n".join(rng.sample(PROBLEMS, rng.randint(0, 2)))
            services.record_visit(
                actor=admin,
                organization=chamber if rng.random() < 0.6 else fed,
                enterprise=by_id[pk],
                visited_on=today - timedelta(days=rng.randint(5, 320)),
                mode=VisitMode.ONLINE if online else VisitMode.OFFLINE,
                channel=VisitChannel.PHONE if online else VisitChannel.ONSITE,
                visitors="王建国、刘秘书长",
                notes=rng.choice(NOTES),
                problems=problems,
            )
    # The demo enterprise has a visit record waiting for its confirmation, and an older confirmed one.
    if ent_user is not None and secretary is not None:
        own_ids = sorted(own_enterprise_ids(ent_user))
        if own_ids:
            chengyang = ctx.chambers.get("城阳街道商会") or chambers[0]
            old = services.record_visit(
                actor=secretary,
                organization=chengyang,
                enterprise=by_id[own_ids[0]],
                visited_on=today - timedelta(days=60),
                visitors="刘秘书长",
                notes="了解企业扩产计划。",
                problems="希望协调新厂区用电增容",
            )
            services.confirm_visit(actor=ent_user, visit=old)
            services.record_visit(
                actor=secretary,
                organization=chengyang,
                enterprise=by_id[own_ids[0]],
                visited_on=today - timedelta(days=3),
                visitors="刘秘书长",
                notes="回访用电增容问题办理进展。",
            )
    # A random draw at 城阳街道商会 (reproducible by its seed), two of its visits done.
    chengyang = ctx.chambers.get("城阳街道商会") or chambers[0]
    size = min(5, len(members[chengyang.pk]))
    if size:
        draw = services.draw_visits(
            actor=admin,
            organization=chengyang,
            chamber=chengyang,
            size=size,
            planned_on=today + timedelta(days=7),
            seed=20261125,
        )
        for visit in list(Visit.unscoped_objects.filter(draw=draw).order_by("pk"))[:2]:
            services.complete_visit(
                actor=admin,
                visit=visit,
                visited_on=today - timedelta(days=1),
                mode=VisitMode.OFFLINE,
                channel=VisitChannel.ONSITE,
                visitors="王建国",
                notes="随机走访。",
                problems=rng.choice(PROBLEMS),
            )
    # 包联: the admin looks after eight enterprises, some not contacted for over a month.
    for pk in sorted(by_id)[:8]:
        services.assign_cadre(
            actor=admin,
            organization=fed,
            cadre=admin,
            enterprise=by_id[pk],
            since=today - timedelta(days=200),
        )
    # 产学研.
    institutions = [
        services.save_institution(actor=admin, name=name, kind=kind, contact="科技处", phone="0532-88990000")
        for name, kind in INSTITUTIONS
    ]
    ids = sorted(by_id)
    for n in range(10):
        project = services.save_project(
            actor=admin,
            organization=fed if n % 3 else chambers[n % len(chambers)],
            institution=institutions[n % len(institutions)],
            enterprises=[
                by_id[ids[(n * 7) % len(ids)]],
                *([by_id[ids[(n * 11 + 3) % len(ids)]]] if n % 4 == 0 else []),
            ],
            title=f"{FIELDS[n % len(FIELDS)]}关键技术联合攻关项目（{n + 1}）",
            tech_field=FIELDS[n % len(FIELDS)],
            amount=Decimal(rng.randint(10, 300) * 10000),
        )
        if n < 8:
            services.advance_project(
                actor=admin, project=project, action="sign", signed_on=today - timedelta(days=30 * n + 10)
            )
        if 2 <= n < 8:
            services.advance_project(actor=admin, project=project, action="start")
        if 5 <= n < 7:
            services.advance_project(
                actor=admin, project=project, action="conclude", reason="完成样机研制并通过验收。"
            )
    _needs(ctx, admin, secretary, ent_user, institutions, by_id, ids)


NEEDS = [
    ("高强度铝合金压铸件气孔问题", "新材料", "压铸件气孔率偏高，成品率不足九成，希望高校协助优化工艺参数。"),
    ("生产线视觉检测系统改造", "智能制造", "人工目检效率低，希望引入机器视觉实现表面缺陷自动识别。"),
    ("海洋功能食品配方研发", "食品加工", "拟开发海藻类功能性食品，需要配方与保质期研究支持。"),
    ("中药提取工艺节能改造", "生物医药", "提取环节能耗高，希望评估低温提取替代方案。"),
    ("企业数据中台建设咨询", "新一代信息技术", "订单、库存、财务数据分散，希望规划数据中台。"),
    ("污水处理膜材料国产化", "新材料", "进口膜材料成本高，寻求国产替代联合研发。"),
]


def _needs(
    ctx: Any,
    admin: Any,
    secretary: Any,
    ent_user: Any,
    institutions: list[Any],
    by_id: dict[int, Any],
    ids: list[int],
) -> None:
    """技术需求 in every state: new ones on the federation's to-do list (one the demo enterprise's own, one a
    chamber's on behalf of a member), matched ones with the institution's reply, one turned into a project."""
    rng, today, fed = ctx.rng, ctx.today, ctx.federation
    posted = []
    for n, (title, field, text) in enumerate(NEEDS):
        posted.append(
            services.post_need(
                actor=admin,
                organization=fed,
                enterprise=by_id[ids[(n * 5 + 2) % len(ids)]],
                title=title,
                tech_field=field,
                description=text,
                budget=Decimal(rng.randint(5, 80) * 10000),
                today=today - timedelta(days=90 - n * 12),
            )
        )
    for n, need in enumerate(posted[:4]):
        posted[n] = services.match_need(
            actor=admin,
            need=need,
            institution=institutions[n % len(institutions)],
            reply=f"{institutions[n % len(institutions)].name}科技处：已安排相关课题组与企业对接，可开展联合攻关。",
            matched_on=today - timedelta(days=60 - n * 10),
        )
    services.convert_need(
        actor=admin, need=posted[0], amount=Decimal("600000"), today=today - timedelta(days=20)
    )
    services.close_need(actor=admin, need=posted[3], reason="企业已自行解决，不再需要对接。")
    if ent_user is not None:
        own_ids = sorted(own_enterprise_ids(ent_user))
        if own_ids:
            services.post_need(
                actor=ent_user,
                enterprise=by_id[own_ids[0]],
                title="设备远程运维平台开发",
                tech_field="新一代信息技术",
                description="希望与高校合作开发设备远程监测与预测性维护平台。",
                budget=Decimal("300000"),
                today=today - timedelta(days=2),
            )
    chengyang = ctx.chambers.get("城阳街道商会")
    if secretary is not None and chengyang is not None:
        member = (
            Membership.unscoped_objects.filter(chamber=chengyang, left_on__isnull=True)
            .order_by("pk")
            .values_list("enterprise", flat=True)
            .first()
        )
        if member is not None:
            services.post_need(
                actor=secretary,
                organization=chengyang,
                enterprise=by_id[member],
                title="包装材料可降解替代",
                tech_field="新材料",
                description="会员企业希望以可降解材料替代现有塑料包装，需要材料性能测试支持。",
                today=today - timedelta(days=5),
            )
