"""One appeal in a real browser: the enterprise submits → the desk accepts and dispatches → the tax bureau's
liaison signs and replies (solved) → the desk closes → the enterprise rates it 满意 and reads the timeline."""

import pytest

from shanglian.appeals.models import Appeal, AppealState, Outcome
from shanglian.core.testing.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(browser, base, user):
    context = browser.new_context(viewport={"width": 1366, "height": 1000}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15000)
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")
    return page


def _step(page, name, screenshots=None, **fields):
    form = page.locator(f"#action-{name}")
    for selector, value in fields.items():
        target = form.locator(f"[name={name}-{selector}]")
        if target.evaluate("e => e.tagName") == "SELECT":
            target.select_option(str(value))
        else:
            target.fill(str(value))
    form.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")


def test_an_appeal_from_the_enterprise_to_its_rating(live_server, browser, world, categories, screenshots):
    base = live_server.url

    ent = _login(browser, base, world.enterprise_user)
    ent.goto(f"{base}/appeals/new/")
    ent.select_option("select[name=category]", str(categories["税费"].pk))
    ent.fill("input[name=title]", "留抵退税审核进度")
    ent.fill("textarea[name=content]", "我司3月提交增值税留抵退税申请，至今未有结果，请协助了解进度。")
    ent.click(".card-body form button[type=submit]")
    ent.wait_for_selector("#timeline")
    assert "待受理" in ent.inner_text("#appeal-state")
    ent.screenshot(path=str(screenshots / "appeal_1_enterprise_submitted.png"), full_page=True)
    appeal = Appeal.unscoped_objects.get()
    url = f"{base}/appeals/{appeal.pk}/"

    admin = _login(browser, base, world.admin)
    admin.goto(f"{base}/appeals/board/")
    assert "留抵退税审核进度" in admin.inner_text("#board-table")
    admin.screenshot(path=str(screenshots / "appeal_2_desk_board.png"), full_page=True)
    admin.goto(url)
    _step(admin, "accept")
    assert "待派单" in admin.inner_text("#appeal-state")
    _step(admin, "dispatch", lead=world.department.pk, reason="请三个工作日内联系企业")
    assert "待签收" in admin.inner_text("#appeal-state")
    admin.screenshot(path=str(screenshots / "appeal_3_desk_dispatched.png"), full_page=True)

    liaison = _login(browser, base, world.liaison)
    liaison.goto(url)
    _step(liaison, "sign")
    assert "办理中" in liaison.inner_text("#appeal-state")
    _step(liaison, "reply", outcome=Outcome.SOLVED, reason="已核实，退税款已于本周退还至企业账户。")
    assert "已答复" in liaison.inner_text("#appeal-state")
    liaison.screenshot(path=str(screenshots / "appeal_4_liaison_replied.png"), full_page=True)

    admin.goto(url)
    _step(admin, "close")
    assert "已办结" in admin.inner_text("#appeal-state")

    ent.goto(url)
    assert "城阳区税务局" in ent.inner_text("#timeline")
    _step(ent, "rate", satisfaction="satisfied", reason="办理及时，感谢！")
    assert "已评价" in ent.inner_text("#appeal-state")
    timeline = ent.inner_text("#timeline")
    for label in ("提交", "受理", "派单", "签收", "答复", "办结", "评价"):
        assert label in timeline
    assert "已解决" in timeline and "满意" in timeline
    ent.screenshot(path=str(screenshots / "appeal_5_enterprise_rated.png"), full_page=True)
    appeal.refresh_from_db()
    assert appeal.state == AppealState.RATED and appeal.outcome == Outcome.SOLVED
