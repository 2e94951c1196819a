"""Reads the registry pages keep across requests or fold into one query (issue 13): the classification rule
and the federations of a subtree are remembered until their table is written, the detail page's tier is
computed from the figures it shows, and its edit buttons come with the object."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from shanglian.core.access import can_write
from shanglian.core.scope import get_object_for_user
from shanglian.orgs.factories import make_federation
from shanglian.orgs.models import Organization
from shanglian.registry import selectors
from shanglian.registry.models import ClassificationRule, ContributionTier, Enterprise, Person
from shanglian.registry.models.enterprises import federation_in
from shanglian.registry.tests.helpers import figure, member

pytestmark = pytest.mark.django_db


def test_rule_is_remembered_until_written(world, django_assert_num_queries):
    assert selectors.rule_for(world.fed).pk is None  # none set: the defaults, unsaved
    rule = ClassificationRule.unscoped_objects.create(federation=world.fed, high_employees_min=700)
    first = selectors.rule_for(world.fed.pk)
    assert first.pk == rule.pk and first.high_employees_min == 700
    with django_assert_num_queries(0):
        assert selectors.rule_for(world.fed.pk).high_employees_min == 700
    rule.high_employees_min = 900
    rule.save()
    assert selectors.rule_for(world.fed).high_employees_min == 900
    assert selectors.rule_for(world.fed_b).pk is None  # another federation's rule is its own


def test_federations_of_a_subtree_follow_a_new_federation(world, django_assert_num_queries):
    before = federation_in([world.fed.path])
    with django_assert_num_queries(0):
        assert federation_in([world.fed.path]) == before
    district = make_federation("测试新区工商联", parent=world.fed)
    after = federation_in([world.fed.path])
    ids = dict(after.children)["federation_id__in"]
    assert district.pk in ids and world.fed_b.pk not in ids
    assert Organization.objects.unscoped().filter(pk=district.pk).exists()


@pytest.mark.parametrize(
    "employees,tax,year,expected",
    [
        (600, None, None, ContributionTier.HIGH),
        (10, Decimal("12000000"), 2020, ContributionTier.HIGH),
        (10, Decimal("1000000"), 2020, ContributionTier.MEDIUM),
        (100, None, None, ContributionTier.MEDIUM),
        (10, Decimal("99000000"), 2019, ContributionTier.GENERAL),  # not the rule's year
        (None, None, None, ContributionTier.GENERAL),
    ],
)
def test_tier_of_agrees_with_the_query(world, employees, tax, year, expected):
    rule = ClassificationRule.unscoped_objects.create(
        federation=world.fed, reference_date=datetime.date(2020, 12, 31), figure_year=2020
    )
    e = member(world, "青岛分级测试有限公司", employees=employees)
    if tax is not None:
        figure(e, year, tax)
    by_query = selectors.classified_enterprises(world.fed, rule=rule).get(pk=e.pk).tier
    assert selectors.tier_of(rule, e, list(e.year_figures.all())) == by_query == expected


def test_write_flag_read_with_the_object(world, django_assert_num_queries):
    e = get_object_for_user(Enterprise, world.admin, world.enterprise.pk, with_write_flag=True)
    with django_assert_num_queries(0):
        assert can_write(world.admin, e) is True
    leader = get_object_for_user(Enterprise, world.leader, world.enterprise.pk, with_write_flag=True)
    with django_assert_num_queries(0):
        assert can_write(world.leader, leader) is False
    # The flag answers for the user it was read for only.
    assert can_write(world.admin, leader) is True
    p = Person.unscoped_objects.create(federation=world.fed, name="张伟", enterprise=world.enterprise)
    assert can_write(world.admin, get_object_for_user(Person, world.admin, p.pk, with_write_flag=True))
    assert not can_write(world.leader, get_object_for_user(Person, world.leader, p.pk, with_write_flag=True))


def test_enterprise_page_within_budget_shows_tier(world, login, django_assert_max_num_queries):
    ClassificationRule.unscoped_objects.create(
        federation=world.fed, reference_date=datetime.date(2020, 12, 31), figure_year=2020
    )
    figure(world.enterprise, 2020, Decimal("12000000"))
    client = login(world.admin)
    url = reverse("registry:enterprise_detail", args=[world.enterprise.pk])
    client.get(url)
    with django_assert_max_num_queries(10):
        response = client.get(url)
    assert "突出贡献" in response.content.decode()
    assert login(world.leader).get(url).status_code == 200
    from shanglian.core.roles import Role

    assert login(world.users_b[Role.FEDERATION_ADMIN]).get(url).status_code == 404
