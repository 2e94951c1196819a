"""In the browser: the admin generates the 2020 report from the menu, opens it and its print view, edits the
wording; a chamber secretary may report on its own chamber only."""

import pytest

from shanglian.core.testing.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, username):
    page.goto(page.base_url + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", TEST_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(page.base_url + "/")


def test_generate_open_print_and_edit_the_wording(world, page, screenshots):
    page.set_viewport_size({"width": 1366, "height": 900})
    _login(page, world.admin.username)
    page.goto(page.base_url + "/reports/")
    assert "工作报告" in page.locator("#main-menu").text_content()
    page.click("#generate-link")
    assert not page.locator("#id_quarter").is_visible()  # only the fields of the chosen period kind
    page.select_option("#id_period_kind", "quarter")
    assert page.locator("#id_quarter").is_visible() and not page.locator("#id_start").is_visible()
    page.select_option("#id_period_kind", "year")
    page.fill("#id_year", "2020")
    page.screenshot(path=str(screenshots / "report-generate.png"), full_page=True)
    page.click("form[novalidate] button[type=submit]")
    page.wait_for_selector("#download-link")
    assert "城阳区工商联2020年工作报告" in page.locator(".page-title").inner_text()
    assert "已完成" in page.locator("#report-status").inner_text()
    page.screenshot(path=str(screenshots / "report-detail.png"), full_page=True)
    page.goto(page.url + "print/")
    assert "城阳区工商联打造“四大平台”助推民营经济健康发展" in page.locator("h1").first.inner_text()
    page.screenshot(path=str(screenshots / "report-print.png"), full_page=True)

    page.goto(page.base_url + "/reports/templates/")
    page.fill("#id_body", "# {{ scope_name }}工作报告\n新建党组织{{ m('party.orgs_fonded') }}个。")
    page.click("text=保存为新版本")
    assert "未知的指标“party.orgs_fonded”" in page.locator(".form-errors").inner_text()
    page.screenshot(path=str(screenshots / "report-template-refused.png"), full_page=True)
    page.fill(
        "#id_body", "# {{ scope_name }}{{ period_text }}工作报告\n新建党组织{{ m('party.orgs_founded') }}个。"
    )
    page.fill("#id_note", "精简")
    page.click("text=保存为新版本")
    assert "第 1 版" in page.locator("#template-history").inner_text()
    page.wait_for_load_state("networkidle")
    page.context.clear_cookies()

    _login(page, world.secretary.username)
    page.goto(page.base_url + "/reports/new/")
    options = page.locator("#id_organization option").all_inner_texts()
    assert options == [world.chamber.name]
    page.click("form[novalidate] button[type=submit]")
    page.wait_for_selector("#download-link")
    page.goto(page.base_url + "/reports/")
    listing = page.locator("#object-table").inner_text()
    assert "城阳街道商会2020年工作报告" in listing and "城阳区工商联2020年工作报告" not in listing
    page.screenshot(path=str(screenshots / "report-list-secretary.png"), full_page=True)
