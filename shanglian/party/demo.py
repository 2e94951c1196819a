"""Demo 党建: 12 party organisations founded in 2020 (five more from before), every chamber leader a
member of their chamber's party organisation, 10 model sites and 5 brands (all named in 2020)."""

from datetime import date, timedelta

from shanglian.governance.selectors import chamber_leaders
from shanglian.orgs.models import ChamberKind, Organization
from shanglian.party.models import (
    PartyBrand,
    PartyMember,
    PartyModelSite,
    PartyOrganization,
    PartyOrgKind,
    PartyRole,
    ShowcaseLevel,
)
from shanglian.registry.models import Person

# 新建并完善商会党组织12家 in 2020: six long-standing chambers, plus every chamber founded in 2020 (双建: its
# branch the same day, 沂水商会 among them). Five chambers had a branch before 2020; 城阳区物流商会 and the
# chamber still in 筹建 have none, so coverage of the active chambers at the end of 2020 is 17/19 ≈ 90%.
FOUNDED_2020 = (
    "流亭街道商会",
    "夏庄街道商会",
    "惜福镇商会",
    "棘洪滩街道商会",
    "上马街道商会",
    "城阳区青年企业家商会",
)
BEFORE_2020 = {
    "城阳街道商会": date(2018, 7, 1),
    "城阳区茶叶商会": date(2019, 4, 18),
    "城阳区建筑业商会": date(2019, 6, 28),
    "城阳区食品行业商会": date(2019, 9, 12),
    "城阳区科技企业商会": date(2019, 11, 8),
}
NOT_SIMULTANEOUS = ("城阳区食品行业商会",)  # unveiled later than the chamber: 双建双揭 not held


def load(ctx):
    rng = ctx.rng
    founded_in_2020 = sorted(
        name
        for name, chamber in ctx.chambers.items()
        if chamber.founded_on and chamber.founded_on.year == 2020 and name not in FOUNDED_2020
    )
    names = [n for n in (*BEFORE_2020, *FOUNDED_2020, *founded_in_2020) if n in ctx.chambers]
    leaders = chamber_leaders([ctx.chambers[n].pk for n in names], date(2020, 12, 31))
    current = chamber_leaders([ctx.chambers[n].pk for n in names], ctx.today)
    day = date(2020, 3, 1)
    for name in names:
        chamber = ctx.chambers[name]
        chamber.refresh_from_db()
        if name in BEFORE_2020:
            founded = BEFORE_2020[name]
        elif chamber.founded_on and chamber.founded_on.year == 2020:
            founded = chamber.founded_on  # 双建: a chamber founded in 2020 gets its branch the same day
        else:
            founded = day
            day += timedelta(days=rng.randint(10, 25))
        unveiled = chamber.unveiled_on if chamber.unveiled_on and chamber.unveiled_on >= founded else founded
        if chamber.unveiled_on is None:
            # 双揭: the chamber's own unveiling that day (kept if the chambers app already recorded one).
            Organization.objects.filter(pk=chamber.pk, unveiled_on__isnull=True).update(unveiled_on=unveiled)
        if name in NOT_SIMULTANEOUS:
            unveiled = unveiled + timedelta(days=45)
        person_ids = leaders.get(chamber.pk, set()) | current.get(chamber.pk, set())
        people = list(Person.unscoped_objects.filter(pk__in=person_ids).order_by("pk"))
        secretary = people[1] if len(people) > 1 else (people[0] if people else None)
        kind = (
            PartyOrgKind.JOINT_BRANCH if chamber.chamber_kind == ChamberKind.INDUSTRY else PartyOrgKind.BRANCH
        )
        org = PartyOrganization.unscoped_objects.create(
            chamber=chamber,
            name=f"{chamber.short_name or chamber.name}{'联合党支部' if kind == PartyOrgKind.JOINT_BRANCH else '党支部'}",
            kind=kind,
            founded_on=founded,
            unveiled_on=unveiled,
            secretary=secretary,
            member_count=len(people) + rng.randint(3, 15),
        )
        PartyMember.unscoped_objects.bulk_create(
            [
                PartyMember(
                    party_org=org,
                    person=p,
                    role=PartyRole.SECRETARY if p == secretary else PartyRole.MEMBER,
                )
                for p in people
            ]
        )
    _showcases(ctx)


MODEL_SITES = [
    ("城阳区工商联机关党建示范点", None, None, ShowcaseLevel.CITY),
    ("城阳街道商会“红色商会”党建示范点", "城阳街道商会", None, ShowcaseLevel.CITY),
    ("夏庄街道商会志愿服务党建示范点", "夏庄街道商会", None, ShowcaseLevel.DISTRICT),
    ("流亭街道商会党建示范点", "流亭街道商会", None, ShowcaseLevel.DISTRICT),
    ("上马街道商会党建示范点", "上马街道商会", None, ShowcaseLevel.DISTRICT),
    ("城阳区科技企业商会党建示范点", "城阳区科技企业商会", None, ShowcaseLevel.DISTRICT),
]
BRANDS = [
    ("“商心向党”", "城阳街道商会", ShowcaseLevel.CITY),
    ("“红色引擎”", "夏庄街道商会", ShowcaseLevel.DISTRICT),
    ("“党建+商会+服务”", "流亭街道商会", ShowcaseLevel.DISTRICT),
    ("“红心聚商”", "城阳区建筑业商会", ShowcaseLevel.DISTRICT),
    ("“沂心向党”", "沂水商会", ShowcaseLevel.DISTRICT),
]


def _showcases(ctx):
    fed = ctx.federation
    sites = [
        PartyModelSite(
            federation=fed,
            name=name,
            chamber=ctx.chambers[chamber] if chamber else None,
            level=level,
            year=2020,
        )
        for name, chamber, _, level in MODEL_SITES
    ]
    # Four member enterprises complete the three tiers (工商联、所属商会、会员企业).
    for enterprise in ctx.enterprises[:4]:
        sites.append(
            PartyModelSite(
                federation=fed,
                name=f"{enterprise.name}党建示范点",
                enterprise=enterprise,
                level=ShowcaseLevel.DISTRICT,
                year=2020,
            )
        )
    PartyModelSite.unscoped_objects.bulk_create(sites)
    PartyBrand.unscoped_objects.bulk_create(
        PartyBrand(federation=fed, name=name, chamber=ctx.chambers[chamber], level=level, year=2020)
        for name, chamber, level in BRANDS
    )
