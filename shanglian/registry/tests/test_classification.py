"""数据分类: contribution tiers, the three entrepreneur databases, their rules and manual overrides,
and the figures selectors (high_tech_count, member_growth)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from shanglian.audit.models import AuditAction, AuditEntry
from shanglian.core.testing.factories import MembershipFactory
from shanglian.registry import selectors
from shanglian.registry.models import (
    ClassificationRule,
    ContributionTier,
    Membership,
    OverrideAction,
    TalentPool,
    TalentPoolOverride,
)
from shanglian.registry.tests.helpers import born, figure, industry, member, person, tag

pytestmark = pytest.mark.django_db
REF = datetime.date(2020, 12, 31)
RULE_URL = reverse("registry:classification_rule")


@pytest.fixture
def rule(world):
    r = ClassificationRule.unscoped_objects.create(
        federation=world.fed,
        reference_date=REF,
        figure_year=2020,
        high_tax_min=Decimal("10000000"),
        high_employees_min=500,
        medium_tax_min=Decimal("1000000"),
        medium_employees_min=100,
    )
    r.key_industries.set([industry("C34"), industry("I")])
    return r


def test_contribution_tiers_follow_the_rule(world, rule):
    big_tax = member(world, "青岛纳税大户有限公司", employees=50)
    figure(big_tax, 2020, Decimal("12000000"))
    figure(big_tax, 2019, Decimal("1"))
    many = member(world, "青岛用工大户有限公司", employees=600)
    medium = member(world, "青岛中等有限公司", employees=10)
    figure(medium, 2020, Decimal("1000000"))
    old_year = member(world, "青岛往年有限公司", employees=10)
    figure(old_year, 2019, Decimal("99000000"))  # not the rule's year
    tiers = dict(selectors.classified_enterprises(world.fed, rule=rule).values_list("name", "tier"))
    assert tiers[big_tax.name] == tiers[many.name] == ContributionTier.HIGH
    assert tiers[medium.name] == ContributionTier.MEDIUM
    assert tiers[old_year.name] == ContributionTier.GENERAL
    assert world.enterprise_b.name not in tiers  # another tenant
    high = set(
        selectors.classified_enterprises(world.fed, tier="high", rule=rule).values_list("name", flat=True)
    )
    assert high == {big_tax.name, many.name}
    assert list(selectors.classified_enterprises(world.fed, tier="medium", rule=rule)) == [medium]


def test_three_pools(world, rule):
    young = person(world.enterprise, "青年甲", birth_date=born(45, REF))  # 45 on the day: in
    too_old = person(
        world.enterprise, "青年乙", birth_date=born(46, REF) + datetime.timedelta(days=1)
    )  # 45 too
    old = person(world.enterprise, "老将", birth_date=born(46, REF))
    no_enterprise = person(world.enterprise, "无企业", birth_date=born(30, REF))
    no_enterprise.enterprise = None
    no_enterprise.save()
    youth = set(selectors.talent_pool(world.fed, TalentPool.YOUTH, rule=rule))
    assert youth == {young, too_old}
    assert old not in youth

    machine = member(world, "青岛通用设备有限公司", industry=industry("C34"))
    software = member(world, "青岛软件有限公司", industry=industry("I65"))  # under 门类 I
    food = member(world, "青岛食品有限公司", industry=industry("C14"))
    a, b, c = person(machine, "甲"), person(software, "乙"), person(food, "丙")
    key = set(selectors.talent_pool(world.fed, TalentPool.KEY_INDUSTRY, rule=rule))
    assert {a, b} <= key and c not in key

    big = member(world, "青岛大企业有限公司", employees=900)
    boss = person(big, "大老板")
    deputy = person(food, "代表", is_npc_deputy=True)
    excellent = set(selectors.talent_pool(world.fed, TalentPool.EXCELLENT, rule=rule))
    assert {boss, deputy} <= excellent and c not in excellent
    rule.excellent_include_deputies = False
    rule.save()
    assert deputy not in set(selectors.talent_pool(world.fed, TalentPool.EXCELLENT, rule=rule))
    assert selectors.pools_of(boss, rule=rule) == [TalentPool.EXCELLENT]


def test_manual_include_and_exclude_with_reason_audited(world, login, rule):
    p = person(world.enterprise, "人工调整", birth_date=born(60, REF))
    client = login(world.admin)
    url = reverse("registry:person_pool_override", args=[p.pk])
    missing = client.post(url, {"pool": "youth", "action": "include", "reason": ""}, follow=True)
    assert "理由" in missing.content.decode() and not TalentPoolOverride.unscoped_objects.exists()
    client.post(url, {"pool": "youth", "action": "include", "reason": "青年企业家商会推荐"})
    assert p in selectors.talent_pool(world.fed, TalentPool.YOUTH)
    young = person(world.enterprise, "被排除", birth_date=born(30, REF))
    client.post(
        reverse("registry:person_pool_override", args=[young.pk]),
        {"pool": "youth", "action": "exclude", "reason": "本人申请退出"},
    )
    assert young not in selectors.talent_pool(world.fed, TalentPool.YOUTH)
    assert TalentPoolOverride.unscoped_objects.get(person=young).action == OverrideAction.EXCLUDE
    client.post(url, {"pool": "youth", "action": "clear", "reason": "推荐撤回"})
    assert p not in selectors.talent_pool(world.fed, TalentPool.YOUTH)
    actions = list(
        AuditEntry.unscoped_objects.filter(object_type="registry.talentpooloverride")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [AuditAction.CREATE, AuditAction.CREATE, AuditAction.DELETE]
    # weak roles and other tenants
    assert (
        login(world.leader).post(url, {"pool": "youth", "action": "include", "reason": "x"}).status_code
        == 403
    )
    assert (
        login(world.secretary).post(url, {"pool": "youth", "action": "include", "reason": "x"}).status_code
        == 403
    )
    other = login(world.users_b["federation_admin"]).post(
        url, {"pool": "youth", "action": "include", "reason": "x"}
    )
    assert other.status_code == 404


def test_talent_pool_page_lists_and_filters(world, login, rule):
    p = person(world.enterprise, "青年企业家", birth_date=born(35, REF), gender="female")
    person(world.enterprise, "年长企业家", birth_date=born(60, REF))
    client = login(world.admin)
    page = client.get(reverse("registry:talent_pool"), {"pool": "youth"})
    assert [x.name for x in page.context["page"]] == [p.name]
    assert (
        client.get(reverse("registry:talent_pool"), {"pool": "youth", "gender": "male"})
        .context["page"]
        .object_list
        == []
    )
    assert client.get(reverse("registry:talent_pool"), {"pool": "nonsense"}).status_code == 200
    secretary = login(world.secretary).get(reverse("registry:talent_pool"), {"pool": "youth"})
    assert [x.name for x in secretary.context["page"]] == [p.name]
    assert login(world.enterprise_user).get(reverse("registry:talent_pool")).status_code == 403


def test_admin_edits_rules_and_lists_follow(world, login):
    p = person(world.enterprise, "四十八岁", birth_date=born(48, datetime.date.today()))
    assert p not in selectors.talent_pool(world.fed, TalentPool.YOUTH)
    client = login(world.admin)
    page = client.get(RULE_URL)
    assert page.status_code == 200
    data = {
        "high_tax_min": "20000000",
        "high_employees_min": "800",
        "medium_tax_min": "2000000",
        "medium_employees_min": "150",
        "excellent_min_tier": "high",
        "excellent_include_deputies": "on",
        "youth_age_limit": "50",
        "key_industries": [industry("C").pk],
    }
    assert client.post(RULE_URL, data).status_code == 302
    rule = ClassificationRule.unscoped_objects.get(federation=world.fed)
    assert rule.youth_age_limit == 50 and list(rule.key_industries.values_list("code", flat=True)) == ["C"]
    assert p in selectors.talent_pool(world.fed, TalentPool.YOUTH)
    entry = AuditEntry.unscoped_objects.get(object_type="registry.classificationrule")
    assert entry.action == AuditAction.CREATE and entry.changes["key_industries"] == [[], ["C"]]
    bad = client.post(RULE_URL, {**data, "high_tax_min": "1"})
    assert bad.status_code == 200 and "不能低于" in bad.content.decode()
    assert AuditEntry.unscoped_objects.filter(object_type="registry.classificationrule").count() == 1


def test_rules_page_rights(world, login, client):
    assert login(world.leader).get(RULE_URL).status_code == 403
    assert login(world.secretary).get(RULE_URL).status_code == 403
    client.logout()
    assert "/accounts/login/" in client.get(RULE_URL)["Location"]


def test_high_tech_count_counts_members_on_the_day(world):
    a = member(world, "青岛高新甲有限公司")
    a.tags.add(tag("high_tech"))
    b = member(world, "青岛高新乙有限公司")
    b.tags.add(tag("high_tech"))
    Membership.unscoped_objects.filter(enterprise=b).update(joined_on=datetime.date(2021, 3, 1))
    world.enterprise_b.tags.add(tag("high_tech"))  # another tenant
    MembershipFactory(enterprise=a, chamber=world.chamber2)  # counted once
    Membership.unscoped_objects.filter(enterprise=a).update(joined_on=datetime.date(2019, 3, 1))
    assert selectors.high_tech_count(world.fed, on=datetime.date(2026, 1, 1)) == 2
    assert selectors.high_tech_count(world.fed, on=datetime.date(2021, 1, 1)) == 1
    assert selectors.high_tech_count(world.fed_b) == 1


def test_member_growth(world):
    start, end = datetime.date(2020, 1, 1), datetime.date(2020, 12, 31)
    Membership.unscoped_objects.update(joined_on=datetime.date(2019, 5, 1))
    for i in range(3):
        m = member(world, f"青岛新会员{i}有限公司")
        Membership.unscoped_objects.filter(enterprise=m).update(joined_on=datetime.date(2020, 6, 1))
    left = member(world, "青岛退会有限公司")
    Membership.unscoped_objects.filter(enterprise=left).update(
        joined_on=datetime.date(2019, 1, 1), left_on=datetime.date(2020, 7, 1)
    )
    g = selectors.member_growth(world.fed, start, end)
    # start: enterprise, enterprise2, left = 3; end: enterprise, enterprise2 + 3 new = 5
    assert (g.start, g.end, g.rate) == (3, 5, Decimal("0.6667"))
    chamber = selectors.member_growth(world.chamber2, start, end)
    assert (chamber.start, chamber.end) == (1, 1) and chamber.rate == 0
    assert selectors.member_growth(world.chamber, datetime.date(2000, 1, 1), end).rate is None
