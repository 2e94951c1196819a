"""The cockpit in a browser: leader and secretary, at 1366 px and on a phone; a card opens its records."""

from datetime import date

import pytest

from shanglian.core.testing.factories import TEST_PASSWORD
from shanglian.party.models import PartyOrganization

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, username):
    page.goto(page.base_url + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", TEST_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(page.base_url + "/")
    page.wait_for_load_state("networkidle")  # the home page's htmx badge must not overlap the next page


def _open_cockpit(page, query=""):
    page.goto(page.base_url + "/metrics/cockpit/" + query)
    page.wait_for_selector("#cockpit[data-loaded='1']", state="attached", timeout=60000)
    page.wait_for_load_state("networkidle")


def test_leader_and_secretary_see_their_cockpit(world, page, screenshots):
    for chamber in (world.chamber, world.chamber2):
        PartyOrganization.objects.unscoped().create(
            chamber=chamber, name=f"{chamber.name}党支部", founded_on=date(2020, 3, 1)
        )
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.set_viewport_size({"width": 1366, "height": 900})
    _login(page, world.leader.username)
    _open_cockpit(page, "?period=year&year=2020")
    assert world.fed.name in page.locator("#cockpit-caption").inner_text()
    for chart in ("kinds", "states", "campaigns", "party", "showcases", "growth", "high_tech", "pools"):
        assert page.locator(f"[data-chart='{chart}'] canvas").count() == 1, chart
    assert page.locator("[data-key='party.orgs_founded'] .metric-value").inner_text().startswith("2")
    assert page.locator("[data-key='party.coverage'] .metric-value").inner_text().startswith("100")
    page.screenshot(path=str(screenshots / "cockpit-leader-1366.png"), full_page=True)
    assert errors == []

    page.click("[data-key='party.orgs_founded'] .metric-value")  # a card opens its records
    page.wait_for_selector("#object-table")
    page.wait_for_load_state("networkidle")
    assert "新建商会党组织" in page.locator("h2.page-title").inner_text()
    assert page.locator("#drill-count").inner_text() == "2"
    assert page.locator("#object-table tbody tr").count() == 2

    page.set_viewport_size({"width": 390, "height": 844})
    _open_cockpit(page, "?period=quarter&year=2020&quarter=1")
    assert page.evaluate("document.documentElement.scrollWidth") <= 400  # nothing wider than the phone
    page.screenshot(path=str(screenshots / "cockpit-leader-phone.png"))

    page.context.clear_cookies()
    page.set_viewport_size({"width": 1366, "height": 900})
    _login(page, world.secretary.username)
    _open_cockpit(page, "?period=year&year=2020")
    assert world.chamber.name in page.locator("#cockpit-caption").inner_text()
    assert page.locator("#f-kind").count() == 0  # no chamber-kind picker for a secretary
    assert page.locator("#f-org option").count() == 1
    assert page.locator("[data-key='party.orgs_founded'] .metric-value").inner_text().startswith("1")
    page.screenshot(path=str(screenshots / "cockpit-secretary-1366.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    _open_cockpit(page, "?period=year&year=2020")
    page.screenshot(path=str(screenshots / "cockpit-secretary-phone.png"))
    assert errors == []
