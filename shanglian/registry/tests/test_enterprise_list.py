"""Enterprise list and search: one box, filters, sort, pagination without COUNT(*)."""

import datetime

import pytest
from django.db.models import Q
from django.urls import reverse

from shanglian.core.testing.world import MARK
from shanglian.registry.models import EnterpriseScale, Position
from shanglian.registry.tests.helpers import figure, industry, member, tag

pytestmark = pytest.mark.django_db
URL = reverse("registry:enterprise_list")


@pytest.fixture
def haier(world):
    e = member(world, "青岛海尔智能家电有限公司", legal_representative="周云杰", industry=industry("C38"))
    e.tags.add(tag("high_tech"))
    return e


def _names(response):
    return [e.name for e in response.context["page"]]


@pytest.mark.parametrize("q", ["海尔", "haier", "qingdaohaier", "qdhr", "QDHE", "周云杰"])
def test_one_box_finds_by_name_pinyin_initials_and_legal_rep(world, login, haier, q):
    response = login(world.admin).get(URL, {"q": q})
    assert response.status_code == 200
    assert _names(response) == [haier.name]


def test_search_by_credit_code_fragment(world, login, haier):
    response = login(world.admin).get(URL, {"q": haier.credit_code[-8:].lower()})
    assert haier.name in _names(response)


def test_filters_combine(world, login, haier):
    other = member(world, "青岛城阳食品有限公司", scale=EnterpriseScale.SMALL, industry=industry("C14"))
    client = login(world.admin)
    assert set(_names(client.get(URL, {"industry": industry("C").pk}))) == {haier.name, other.name}
    assert _names(client.get(URL, {"industry": industry("C14").pk})) == [other.name]
    assert _names(client.get(URL, {"tags": tag("high_tech").pk})) == [haier.name]
    assert _names(client.get(URL, {"scale": "small"})) == [other.name]
    both = client.get(URL, {"chamber": world.chamber.pk, "q": "青岛"})
    assert set(_names(both)) >= {haier.name, other.name, world.enterprise.name}
    assert world.enterprise2.name not in _names(both)
    assert _names(client.get(URL, {"chamber": world.chamber2.pk})) == [world.enterprise2.name]


def test_position_and_tier_filters(world, login, haier):
    haier.memberships.update(position=Position.VICE_PRESIDENT)
    haier.employees = 800
    haier.save()
    small = member(world, "青岛小微贸易有限公司", employees=5)
    figure(small, datetime.date.today().year - 1, 2_000_000)
    client = login(world.admin)
    assert _names(client.get(URL, {"position": Position.VICE_PRESIDENT})) == [haier.name]
    assert _names(client.get(URL, {"tier": "high"})) == [haier.name]
    assert small.name not in _names(client.get(URL, {"tier": "general"}))


def test_secretary_sees_own_members_only(world, login, haier):
    response = login(world.secretary).get(URL)
    body = response.content.decode()
    assert haier.name in body and world.enterprise.name in body and MARK not in body
    # filtering by another chamber's id is not a choice: the form ignores it
    response = login(world.secretary).get(URL, {"chamber": world.chamber2.pk})
    assert MARK not in response.content.decode()


def test_enterprise_user_gets_its_own_enterprise_page_not_the_registry(world, login, haier):
    response = login(world.enterprise_user).get(URL)
    assert response.status_code == 302 and response["Location"] == reverse("registry:portal")
    portal = login(world.enterprise_user).get(response["Location"]).content.decode()
    assert world.enterprise.name in portal and haier.name not in portal


def test_anonymous_goes_to_login_and_liaison_is_refused(world, client, login):
    assert "/accounts/login/" in client.get(URL)["Location"]
    assert login(world.liaison).get(URL).status_code == 403


def test_bad_input_is_harmless(world, login, haier):
    client = login(world.admin)
    for params in ({"page": "abc"}, {"page": "-3"}, {"sort": "drop table"}, {"tier": "x"}, {"q": "%_'\""}):
        assert client.get(URL, params).status_code == 200


def test_pages_without_count(world, login, django_assert_max_num_queries):
    for i in range(35):
        member(world, f"青岛分页测试{i:02d}有限公司").tags.add(tag("specialized"))
    client = login(world.admin)
    first = client.get(URL, {"q": "分页"})
    assert len(first.context["page"]) == 30 and first.context["page"].has_next
    second = client.get(URL, {"q": "分页", "page": 2})
    assert len(second.context["page"]) == 5 and not second.context["page"].has_next
    assert "下一页" in first.content.decode() and "上一页" in second.content.decode()
    # sorted by pinyin
    names = _names(first)
    assert names == sorted(names)


def test_pages_follow_by_keyset_without_offset(world, login):
    """Issue 13: the list's links page by the last row's sort key (any depth costs one index walk)."""
    import re
    from html import unescape

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for i in range(35):
        member(world, f"青岛键集{i:02d}有限公司")
    client = login(world.admin)
    first = client.get(URL, {"q": "键集"})
    assert first.context["page"].keyset and len(first.context["page"]) == 30
    link = unescape(re.search(r'href="(\?[^"]*after=[^"]*)">下一页', first.content.decode()).group(1))
    with CaptureQueriesContext(connection) as ctx:
        second = client.get(URL + link)
    assert _names(second) == [f"青岛键集{i:02d}有限公司" for i in range(30, 35)]
    assert not any("OFFSET" in q["sql"].upper() for q in ctx.captured_queries)
    html = second.content.decode()
    assert 'href="?q=%E9%94%AE%E9%9B%86">1</a>' in html and "上一页" in html and "共 35 条" in html
    last = client.get(URL, {"q": "键集", "last": "1"})  # the last page lines up with the numbered pages
    assert _names(last)[-1] == "青岛键集34有限公司" and len(last.context["page"]) == 5


def test_query_count_is_constant(world, login, django_assert_max_num_queries):
    client = login(world.admin)
    client.get(URL)  # warm the session/user caches
    for i in range(3):
        member(world, f"青岛少量{i}有限公司").tags.add(tag("high_tech"))
    with django_assert_max_num_queries(20) as few:
        client.get(URL)
    for i in range(40):
        e = member(world, f"青岛大量{i}有限公司", industry=industry("C34"))
        e.tags.add(tag("high_tech"), tag("above_scale"))
    # One query more once the list spans pages: the (bounded) total count "共 N 条", then constant.
    with django_assert_max_num_queries(len(few.captured_queries) + 1):
        response = client.get(URL)
    assert len(response.context["page"]) == 30
    assert not any("COUNT(" in q["sql"].upper() for q in few.captured_queries)


def test_whole_credit_code_is_an_exact_lookup(world, login, haier):
    from shanglian.registry.selectors import search_q

    assert search_q(haier.credit_code.lower()) == Q(credit_code=haier.credit_code)
    assert _names(login(world.admin).get(URL, {"q": f" {haier.credit_code.lower()} "})) == [haier.name]


def test_a_filter_with_one_choice_is_not_offered(world, login):
    """A secretary's scope holds one chamber: no 全部商会 select; the federation admin chooses among two."""
    assert 'name="chamber"' not in login(world.secretary).get(URL).content.decode()
    assert 'name="chamber"' in login(world.admin).get(URL).content.decode()
