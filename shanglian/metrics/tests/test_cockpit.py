"""数据驾驶舱: the page (≤ 10 queries, no figure in it), its one JSON, scope per role, pickers, bad input."""

from datetime import date

import pytest
from django.http import QueryDict

from shanglian.metrics import registry
from shanglian.metrics.registry import Period, Scope
from shanglian.metrics.selection import parse_period
from shanglian.party.models import PartyOrganization

pytestmark = pytest.mark.django_db

PAGE = "/metrics/cockpit/"
DATA = "/metrics/cockpit/data/"


def _cards(data):
    return {c["key"]: c for s in data["sections"] for c in s["cards"]}


@pytest.mark.parametrize("role", ["admin", "leader"])
def test_leader_and_admin_see_the_whole_district(world, login, role, django_assert_max_num_queries):
    client = login(getattr(world, role))
    with django_assert_max_num_queries(10):
        page = client.get(PAGE + "?period=year&year=2020")
    assert page.status_code == 200
    body = page.content.decode()
    assert "数据驾驶舱" in body and "echarts.min.js" in body and "metrics/cockpit.js" in body
    assert world.chamber.name in body and world.chamber2.name in body  # the scope picker
    data = client.get(DATA + "?period=year&year=2020").json()
    assert data["scope"] == world.fed.name and data["period"] == "2020年"
    cards = _cards(data)
    assert set(cards) == {m.key for m in registry.all_metrics()}
    y2020 = Period(date(2020, 1, 1), date(2020, 12, 31))
    for key, card in cards.items():
        m = registry.get(key)
        assert m is not None
        v = registry.compute_fresh(m, y2020, Scope(getattr(world, role)))
        assert card["value"] == (float(v.value) if v.value is not None else 0) or card["value"] == v.value, (
            key
        )
        assert card["url"].startswith("/metrics/drill/?key=" + key)
        assert ("denominator_url" in card) == m.is_percent
    charts = {c["id"]: c for c in data["charts"]}
    assert {"kinds", "states", "campaigns", "party", "showcases", "growth", "high_tech", "pools"} <= set(
        charts
    )
    kinds = {d["name"]: d["value"] for d in charts["kinds"]["data"]}
    assert sum(kinds.values()) == 2  # chambers A1 and A2, not federation B's
    assert [s["name"] for s in data["sections"]][:2] == ["党建引领", "组织架构"]


def test_one_request_answers_the_whole_page(world, login, django_assert_max_num_queries):
    """The JSON is computed once per (metric, period, scope): a second load reads the cache."""
    client = login(world.leader)
    client.get(DATA + "?period=quarter&year=2020&quarter=2")
    with django_assert_max_num_queries(8):  # session, user, roles … but no figure
        again = client.get(DATA + "?period=quarter&year=2020&quarter=2")
    assert again.status_code == 200


def test_a_secretary_gets_its_own_chamber_only(world, login):
    client = login(world.secretary)
    page = client.get(PAGE)
    assert page.status_code == 200
    assert world.chamber2.name not in page.content.decode()
    data = client.get(DATA + "?period=year&year=2020").json()
    assert data["scope"] == world.chamber.name
    kinds = {d["name"]: d["value"] for d in {c["id"]: c for c in data["charts"]}["kinds"]["data"]}
    assert sum(kinds.values()) == 1
    for url in (PAGE, DATA):
        assert client.get(url + f"?org={world.chamber2.pk}").status_code == 404
        assert client.get(url + f"?org={world.chamber_b.pk}").status_code == 404
        response = client.get(url + "?kind=street")
        assert response.status_code == 400 and "只能查看本商会" in response.content.decode()


def test_scope_pickers(world, login):
    client = login(world.admin)
    data = client.get(DATA + f"?org={world.chamber2.pk}&period=year&year=2020").json()
    assert data["scope"] == world.chamber2.name
    data = client.get(DATA + "?kind=street&period=year&year=2020").json()
    assert data["scope"] == f"{world.fed.name} · 街道商会"
    assert client.get(DATA + f"?org={world.fed_b.pk}").status_code == 404
    assert client.get(PAGE + f"?org={world.fed_b.pk}").status_code == 404
    assert client.get(DATA + f"?org={world.department.pk}").status_code == 400


def test_rights(world, login, client):
    for url in (PAGE, DATA):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    for user in (world.liaison, world.enterprise_user):
        c = login(user)
        assert c.get(PAGE).status_code == 403 and c.get(DATA).status_code == 403


@pytest.mark.parametrize(
    "query, words",
    [
        ("period=custom&start=2020-12-31&end=2020-01-01", "截止日期不能早于起始日期"),
        ("period=year&year=20201", "年份应在"),
        ("period=year&year=二〇二〇", "年份应为数字"),
        ("period=quarter&year=2020&quarter=5", "季度应在 1 到 4 之间"),
        ("period=month&year=2020&month=13", "月份应在 1 到 12 之间"),
        ("period=custom&start=20201-01-01&end=2020-12-31", "格式不正确"),
        ("period=custom&start=2020-01-01", "请填写起始日期和截止日期"),
        ("period=decade", "期间类型不正确"),
        ("kind=castle", "商会类型不正确"),
        ("org=abc", "范围（组织编号）应为数字"),
        ("org=99999999999", "范围（组织编号）应在"),
    ],
)
def test_bad_input_is_a_chinese_message(world, login, query, words):
    client = login(world.admin)
    page = client.get(f"{PAGE}?{query}")
    assert page.status_code == 400 and words in page.content.decode(), query
    data = client.get(f"{DATA}?{query}")
    assert data.status_code == 400 and words in data.json()["message"], query


def test_empty_period_gives_zeros_and_empty_charts(world, login):
    """1901: nothing happened. Only standing figures (the registry, chambers with no founding date, the
    talent databases as the rules select them now) are not 0."""
    data = login(world.leader).get(DATA + "?period=month&year=1901&month=1").json()
    cards = _cards(data)
    undated = ("registry.classified", "registry.pool", "chambers.kind_", "chambers.state_")
    assert {k for k, c in cards.items() if c["value"] and not k.startswith(undated)} == set()
    assert (
        cards["governance.party_meetings"]["value"] == 0 and cards["governance.party_meetings"]["empty"]
    )  # 0 of 0
    for chart in data["charts"]:
        if chart["id"] not in ("kinds", "states", "pools"):
            assert all(d["value"] == 0 for d in chart["data"]), chart["id"]


def test_the_figures_move_after_a_write(world, login):
    client = login(world.leader)
    url = DATA + "?period=year&year=2020"
    before = _cards(client.get(url).json())["party.orgs_founded"]["value"]
    PartyOrganization.objects.unscoped().create(
        chamber=world.chamber2, name="新支部", founded_on=date(2020, 5, 1)
    )
    assert _cards(client.get(url).json())["party.orgs_founded"]["value"] == before + 1


def _q(**kw):
    q = QueryDict(mutable=True)
    q.update(kw)
    return q


@pytest.mark.parametrize(
    "params, period, previous, last_year, label",
    [
        (
            {"period": "year", "year": "2020"},
            ("2020-01-01", "2020-12-31"),
            ("2019-01-01", "2019-12-31"),
            ("2019-01-01", "2019-12-31"),
            "2020年",
        ),
        (
            {"period": "quarter", "year": "2020", "quarter": "1"},
            ("2020-01-01", "2020-03-31"),
            ("2019-10-01", "2019-12-31"),
            ("2019-01-01", "2019-03-31"),
            "2020年第1季度",
        ),
        (
            {"period": "month", "year": "2020", "month": "3"},
            ("2020-03-01", "2020-03-31"),
            ("2020-02-01", "2020-02-29"),
            ("2019-03-01", "2019-03-31"),
            "2020年3月",
        ),
        (
            {"period": "month", "year": "2021", "month": "1"},
            ("2021-01-01", "2021-01-31"),
            ("2020-12-01", "2020-12-31"),
            ("2020-01-01", "2020-01-31"),
            "2021年1月",
        ),
        (
            {"period": "custom", "start": "2020-02-20", "end": "2020-02-29"},
            ("2020-02-20", "2020-02-29"),
            ("2020-02-10", "2020-02-19"),
            ("2019-02-20", "2019-02-28"),
            "2020-02-20 至 2020-02-29",
        ),
    ],
)
def test_periods_and_their_comparisons(params, period, previous, last_year, label):
    got = parse_period(_q(**params))
    as_text = [(p.start.isoformat(), p.end.isoformat()) for p in got[:3]]
    assert as_text == [period, previous, last_year] and got[3] == label


def test_default_period_is_this_year():
    period, *_ = parse_period(QueryDict(), today=date(2026, 11, 29))
    assert period == Period(date(2026, 1, 1), date(2026, 12, 31))
