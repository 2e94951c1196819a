"""Registry demo data: industries, scale, tags, year figures, ~400 entrepreneurs, classification rules,
and a few membership applications. Deterministic (ctx.rng / ctx.fake).

Seed figures that come out of it: 20 党建红盟企业 (#9), 98 高新技术企业 among members (#4, "近百家"),
400+ enterprises classified (#19), and members in all three entrepreneur databases.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from stdnum.cn import ric

from shanglian.core.roles import Role
from shanglian.registry.models import (
    ApplicationStatus,
    ClassificationRule,
    Education,
    Enterprise,
    EnterpriseScale,
    EnterpriseYearFigure,
    Gender,
    Industry,
    MembershipApplication,
    OverrideAction,
    Person,
    PersonRole,
    PoliticalStatus,
    RoleTitle,
    Tag,
    TalentPool,
    TalentPoolOverride,
)

RED_ALLIANCE_COUNT = 20
HIGH_TECH_COUNT = 98

# Words in the foundation's enterprise names -> GB/T 4754-2017 大类.
INDUSTRY_BY_WORD = {
    "轨道交通": ["C37"],
    "智能装备": ["C34", "C35"],
    "新材料": ["C26", "C30"],
    "科技": ["I65", "M73", "I64"],
    "食品": ["C13", "C14"],
    "机械": ["C34", "C35"],
    "物流": ["G54", "G59"],
    "建设": ["E47", "E48", "E50"],
    "电子": ["C39", "C38"],
    "生物": ["C27"],
    "贸易": ["F51", "F52"],
    "服装": ["C18"],
    "模具": ["C35", "C33"],
    "环保": ["N77"],
}
KEY_INDUSTRIES = ["C34", "C35", "C37", "C39", "C27", "I"]
TECH_INDUSTRIES = {"C27", "C34", "C35", "C37", "C38", "C39", "I64", "I65", "M73", "C26"}
POLITICAL = [
    (PoliticalStatus.CPC, 38),
    (PoliticalStatus.DEMOCRATIC_PARTY, 8),
    (PoliticalStatus.NONPARTISAN, 6),
    (PoliticalStatus.MASSES, 46),
    (PoliticalStatus.CYL, 2),
]
EDUCATION = [
    (Education.DOCTORATE, 4),
    (Education.MASTER, 16),
    (Education.BACHELOR, 42),
    (Education.COLLEGE, 24),
    (Education.HIGH_SCHOOL, 14),
]


def _weighted(rng, pairs):
    total = sum(w for _, w in pairs)
    x = rng.uniform(0, total)
    for value, w in pairs:
        x -= w
        if x <= 0:
            return value
    return pairs[-1][0]


def _scale_for(employees: int) -> str:
    if employees >= 1000:
        return EnterpriseScale.LARGE
    if employees >= 300:
        return EnterpriseScale.MEDIUM
    if employees >= 20:
        return EnterpriseScale.SMALL
    return EnterpriseScale.MICRO


def _id_number(birth: datetime.date, serial: int, male: bool) -> str:
    seq = serial % 500 * 2 + (1 if male else 0)
    # stdnum checks the county existed in the birth year: 城阳区 since 1994, 市北区 since 1983, 即墨县 before.
    region = "370214" if birth.year >= 1994 else "370203" if birth.year >= 1983 else "370222"
    first17 = f"{region}{birth:%Y%m%d}{seq:03d}"
    return first17 + ric.calc_check_digit(first17 + "0")


def load(ctx) -> None:
    rng, fake = ctx.rng, ctx.fake
    industries = {i.code: i for i in Industry.objects.all()}
    tags = {t.code: t for t in Tag.objects.all()}
    enterprises: list[Enterprise] = list(ctx.enterprises)
    last_year = ctx.today.year - 1

    # -- enterprise attributes
    for e in enterprises:
        e.fill_pinyin()
        word = next((w for w in INDUSTRY_BY_WORD if w in e.name), None)
        code = rng.choice(INDUSTRY_BY_WORD[word]) if word else "F51"
        e.industry = industries[code]
        e.employees = int(min(3000, max(3, rng.lognormvariate(3.9, 1.1))))
        e.scale = _scale_for(e.employees)
        e.founded_on = datetime.date(rng.randint(1993, 2019), rng.randint(1, 12), rng.randint(1, 28))
        e.registered_address = f"青岛市城阳区{e.street}{fake.street_name()}{rng.randint(1, 300)}号"
    Enterprise.unscoped_objects.bulk_update(
        enterprises,
        [
            "name_pinyin",
            "name_initials",
            "industry",
            "employees",
            "scale",
            "founded_on",
            "registered_address",
        ],
        batch_size=500,
    )

    # -- tags: high-tech among technology industries first, exactly 20 red-alliance enterprises
    tech = [e for e in enterprises if e.industry.code in TECH_INDUSTRIES]
    rest = [e for e in enterprises if e.industry.code not in TECH_INDUSTRIES]
    rng.shuffle(tech)
    rng.shuffle(rest)
    high_tech = (tech + rest)[:HIGH_TECH_COUNT]
    through = Enterprise.tags.through
    links = [through(enterprise_id=e.pk, tag_id=tags["high_tech"].pk) for e in high_tech]
    specialized = rng.sample(high_tech, min(30, len(high_tech)))
    links += [through(enterprise_id=e.pk, tag_id=tags["specialized"].pk) for e in specialized]
    above_scale = [e for e in enterprises if e.employees >= 100 or e in specialized]
    links += [through(enterprise_id=e.pk, tag_id=tags["above_scale"].pk) for e in above_scale]
    by_size = sorted(enterprises, key=lambda e: -e.employees)
    red = rng.sample(by_size[:80], RED_ALLIANCE_COUNT)
    links += [through(enterprise_id=e.pk, tag_id=tags["red_alliance"].pk) for e in red]
    through.objects.bulk_create(links)

    # -- year figures 2019 .. last year: revenue per employee, tax 3-7 % of revenue
    figures = []
    for e in enterprises:
        per_head = Decimal(rng.randint(30, 120)) * 10000
        revenue = per_head * e.employees
        for year in range(2019, last_year + 1):
            revenue = (revenue * Decimal(rng.uniform(0.92, 1.18))).quantize(Decimal("1.00"))
            tax = (revenue * Decimal(rng.uniform(0.03, 0.07))).quantize(Decimal("1.00"))
            rd = (
                (revenue * Decimal(rng.uniform(0.01, 0.06))).quantize(Decimal("1.00"))
                if e in high_tech
                else None
            )
            figures.append(
                EnterpriseYearFigure(enterprise=e, year=year, revenue=revenue, tax=tax, rd_spend=rd)
            )
    EnterpriseYearFigure.unscoped_objects.bulk_create(figures, batch_size=1000)

    # -- entrepreneurs: the legal representative of each enterprise, plus a few second persons
    people, plans = [], []
    for i, e in enumerate(enterprises):
        count = 1 if rng.random() < 0.9 else 2
        for j in range(count):
            male = rng.random() < 0.82
            age = int(max(26, min(72, rng.gauss(50, 9))))
            birth = datetime.date(ctx.today.year - age, rng.randint(1, 12), rng.randint(1, 28))
            name = e.legal_representative if j == 0 and e.legal_representative else fake.name()
            people.append(
                Person(
                    federation=ctx.federation,
                    enterprise=e,
                    name=name,
                    gender=Gender.MALE if male else Gender.FEMALE,
                    birth_date=birth,
                    political_status=_weighted(rng, POLITICAL),
                    education=_weighted(rng, EDUCATION),
                    phone=fake.phone_number(),
                    id_number=_id_number(birth, i * 2 + j, male),
                    is_npc_deputy=rng.random() < 0.04,
                    is_cppcc_member=rng.random() < 0.05,
                )
            )
            plans.append((e, j))
    people = Person.unscoped_objects.bulk_create(people, batch_size=500)
    roles = []
    for person, (e, j) in zip(people, plans, strict=True):
        if j == 0:
            roles.append(PersonRole(person=person, enterprise=e, title=RoleTitle.LEGAL_REPRESENTATIVE))
            if rng.random() < 0.6:
                roles.append(PersonRole(person=person, enterprise=e, title=RoleTitle.CHAIRMAN))
        else:
            roles.append(
                PersonRole(
                    person=person,
                    enterprise=e,
                    title=rng.choice([RoleTitle.GENERAL_MANAGER, RoleTitle.SHAREHOLDER]),
                )
            )
    PersonRole.unscoped_objects.bulk_create(roles, batch_size=500)

    # -- the federation's classification rule
    rule = ClassificationRule.unscoped_objects.create(federation=ctx.federation)
    rule.key_industries.set([industries[c] for c in KEY_INDUSTRIES])
    _list_the_rest(ctx, people)

    _applications(ctx, industries)


def _list_the_rest(ctx, people: list[Person]) -> None:
    """#19 按照企业贡献、重点行业、年龄层次分类梳理400多家企业名单: the rules list most of the demo's firms;
    the federation's staff put the legal representatives of the others on the 优秀企业家 list by hand (a
    manual include, with its reason), so the demo's whole registry is the seed's 400-odd listed firms. Firms
    that are only visited (promotion.seed2020's 走访近千家) stay off the lists."""
    from shanglian.metrics.registry import Period, Scope
    from shanglian.registry.metrics import classified

    today = ctx.today
    listed = set(classified(Period(today, today), Scope.whole(ctx.federation)).values_list("pk", flat=True))
    seen: set[int] = set()
    overrides = []
    for person in people:  # in creation order: the legal representative comes first
        if person.enterprise_id in listed or person.enterprise_id in seen:
            continue
        seen.add(person.enterprise_id)
        overrides.append(
            TalentPoolOverride(
                federation=ctx.federation,
                person=person,
                pool=TalentPool.EXCELLENT,
                action=OverrideAction.INCLUDE,
                reason="分类梳理：按企业贡献人工列入",
            )
        )
    TalentPoolOverride.unscoped_objects.bulk_create(overrides, batch_size=500)


def _applications(ctx, industries) -> None:
    """Pending applications for the 城阳街道商会 secretary's to-do list, and the demo enterprise's own."""
    from shanglian.registry.codes import make_credit_code

    chengyang = ctx.chambers["城阳街道商会"]
    secretary = ctx.users.get("sec_chengyang")
    for n, (name, code) in enumerate(
        [
            ("青岛城阳新锐智能科技有限公司", "I65"),
            ("青岛惜福农业发展有限公司", "A01"),
            ("青岛上马精密模具有限公司", "C35"),
        ]
    ):
        e = Enterprise(
            federation=ctx.federation,
            name=name,
            credit_code=make_credit_code(190000 + n, kind="91"),
            legal_representative=ctx.fake.name(),
            street="城阳",
            industry=industries[code],
            employees=ctx.rng.randint(8, 60),
            founded_on=datetime.date(2024, n + 2, 10),
        )
        e.scale = _scale_for(e.employees)
        e.save()
        MembershipApplication.unscoped_objects.create(
            enterprise=e, chamber=chengyang, note="申请加入城阳街道商会，愿意履行会员义务、按时缴纳会费。"
        )
    ent_user = ctx.users.get("ent_demo")
    assignment = ent_user.role_assignments.filter(role=Role.ENTERPRISE_USER).first() if ent_user else None
    tech_chamber = ctx.chambers.get("城阳区科技企业商会")
    if assignment and assignment.enterprise and tech_chamber:
        MembershipApplication.unscoped_objects.create(
            enterprise=assignment.enterprise,
            chamber=tech_chamber,
            note="本企业为科技型企业，申请加入科技企业商会。",
            submitted_by=ent_user,
        )
    rejected_ent = next(e for e in ctx.enterprises if e.street == "夏庄")
    rejected = MembershipApplication.unscoped_objects.create(
        enterprise=rejected_ent,
        chamber=ctx.chambers["城阳区房地产商会"],
        note="申请加入房地产商会。",
        submitted_by=None,
    )
    # submitted_at is set on create (auto_now_add): the decision is written after it, dated in order
    submitted = datetime.datetime(2026, 10, 9, 9, 30, tzinfo=datetime.UTC)
    MembershipApplication.unscoped_objects.filter(pk=rejected.pk).update(
        submitted_at=submitted,
        status=ApplicationStatus.REJECTED,
        reason="该商会正在清理整顿，暂停接收新会员。",
        decided_by=secretary,
        decided_at=submitted + datetime.timedelta(days=3),
    )
