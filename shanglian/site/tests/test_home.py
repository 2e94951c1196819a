"""Each role's home shows its own content (issue 19), within the query budget, and nothing of another
tenant; an anonymous visitor goes to the login page."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from shanglian.appeals.factories import AppealDispatchFactory, AppealFactory
from shanglian.appeals.models import AppealState
from shanglian.core.roles import Role
from shanglian.governance.factories import TermFactory
from shanglian.registry.factories import MembershipApplicationFactory
from shanglian.registry.models import ApplicationStatus

pytestmark = pytest.mark.django_db


def _home(login, user) -> str:
    client = login(user)
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def test_anonymous_goes_to_login(client):
    response = client.get("/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_secretary_gets_its_chamber(world, login):
    today = timezone.localdate()
    TermFactory(
        chamber=world.chamber, start_on=today - timedelta(days=400), end_on=today + timedelta(days=60)
    )
    MembershipApplicationFactory(
        enterprise=world.enterprise2, chamber=world.chamber, status=ApplicationStatus.SUBMITTED
    )
    html = _home(login, world.secretary)
    assert 'data-home="chamber_secretary"' in html
    assert "本会：" in html and world.chamber.name in html
    assert (today + timedelta(days=60)).isoformat() in html  # next 换届
    assert 'id="home-members">1 家' in html
    assert 'id="home-applications">1 份' in html
    assert world.chamber_b.name not in html  # another tenant's chamber never shows


def test_enterprise_user_gets_its_enterprise(world, login):
    AppealFactory(enterprise=world.enterprise, title="厂房施工许可办理慢")
    AppealFactory(enterprise=world.enterprise_b, title="即墨的诉求")
    html = _home(login, world.enterprise_user)
    assert 'data-home="enterprise_user"' in html
    assert world.enterprise.name in html and world.chamber.name in html  # its enterprise, its membership
    assert "厂房施工许可办理慢" in html
    assert "即墨的诉求" not in html


def test_liaison_sees_its_department_queue_or_explains_it(world, login):
    html = _home(login, world.liaison)
    assert 'id="home-department-empty"' in html and "会出现在这里" in html
    appeal = AppealFactory(
        enterprise=world.enterprise,
        title="税务发票问题",
        state=AppealState.DISPATCHED,
        lead_unit=world.department,
        handler_due=timezone.localdate() + timedelta(days=3),
    )
    AppealDispatchFactory(appeal=appeal, unit=world.department)
    html = _home(login, world.liaison)
    assert "税务发票问题" in html and 'id="home-department-empty"' not in html
    assert html.count("税务发票问题") == 1  # the panel lists it; the to-do list does not repeat it


def test_leader_gets_work_queue_and_figures(world, login):
    html = _home(login, world.leader)
    assert 'data-home="federation_leader"' in html
    assert "待我决策与签批" in html and 'id="home-figures"' in html and "年关键指标" in html


def test_admin_keeps_todo_home_with_figures(world, login):
    html = _home(login, world.admin)
    assert 'data-home="federation_admin"' in html and 'id="todo-list"' in html and 'id="home-figures"' in html


@pytest.mark.parametrize("role", list(Role)[:5], ids=lambda r: r.value)
def test_home_within_budget_once_warm(world, login, role):
    client = login(world.users[role])
    client.get("/")
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/").status_code == 200
    assert len(ctx.captured_queries) <= 10


def test_home_labels_each_date(world, login):
    MembershipApplicationFactory(
        enterprise=world.enterprise2, chamber=world.chamber, status=ApplicationStatus.SUBMITTED
    )
    html = login(world.secretary).get("/").content.decode()
    assert "入会申请待审核" in html and "提交 " in html


def test_chronic_terms_fold_on_the_home_page(world, login):
    for organ in ("council", "supervisory_board", "president_office"):
        TermFactory(chamber=world.chamber, organ=organ, start_on=date(2010, 1, 1), end_on=date(2015, 1, 1))
    html = login(world.admin).get("/").content.decode()
    assert "3 项长期未办结" in html and "/governance/terms/?status=expired" in html
    assert "已届满" not in html.split('data-section="届满未换届"')[1].split("todo-chronic")[0]
