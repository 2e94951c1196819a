"""Demo events around the demo's today: an open policy briefing with a full quota, a waiting list and an
offer pending; a past symposium with sign-ins and minutes; forums attended outside; the 2020 seed."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from shanglian.core.demo import DemoContext
from shanglian.events import codes, seed2020
from shanglian.events.models import CheckIn, Event, EventKind, EventMode, Registration, RegistrationStatus

TZ = ZoneInfo("Asia/Shanghai")
S = RegistrationStatus


def _day(ctx: DemoContext, days: int, hour: int = 9) -> datetime:
    d = ctx.today + timedelta(days=days)
    return datetime(d.year, d.month, d.day, hour, 0, tzinfo=TZ)


def load(ctx: DemoContext) -> None:
    fed = ctx.federation
    seed2020.build(fed)
    tax = ctx.departments.get("城阳区税务局")
    chengyang = ctx.chambers.get("城阳街道商会")
    members = [e for e in ctx.enterprises if e.street == "城阳"]
    demo_member = (
        ctx.users["ent_demo"].role_assignments.first().enterprise if "ent_demo" in ctx.users else None
    )
    others = [e for e in members if e != demo_member][:8]

    briefing = Event.unscoped_objects.create(
        organizer=fed,
        title="2026 年度税费优惠政策解读会",
        kind=EventKind.POLICY,
        starts_at=_day(ctx, 10, 14),
        registration_closes_at=_day(ctx, 8, 18),
        place="城阳区工商联三楼会议室",
        quota=4,
        description="税务局业务科室解读年度税费优惠政策，现场答疑。可提前提交问题。",
    )
    if tax is not None:
        briefing.invited_departments.add(tax)
    if chengyang is not None:
        briefing.invited_chambers.add(chengyang)
    states = [S.CONFIRMED, S.CONFIRMED, S.CONFIRMED, S.OFFERED, S.WAITING, S.CANCELLED, S.DECLINED]
    for ent, status in zip(others, states, strict=False):
        Registration.unscoped_objects.create(
            event=briefing,
            enterprise=ent,
            name=ctx.fake.name(),
            phone=ctx.fake.phone_number(),
            status=status,
            nonce=codes.new_nonce(),
            offered_at=_day(ctx, -1) if status == S.OFFERED else None,
        )

    forum = Event.unscoped_objects.create(
        organizer=fed,
        title="城阳区供需对接暨招商洽谈会",
        kind=EventKind.INVESTMENT,
        starts_at=_day(ctx, 20),
        place="城阳区会展中心",
        quota=0,
        description="会员企业供需发布、项目推介与现场洽谈。",
    )
    if demo_member is not None:
        # The demo enterprise user holds a confirmed place here: its page shows the sign-in code.
        Registration.unscoped_objects.create(
            event=forum, enterprise=demo_member, name="陈志强", status=S.CONFIRMED, nonce=codes.new_nonce()
        )

    past = Event.unscoped_objects.create(
        organizer=fed,
        title="民营企业家座谈会（四季度）",
        kind=EventKind.SYMPOSIUM,
        starts_at=_day(ctx, -12, 14),
        place="城阳区工商联三楼会议室",
        quota=20,
        minutes="与会企业家反映融资难、用工难等问题 6 条，已转相关部门办理。",
        outcome="收集诉求 6 条、建议 2 条。",
    )
    for i, ent in enumerate(others[:6]):
        reg = Registration.unscoped_objects.create(
            event=past, enterprise=ent, name=ctx.fake.name(), status=S.CONFIRMED, nonce=codes.new_nonce()
        )
        if i < 5:
            CheckIn.unscoped_objects.create(registration=reg, event=past, device="签到台1")
    walk = Registration.unscoped_objects.create(
        event=past, name=ctx.fake.name(), status=S.CONFIRMED, walk_in=True, nonce=codes.new_nonce()
    )
    CheckIn.unscoped_objects.create(registration=walk, event=past, device="现场登记")

    if chengyang is not None:
        Event.unscoped_objects.create(
            organizer=chengyang,
            title="城阳街道商会会员大会",
            kind=EventKind.CHAMBER_MEETING,
            starts_at=_day(ctx, 5, 9),
            place="城阳街道办事处会议室",
            quota=60,
        )
        Event.unscoped_objects.create(
            organizer=chengyang,
            title="企业财务合规培训",
            kind=EventKind.TRAINING,
            starts_at=_day(ctx, -30, 9),
            place="城阳街道商会",
        )
    Event.unscoped_objects.create(
        organizer=fed,
        title="中国（青岛）民营经济高质量发展论坛",
        kind=EventKind.FORUM,
        mode=EventMode.ATTENDED,
        host_outside="青岛市工商联",
        starts_at=_day(ctx, -40, 9),
        place="青岛国际会议中心",
    )
    Event.unscoped_objects.create(
        organizer=fed,
        title="专精特新企业发展专题报告会",
        kind=EventKind.REPORT,
        mode=EventMode.ATTENDED,
        host_outside="山东省工商联",
        starts_at=_day(ctx, -3, 9),
        place="济南",
    )
    _service_points(ctx)
    Event.unscoped_objects.create(
        organizer=fed,
        title="新春团拜交流活动",
        kind=EventKind.OTHER,
        starts_at=_day(ctx, 60, 15),
        place="城阳区工商联",
    )


def _service_points(ctx: DemoContext) -> None:
    """The seed's 便企平台: 检察工作站, 税务咨询点, 法律服务试点, with slots free and booked, questions
    answered and waiting."""
    from shanglian.events.models import (
        Booking,
        BookingStatus,
        Question,
        ServicePoint,
        ServicePointKind,
        ServiceSlot,
    )

    fed = ctx.federation
    depts = ctx.departments
    specs = [
        (
            ServicePointKind.PROCURATORATE,
            "城阳区人民检察院",
            "民营企业检察工作站",
            "城阳区工商联一楼",
            "每周三 9:00-11:30",
        ),
        (ServicePointKind.TAX, "城阳区税务局", "商会税务咨询点", "城阳街道商会服务大厅", "工作日 9:00-17:00"),
        (ServicePointKind.LEGAL, "城阳区司法局", "法律服务试点", "城阳区工商联二楼", "每周五 14:00-17:00"),
    ]
    members = [e for e in ctx.enterprises if e.street == "城阳"][:6]
    for i, (kind, dept_name, name, address, hours) in enumerate(specs):
        department = depts.get(dept_name) or next(iter(depts.values()), None)
        if department is None or not members:
            return
        point = ServicePoint.unscoped_objects.create(
            organizer=fed,
            federation=fed,
            department=department,
            kind=kind,
            name=name,
            address=address,
            hours=hours,
            staff=f"{department.name}业务骨干 2 名",
        )
        for d in range(3):
            slot = ServiceSlot.unscoped_objects.create(point=point, starts_at=_day(ctx, 2 + d * 2, 9 + i))
            if d == 0:
                Booking.unscoped_objects.create(
                    slot=slot, enterprise=members[i % len(members)], topic="政策咨询"
                )
        past = ServiceSlot.unscoped_objects.create(point=point, starts_at=_day(ctx, -7, 10))
        Booking.unscoped_objects.create(
            slot=past,
            enterprise=members[(i + 1) % len(members)],
            topic="合同纠纷咨询",
            status=BookingStatus.DONE,
        )
        Question.unscoped_objects.create(
            point=point,
            enterprise=members[i % len(members)],
            question="企业研发费用加计扣除需要准备哪些材料？",
            answer="请准备研发项目立项书、费用归集表，可到服务点现场辅导。" if i != 1 else "",
        )
