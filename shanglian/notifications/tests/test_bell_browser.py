"""In a real browser: the bell shows the unread figure, opens the list, reading a message lowers it."""

import pytest

from shanglian.core.access import SYSTEM
from shanglian.core.testing.factories import TEST_PASSWORD
from shanglian.notifications.services import notify

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_bell_and_list(world, page, screenshots):
    user = world.secretary
    notify(
        recipients=[user], title="会员年检即将到期", key="b:1", actor=SYSTEM, link="/notifications/settings/"
    )
    notify(recipients=[user], title="换届提醒", body="请在 5 个工作日内提交", key="b:2", actor=SYSTEM)
    notify(recipients=[world.admin], title="管理员的消息", key="b:3", actor=SYSTEM)

    page.goto(page.base_url + "/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", TEST_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(page.base_url + "/")
    assert page.locator("#notification-count").inner_text() == "2"
    page.screenshot(path=str(screenshots / "bell.png"))

    page.click("#notification-bell a")
    page.wait_for_url("**/notifications/")
    items = page.locator("#notification-list a")
    assert items.count() == 2
    assert "换届提醒" in items.nth(0).inner_text() and "会员年检即将到期" in items.nth(1).inner_text()
    assert "管理员的消息" not in page.content()
    page.screenshot(path=str(screenshots / "list.png"), full_page=True)

    items.nth(1).click()  # opens its link and marks it read
    page.wait_for_url("**/notifications/settings/")
    page.screenshot(path=str(screenshots / "settings.png"))
    page.check("#id_email_enabled")
    page.fill("#id_email", "sec@example.cn")
    page.click("#preference-form button[type=submit]")
    page.wait_for_load_state()
    assert "消息设置已保存" in page.content() and page.is_checked("#id_email_enabled")
    assert page.locator("#notification-count").inner_text() == "1"

    page.goto(page.base_url + "/notifications/?filter=unread")
    assert page.locator("#notification-list a").count() == 1
    page.click("#mark-all-read")
    page.wait_for_url("**/notifications/")
    # The badge has loaded (its placeholder is gone) and shows no figure.
    page.wait_for_selector("#notification-badge:not([hx-get])", state="attached")
    assert page.locator("#notification-count").count() == 0
    assert "已将 1 条消息标为已读" in page.content()
