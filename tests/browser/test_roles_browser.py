"""Each role logs in through the real login form, sees its menu, is refused another chamber, logs out."""

import pytest

from shanglian.core.roles import Role
from shanglian.core.testing.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EXPECTED_MENU = {
    Role.FEDERATION_ADMIN: (["组织架构", "用户管理", "审计日志"], []),
    Role.FEDERATION_LEADER: (["组织架构"], ["用户管理", "审计日志"]),
    Role.CHAMBER_SECRETARY: (["组织架构", "用户管理"], ["审计日志"]),
    Role.ENTERPRISE_USER: (["企业中心", "我的企业"], ["组织架构", "用户管理", "审计日志", "会员企业"]),
    Role.DEPARTMENT_LIAISON: ([], ["组织架构", "用户管理", "审计日志", "会员企业"]),
}


def _home_content(world, role):
    """What the role's own home shows first (site/home.py): a selector and a text it must hold."""
    return {
        Role.FEDERATION_ADMIN: ("#home-figures", "年关键指标"),
        Role.FEDERATION_LEADER: ("#home", "待我决策与签批"),
        Role.CHAMBER_SECRETARY: ("#home-chamber", f"本会：{world.chamber.name}"),
        Role.ENTERPRISE_USER: ("#home-enterprise", world.enterprise.name),
        Role.DEPARTMENT_LIAISON: ("#home-department", "交办本部门的诉求"),
    }[role]


def _login(page, username):
    page.goto(page.base_url + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", TEST_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(page.base_url + "/")


@pytest.mark.parametrize("role", list(EXPECTED_MENU), ids=lambda r: r.value)
def test_role_walkthrough(world, page, role, screenshots):
    user = world.users[role]
    _login(page, user.username)
    assert page.locator("aside").is_visible()  # the CSS kit hides a mis-structured sidebar silently
    menu = page.locator("#main-menu").text_content()  # collapsed groups still hold their entries
    shown, hidden = EXPECTED_MENU[role]
    for label in shown:
        assert label in menu, (role, label)
    for label in hidden:
        assert label not in menu, (role, label)
    assert Role(role).label in page.locator("#user-roles").inner_text()
    selector, text = _home_content(world, role)
    assert text in page.locator(selector).inner_text(), (role, selector, text)
    assert page.locator("#home").get_attribute("data-home") == role.value
    page.screenshot(path=str(screenshots / f"home-{role.value}.png"), full_page=True)

    # Another chamber's page: a Chinese 404 (or 403 for roles without the right), never its data.
    page.goto(f"{page.base_url}/orgs/{world.chamber_b.pk}/")
    assert page.locator("#error-title").inner_text() in ("页面不存在", "无权访问")
    assert "即墨" not in page.content()

    page.click("text=" + (user.name or user.username))
    page.click("#logout-button")
    page.wait_for_url("**/accounts/login/")
    page.goto(page.base_url + "/")
    assert "/accounts/login/" in page.url


def test_wrong_password_message(world, page):
    page.goto(page.base_url + "/accounts/login/")
    page.fill("#id_username", "sec_a")
    page.fill("#id_password", "wrong-password")
    page.click("button[type=submit]")
    assert "请输入一个正确的" in page.locator("#login-error").inner_text()
