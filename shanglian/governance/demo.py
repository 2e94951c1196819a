"""Demo 法人治理: terms and members for every chamber, meetings with 党建 items, a rotating presidency at
城阳街道商会, two staff hired by 上马街道 for 上马街道商会, and a few reminders due or overdue."""

from datetime import date, timedelta

from shanglian.governance.models import (
    AgendaItem,
    HiringMode,
    Meeting,
    MemberRole,
    Organ,
    OrganMember,
    PresidentRotation,
    StaffAppointment,
    StaffPost,
    Term,
)
from shanglian.orgs.models import ChamberKind
from shanglian.registry.models import Membership, Person, Position

# The seed's dormant chambers (cleaned up by the chambers app): no meetings since 2018, council expired.
DORMANT = ("城阳区房地产商会", "城阳区小企业商会")
ROLE_BY_POSITION = {
    Position.PRESIDENT: MemberRole.PRESIDENT,
    Position.EXECUTIVE_PRESIDENT: MemberRole.EXECUTIVE_PRESIDENT,
    Position.VICE_PRESIDENT: MemberRole.VICE_PRESIDENT,
    Position.DIRECTOR: MemberRole.DIRECTOR,
}
OFFICE_ROLES = {MemberRole.PRESIDENT, MemberRole.EXECUTIVE_PRESIDENT, MemberRole.VICE_PRESIDENT}
BUSINESS_ITEMS = [
    "审议年度工作报告",
    "审议财务收支情况",
    "研究新会员入会申请",
    "部署会员企业走访调研",
    "研究供需对接活动安排",
    "审议商会章程修订",
    "研究助企纾困措施",
]
PARTY_ITEMS = [
    "传达学习上级党委会议精神，研究部署商会党建工作",
    "研究党建工作与商会工作同部署、同落实事项",
    "听取党支部工作汇报",
    "部署“双建双揭”和党建示范点创建工作",
]


def _leaders(ctx, chamber):
    """Person rows for a chamber's leaders: its position holders, plus two supervisors from its members."""
    memberships = list(
        Membership.unscoped_objects.filter(chamber=chamber).select_related("enterprise").order_by("pk")
    )
    people = []
    for m in memberships:
        if m.position in ROLE_BY_POSITION:
            people.append((ROLE_BY_POSITION[m.position], m.enterprise))
    plain = [m.enterprise for m in memberships if m.position == Position.MEMBER]
    supervisors = (
        [(MemberRole.SUPERVISOR_CHAIR, plain[0]), (MemberRole.SUPERVISOR, plain[1])] if len(plain) > 1 else []
    )
    result = []
    for role, enterprise in people + supervisors:
        person = Person.unscoped_objects.filter(federation=ctx.federation, enterprise=enterprise).first()
        if person is None:
            person = Person.unscoped_objects.create(
                federation=ctx.federation,
                name=enterprise.legal_representative or ctx.fake.name(),
                enterprise=enterprise,
            )
        result.append((role, person))
    return result


SUPERVISORS = (MemberRole.SUPERVISOR_CHAIR, MemberRole.SUPERVISOR)


def _seat(organ, role):
    """The role a leader holds in an organ, or None when they do not sit in it."""
    if organ == Organ.ASSEMBLY:
        return MemberRole.DELEGATE
    if organ == Organ.SUPERVISORY_BOARD:
        return role if role in SUPERVISORS else None
    if organ == Organ.PRESIDENT_OFFICE:
        return role if role in OFFICE_ROLES else None
    return role if role not in SUPERVISORS else None


def _add_years(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _terms_for(name, chamber, today, dormant):
    """(number, start, end) per five-year term; a few end soon or have expired, for the reminders."""
    if dormant:
        return [(1, date(2013, 6, 1), date(2018, 5, 31))]
    if chamber.chamber_kind == ChamberKind.HOMETOWN:
        founded = chamber.founded_on or date(2020, 12, 26)
        return [(1, founded, _add_years(founded, 5) - timedelta(days=1))]  # overdue: 届满未换届
    if name == "城阳街道商会":
        end = today + timedelta(days=56)  # 换届提醒
        start = _add_years(end, -5) + timedelta(days=1)
        return [(1, _add_years(start, -5), start - timedelta(days=1)), (2, start, end)]
    start = max(chamber.founded_on or date(2017, 7, 1), date(2017, 7, 1))
    terms = []
    while start <= today:
        terms.append((len(terms) + 1, start, _add_years(start, 5) - timedelta(days=1)))
        start = _add_years(start, 5)
    return terms


def load(ctx):
    rng = ctx.rng
    today = ctx.today
    terms, members, meetings = [], [], []
    leaders_by_chamber = {}
    for name, chamber in ctx.chambers.items():
        chamber.refresh_from_db()
        # Chambers another app already marked inactive are treated like the seed's dormant ones.
        dormant = name in DORMANT or not chamber.is_active
        leaders = _leaders(ctx, chamber)
        leaders_by_chamber[name] = leaders
        organs = [Organ.COUNCIL] if dormant else list(Organ.values)
        for organ in organs:
            for number, start, end in _terms_for(name, chamber, today, dormant):
                term = Term(chamber=chamber, organ=organ, number=number, start_on=start, end_on=end)
                terms.append(term)
                for role, person in leaders:
                    seat = _seat(organ, role)
                    if seat:
                        members.append((term, person, seat))
        years = range(2016, 2019) if dormant else range(2020, today.year + 1)
        for year in years:
            for organ, month, label in (
                (Organ.ASSEMBLY, 1, "会员大会"),
                (Organ.COUNCIL, 3, "理事会"),
                (Organ.PRESIDENT_OFFICE, 6, "会长办公会"),
                (Organ.COUNCIL, 9, "理事会"),
                (Organ.SUPERVISORY_BOARD, 11, "监事会"),
            ):
                held = date(year, month, rng.randint(5, 25))
                if held > today or organ not in organs:
                    continue
                if chamber.chamber_kind == ChamberKind.HOMETOWN and held < date(2021, 1, 1):
                    continue
                if not dormant and chamber.founded_on and held < chamber.founded_on:
                    continue
                meetings.append((chamber, organ, held, f"{year}年{label}", leaders))
    Term.unscoped_objects.bulk_create(terms)
    OrganMember.unscoped_objects.bulk_create(
        [OrganMember(term=t, person=p, role=r) for t, p, r in members], ignore_conflicts=True
    )
    _meetings(ctx, meetings)
    _rotation(ctx, leaders_by_chamber["城阳街道商会"])
    _staff(ctx)


def _meetings(ctx, specs):
    rng = ctx.rng
    rows = [
        Meeting(chamber=c, organ=o, held_on=h, title=t, resolutions="会议审议通过各项议题。")
        for c, o, h, t, _ in specs
    ]
    Meeting.unscoped_objects.bulk_create(rows)
    items, attendance = [], []
    through = Meeting.attendees.through
    for meeting, (_, _, _, _, leaders) in zip(rows, specs, strict=True):
        for i, title in enumerate(rng.sample(BUSINESS_ITEMS, 2)):
            items.append(AgendaItem(meeting=meeting, title=title, order=i))
        if rng.random() < 0.75:  # 党建 on the agenda of about three meetings in four
            items.append(
                AgendaItem(meeting=meeting, title=rng.choice(PARTY_ITEMS), party_building=True, order=9)
            )
        for _, person in leaders:
            if rng.random() < 0.85:
                attendance.append(through(meeting_id=meeting.pk, person_id=person.pk))
    AgendaItem.unscoped_objects.bulk_create(items)
    through.objects.bulk_create(attendance, ignore_conflicts=True)


def _rotation(ctx, leaders):
    """城阳街道商会 探索实行会长轮值制: half-year slots among the president and vice-presidents."""
    chamber = ctx.chambers["城阳街道商会"]
    rotating = [p for r, p in leaders if r in OFFICE_ROLES][:4]
    if not rotating:
        return
    starts = [date(2025, 1, 1), date(2025, 7, 1), date(2026, 1, 1), date(2026, 7, 1), date(2027, 1, 1)]
    for i, start in enumerate(starts):
        end = date(start.year, 6, 30) if start.month == 1 else date(start.year, 12, 31)
        PresidentRotation.unscoped_objects.create(
            chamber=chamber, person=rotating[i % len(rotating)], start_on=start, end_on=end, note="半年一轮值"
        )


def _staff(ctx):
    fake = ctx.fake
    rows = []
    for name, chamber in ctx.chambers.items():
        if name in DORMANT or not chamber.is_active:
            continue
        end = date(2026, 10, 31) if name == "夏庄街道商会" else date(2027, 6, 30)
        rows.append(
            StaffAppointment(
                chamber=chamber,
                name=fake.name(),
                post=StaffPost.SECRETARY_GENERAL,
                hiring_mode=HiringMode.CHAMBER,
                hired_by=f"{chamber.short_name or chamber.name}理事会",
                contract_start=date(2024, 7, 1),
                contract_end=end,
            )
        )
    shangma = ctx.chambers["上马街道商会"]
    for start, end in ((date(2025, 1, 1), date(2026, 12, 31)), (date(2025, 3, 1), date(2027, 2, 28))):
        rows.append(
            StaffAppointment(
                chamber=shangma,
                name=fake.name(),
                post=StaffPost.SECRETARIAT_STAFF,
                hiring_mode=HiringMode.STREET,
                hired_by="上马街道办事处",
                contract_start=start,
                contract_end=end,
            )
        )
    StaffAppointment.unscoped_objects.bulk_create(rows)
