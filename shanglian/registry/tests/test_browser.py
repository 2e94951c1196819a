"""In the browser: a secretary finds a member by pinyin initials; an enterprise applies to join a chamber
and the secretary of that chamber approves it from the home page's to-do list."""

import pytest

from shanglian.core.roles import Role
from shanglian.core.testing.factories import TEST_PASSWORD, make_chamber, user_with_role
from shanglian.orgs.models import ChamberKind
from shanglian.registry.models import Membership
from shanglian.registry.tests.helpers import member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _logout(page):
    # The bell's badge loads by htmx after the page; a response still in flight when the cookies are
    # cleared would set the previous user's session cookie again.
    page.wait_for_load_state("networkidle")
    page.context.clear_cookies()


def _login(page, base, user):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", TEST_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def test_search_apply_and_approve(world, live_server, page):
    base = live_server.url
    member(world, "青岛海尔智能家电有限公司", legal_representative="周云杰")
    _login(page, base, world.secretary)
    page.goto(f"{base}/registry/enterprises/")
    page.fill("input[name=q]", "qdhr")
    page.press("input[name=q]", "Enter")
    page.wait_for_url("**q=qdhr**")
    rows = page.locator("#enterprise-table tbody tr")
    assert rows.count() == 1 and "青岛海尔智能家电有限公司" in rows.first.inner_text()

    tech = make_chamber(world.fed, "城阳区科技企业商会", chamber_kind=ChamberKind.INDUSTRY, street="")
    tech_secretary = user_with_role(Role.CHAMBER_SECRETARY, organization=tech, username="sec_tech")
    _logout(page)
    _login(page, base, world.enterprise_user)
    page.goto(f"{base}/registry/applications/new/")
    page.wait_for_load_state("networkidle")
    assert page.locator("select[name=chamber]").count() == 1, (page.url, page.inner_text("body")[:800])
    page.select_option("select[name=chamber]", str(tech.pk))
    page.fill("textarea[name=note]", "申请加入科技企业商会")
    page.click("button:has-text('保存')")
    page.wait_for_selector("#application-status")
    assert page.inner_text("#application-status") == "待审核"

    _logout(page)
    _login(page, base, tech_secretary)
    page.goto(f"{base}/")
    page.click("text=青岛本方科技有限公司 申请加入 城阳区科技企业商会 >> visible=true")
    page.select_option("select[name=decision]", "approve")
    page.click("button:has-text('提交审核结果')")
    page.wait_for_selector("text=审核完成")
    assert page.inner_text("#application-status") == "已通过"
    assert Membership.unscoped_objects.filter(enterprise=world.enterprise, chamber=tech).exists()
