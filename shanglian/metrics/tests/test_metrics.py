"""The metric registry: every figure agrees with its drill-down, for every period and scope; the API."""

from datetime import date
from decimal import Decimal

import pytest

from shanglian.metrics import registry
from shanglian.metrics.registry import Period, Scope
from shanglian.orgs.models import Organization
from shanglian.registry.factories import PersonFactory

pytestmark = pytest.mark.django_db

PERIODS = [
    Period(date(2020, 1, 1), date(2020, 12, 31)),
    Period(date(2020, 4, 1), date(2020, 6, 30)),
    Period(date(2018, 1, 1), date(2026, 12, 31)),
    Period(date(2000, 1, 1), date(2000, 1, 1)),
]
ROLES = ["admin", "leader", "secretary"]


def _check(m, period, scope):
    v = registry.compute(m, period, scope)
    rows = list(m.rows(period, scope))
    assert len({r.pk for r in rows}) == len(rows), f"{m.key}: a drill-down row counted twice"
    if m.is_percent:
        whole = list(m.denominator(period, scope))
        assert (v.numerator, v.denominator) == (len(rows), len(whole)), m.key
        assert v.value == registry.percent(len(rows), len(whole), growth=m.growth)
        if not m.growth:  # a share's numerator rows are part of its denominator rows
            assert {r.pk for r in rows} <= {r.pk for r in whole}, m.key
    elif m.sum_field:
        assert v.value == (sum((getattr(r, m.sum_field) for r in rows), Decimal(0)) / 10000).quantize(
            Decimal("0.01")
        )
    else:
        assert v.value == len(rows), m.key
    return v


def test_registry_holds_the_seed_figures():
    keys = {m.key for m in registry.all_metrics()}
    assert {
        "chambers.reorganised",
        "party.model_sites",
        "registry.member_growth",
        "registry.high_tech",
        "party.orgs_founded",
        "party.coverage",
        "party.cross_appointment",
        "registry.red_alliance",
        "party.brands",
        "chambers.street_registered",
        "chambers.four_good",
        "chambers.grade_3a",
        "chambers.dormant_cleaned",
        "chambers.irregular_rectified",
        "chambers.hometown_founded",
        "registry.classified",
    } <= keys
    with pytest.raises(ValueError):
        registry.register(registry.Metric("x.bad", "坏", "吨", lambda p, s: Organization.objects.none()))
    with pytest.raises(ValueError):
        registry.register(registry.Metric("x.bad", "坏", "%", lambda p, s: Organization.objects.none()))


@pytest.mark.parametrize("key", [m.key for m in registry.all_metrics()])
def test_every_metric_agrees_with_its_drill_down(world, key):
    m = registry.get(key)
    assert m is not None
    for period in PERIODS:
        for role in ROLES:
            _check(m, period, Scope(getattr(world, role)))
        _check(m, period, Scope(world.admin, world.chamber))
        _check(m, period, Scope.whole(world.fed))
        _check(m, period, Scope(world.admin, chamber_kind="street"))
        _check(m, period, Scope(world.leader, world.fed, chamber_kind="industry"))
        nothing = registry.compute(m, period, Scope(world.liaison)).value
        assert nothing is None or nothing == 0


# ---------------------------------------------------------------- API


def test_api_lists_figures_with_drill_urls(world, login):
    client = login(world.admin)
    data = client.get("/api/v1/metrics?start=2020-01-01&end=2020-12-31").json()
    by_key = {d["key"]: d for d in data}
    assert set(by_key) == {m.key for m in registry.all_metrics()}
    coverage = by_key["party.coverage"]
    assert coverage["unit"] == "%" and {"numerator", "denominator"} <= set(coverage)
    for d in data:
        rows = client.get(d["drill"]).json()
        if rows["sum"] is not None:  # an amount: the rows add up to it (in 万元)
            assert (Decimal(rows["sum"]) / 10000).quantize(Decimal("0.01")) == Decimal(d["value"]), d["key"]
        else:
            assert rows["count"] == (d["numerator"] if d["unit"] == "%" else d["value"]), d["key"]
        assert len(rows["rows"]) == rows["count"]  # world data fits one page
        if d["unit"] == "%":
            whole = client.get(d["drill"] + "&part=denominator").json()
            assert whole["count"] == d["denominator"]


def test_api_paging(world, login):
    # 分类梳理 counts the firms with an entrepreneur on one of the three lists: a young one lists each firm.
    for enterprise in (world.enterprise, world.enterprise2):
        PersonFactory.create(federation=world.fed, enterprise=enterprise, birth_date=date(1995, 6, 1))
    client = login(world.admin)
    url = "/api/v1/metrics/registry.classified/rows?start=2020-01-01&end=2026-12-31"
    first = client.get(url + "&limit=1").json()
    assert first["count"] == 2 and len(first["rows"]) == 1 and first["next_after"]
    second = client.get(url + f"&limit=1&after={first['next_after']}").json()
    assert len(second["rows"]) == 1 and second["next_after"] is None
    assert first["rows"][0]["id"] != second["rows"][0]["id"]


def test_api_scope_secretary_and_other_tenant(world, login):
    secretary = login(world.secretary)
    data = secretary.get("/api/v1/metrics?start=2018-01-01&end=2026-12-31").json()
    classified = next(d for d in data if d["key"] == "registry.classified")
    rows = secretary.get(classified["drill"]).json()["rows"]
    assert {r["name"] for r in rows} <= {world.enterprise.name}
    chambers = secretary.get(
        "/api/v1/metrics/party.coverage/rows?start=2018-01-01&end=2026-12-31&part=denominator"
    )
    assert {r["id"] for r in chambers.json()["rows"]} <= {world.chamber.pk}
    other = secretary.get(f"/api/v1/metrics?start=2020-01-01&end=2020-12-31&org={world.chamber_b.pk}")
    assert other.status_code == 404 and other.json()["code"] == "not_found"
    admin = login(world.admin)
    assert (
        admin.get(f"/api/v1/metrics?start=2020-01-01&end=2020-12-31&org={world.fed_b.pk}").status_code == 404
    )
    assert (
        admin.get(f"/api/v1/metrics?start=2020-01-01&end=2020-12-31&org={world.chamber.pk}").status_code
        == 200
    )


def test_api_rights(world, login, client):
    assert client.get("/api/v1/metrics?start=2020-01-01&end=2020-12-31").status_code == 401
    for user in (world.liaison, world.enterprise_user):
        response = login(user).get("/api/v1/metrics?start=2020-01-01&end=2020-12-31")
        assert response.status_code == 403 and response.json()["code"] == "forbidden"


@pytest.mark.parametrize(
    "query, status, words",
    [
        ("start=2020-12-31&end=2020-01-01", 400, "截止日期不能早于起始日期"),
        ("start=20201-01-01&end=20201-12-31", 400, "格式不正确"),
        ("start=20200101&end=20201231", 400, "格式不正确"),
        ("end=2020-12-31", 400, "请提供起始日期"),
        ("start=2020-02-30&end=2020-12-31", 400, "格式不正确"),
    ],
)
def test_api_bad_input(world, login, query, status, words):
    client = login(world.admin)
    for url in (f"/api/v1/metrics?{query}", f"/api/v1/metrics/party.coverage/rows?{query}"):
        response = client.get(url)
        assert response.status_code == status and words in response.json()["message"], url


def test_api_unknown_key_and_bad_part(world, login):
    client = login(world.admin)
    response = client.get("/api/v1/metrics/no.such/rows?start=2020-01-01&end=2020-12-31")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    response = client.get(
        "/api/v1/metrics/registry.classified/rows?start=2020-01-01&end=2020-12-31&part=denominator"
    )
    assert response.status_code == 400 and "明细部分不正确" in response.json()["message"]
    response = client.get("/api/v1/metrics/registry.classified/rows?start=2020-01-01&end=2020-12-31&limit=0")
    assert response.status_code == 422  # paging bounds are the API's typed limits (core.validation.Limit)


def test_figures_move_when_records_change(world, login):
    """No cache: a new party organisation shows in the next request."""
    from shanglian.party.models import PartyOrganization

    client = login(world.admin)
    url = "/api/v1/metrics?start=2020-01-01&end=2020-12-31"
    before = next(d for d in client.get(url).json() if d["key"] == "party.orgs_founded")["value"]
    PartyOrganization.objects.unscoped().create(
        chamber=world.chamber2, name="测试党支部", founded_on=date(2020, 5, 1)
    )
    after = next(d for d in client.get(url).json() if d["key"] == "party.orgs_founded")["value"]
    assert after == before + 1


def test_scope_chambers_has_one_path_condition(world):
    """An admin's chambers: one path condition (the scope's and the root's would be two LIKEs, which
    PostgreSQL's estimate multiplies); a secretary still gets only its own chamber."""
    sql = str(Scope(world.admin).chambers().query)
    assert sql.count("LIKE") == 1, sql
    assert set(Scope(world.admin).chambers()) == {world.chamber, world.chamber2}
    assert list(Scope(world.secretary, world.fed).chambers()) == [world.chamber]
    assert list(Scope(world.admin, world.fed_b).chambers()) == []
