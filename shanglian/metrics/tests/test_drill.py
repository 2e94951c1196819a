"""指标明细: every figure's records (a percentage's numerator and denominator), keyset-paged, exported."""

from datetime import date

import pytest

from shanglian.audit.models import AuditAction, AuditEntry
from shanglian.metrics import views
from shanglian.party.models import PartyOrganization

pytestmark = pytest.mark.django_db

DRILL = "/metrics/drill/"
Y2020 = "period=year&year=2020"


@pytest.fixture
def orgs(world):
    return [
        PartyOrganization.objects.unscoped().create(
            chamber=c, name=f"{c.name}党支部", founded_on=date(2020, 3, 1)
        )
        for c in (world.chamber, world.chamber2)
    ]


def test_a_count_lists_its_records(world, login, orgs, django_assert_max_num_queries):
    client = login(world.leader)
    client.get(f"/metrics/cockpit/data/?{Y2020}")  # one arrives from the cockpit: the figure is cached
    with django_assert_max_num_queries(10):
        response = client.get(f"{DRILL}?key=party.orgs_founded&{Y2020}")
    body = response.content.decode()
    assert response.status_code == 200
    assert "新建商会党组织" in body and orgs[0].name in body and orgs[1].name in body
    assert 'id="drill-count">2<' in body and "所属商会" in body


def test_a_percentage_drills_to_numerator_and_denominator(world, login, orgs):
    client = login(world.admin)
    numerator = client.get(f"{DRILL}?key=party.coverage&{Y2020}").content.decode()
    assert 'id="part-numerator"' in numerator and 'id="part-denominator"' in numerator
    denominator = client.get(f"{DRILL}?key=party.coverage&part=denominator&{Y2020}").content.decode()
    assert (
        "（分母）" in denominator and world.chamber.name in denominator and world.chamber2.name in denominator
    )


def test_keyset_paging(world, login, orgs, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 1)
    client = login(world.admin)
    first = client.get(f"{DRILL}?key=party.orgs_founded&{Y2020}").content.decode()
    assert orgs[0].name in first and orgs[1].name not in first
    assert f"after={orgs[0].pk}" in first
    second = client.get(f"{DRILL}?key=party.orgs_founded&{Y2020}&after={orgs[0].pk}").content.decode()
    assert orgs[1].name in second and orgs[0].name not in second and 'id="next-page"' not in second


def test_export_is_an_audited_xlsx(world, login, orgs):
    client = login(world.leader)
    before = AuditEntry.unscoped_objects.filter(action=AuditAction.EXPORT).count()
    response = client.get(f"{DRILL}?key=party.orgs_founded&{Y2020}&format=xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert AuditEntry.unscoped_objects.filter(action=AuditAction.EXPORT).count() == before + 1


def test_a_secretary_drills_into_its_own_chamber_only(world, login, orgs):
    client = login(world.secretary)
    body = client.get(f"{DRILL}?key=party.orgs_founded&{Y2020}").content.decode()
    assert orgs[0].name in body and orgs[1].name not in body
    for org in (world.chamber2, world.chamber_b, world.fed_b):
        assert client.get(f"{DRILL}?key=party.orgs_founded&{Y2020}&org={org.pk}").status_code == 404
    exported = client.get(f"{DRILL}?key=party.orgs_founded&{Y2020}&format=xlsx&org={world.chamber_b.pk}")
    assert exported.status_code == 404


def test_rights(world, login, client):
    response = client.get(f"{DRILL}?key=party.orgs_founded")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    for user in (world.liaison, world.enterprise_user):
        assert login(user).get(f"{DRILL}?key=party.orgs_founded").status_code == 403


@pytest.mark.parametrize(
    "query, status, words",
    [
        ("key=no.such", 404, "没有这个指标"),
        ("key=party.orgs_founded&part=denominator", 400, "明细部分不正确"),
        ("key=party.orgs_founded&after=x", 400, "翻页参数不正确"),
        ("key=party.orgs_founded&period=year&year=20201", 400, "年份应在"),
        (
            "key=party.orgs_founded&period=custom&start=2020-12-31&end=2020-01-01",
            400,
            "截止日期不能早于起始日期",
        ),
        ("period=year&year=20201", 400, "年份应在"),
    ],
)
def test_bad_input(world, login, query, status, words):
    before = AuditEntry.unscoped_objects.filter(action=AuditAction.EXPORT).count()
    response = login(world.admin).get(f"{DRILL}?{query}")
    assert response.status_code == status and words in response.content.decode()
    assert AuditEntry.unscoped_objects.filter(action=AuditAction.EXPORT).count() == before


def test_without_a_key_every_metric_is_listed_by_section(world, login):
    body = login(world.leader).get(DRILL).content.decode()
    assert 'data-section="党建引领"' in body and "party.coverage" in body and "商会党组织覆盖率" in body


def test_row_labels_cost_no_query_per_row(world, login, monkeypatch, django_assert_max_num_queries):
    """A membership's label names its enterprise and its chamber: both are fetched with the page, not per
    row, whether the page is the first drawn of its model or a later one."""
    from shanglian.metrics import registry
    from shanglian.metrics.registry import Metric
    from shanglian.registry.factories import EnterpriseFactory, MembershipFactory
    from shanglian.registry.models import Membership

    def memberships(period, scope):
        return Membership.unscoped_objects.filter(chamber__in=scope.chambers())

    monkeypatch.setitem(
        registry._REGISTRY, "test.memberships", Metric("test.memberships", "会员关系", "条", memberships)
    )
    monkeypatch.setattr(views, "_LABEL_RELATED", {})
    for i in range(12):
        MembershipFactory(
            chamber=world.chamber, enterprise=EnterpriseFactory(federation=world.fed, name=f"标签企业{i}")
        )
    client = login(world.admin)
    client.get(f"{DRILL}?key=test.memberships&{Y2020}")  # the figure cached, the session warm
    monkeypatch.setattr(views, "_LABEL_RELATED", {})
    for _ in range(2):  # first drawn (learns), then joined up front
        with django_assert_max_num_queries(10):
            body = client.get(f"{DRILL}?key=test.memberships&{Y2020}").content.decode()
        assert "标签企业0" in body and "标签企业11" in body
    assert views._LABEL_RELATED[Membership] and "enterprise" in views._LABEL_RELATED[Membership]
