"""Demo 党建: 12 party organisations founded in 2020 (plus 城阳街道商会's from 2018), every chamber leader a
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

# The twelve party organisations founded in 2020 (新建并完善商会党组织12家); 城阳街道商会's dates from 2018.
# 城阳区房地产商会 (dormant) and 城阳区物流商会 have none, and neither has any chamber another app adds:
# coverage 13/15 ≈ 87% with all demo chambers active, 12/13 ≈ 92% once the dormant ones are cleaned up.
FOUNDED_2020 = (
    "流亭街道商会",
    "夏庄街道商会",
    "惜福镇商会",
    "棘洪滩街道商会",
    "上马街道商会",
    "城阳区小企业商会",
    "城阳区青年企业家商会",
    "城阳区茶叶商会",
    "城阳区建筑业商会",
    "城阳区食品行业商会",
    "城阳区科技企业商会",
    "沂水商会",
)
EARLY = "城阳街道商会"
NOT_SIMULTANEOUS = ("城阳区食品行业商会",)  # unveiled later than the chamber: 双建双揭 not held


def load(ctx):
    rng = ctx.rng
    names = [n for n in (EARLY, *FOUNDED_2020) if n in ctx.chambers]
    leaders = chamber_leaders([ctx.chambers[n].pk for n in names], date(2020, 12, 31))
    current = chamber_leaders([ctx.chambers[n].pk for n in names], ctx.today)
    day = date(2020, 3, 1)
    for name in names:
        chamber = ctx.chambers[name]
        chamber.refresh_from_db()
        if name == EARLY:
            founded = date(2018, 7, 1)
        elif chamber.chamber_kind == ChamberKind.HOMETOWN:
            founded = chamber.founded_on or date(2020, 12, 26)  # 双建: founded with the chamber
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
