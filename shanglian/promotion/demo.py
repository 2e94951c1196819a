"""Demo 助推平台: a year of visits by the federation and the chambers (offline and online, fixed and a
random draw, some confirmed by the enterprise), 包联 with overdue contacts, partner universities and
产学研 projects in every stage."""

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
