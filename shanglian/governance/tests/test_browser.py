"""A secretary records a meeting with a 党建 item in a real browser, then is refused an overlapping term."""

from datetime import date

import pytest

from shanglian.core.testing.factories import TEST_PASSWORD
from shanglian.governance.models import Meeting, Organ, Term

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_secretary_records_meeting_and_is_refused_overlapping_term(world, people, live_server, browser):
    Term.unscoped_objects.create(
        chamber=world.chamber,
        organ=Organ.COUNCIL,
        number=1,
        start_on=date(2022, 1, 1),
        end_on=date(2026, 12, 31),
    )
    page = browser.new_page(locale="zh-CN")
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", world.secretary.username)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("button[type=submit]")
    page.goto(f"{live_server.url}/governance/meetings/new/")
    page.select_option("select[name=chamber]", str(world.chamber.pk))
    page.select_option("select[name=organ]", Organ.COUNCIL)
    page.fill("input[name=title]", "2026年第二次理事会")
    page.fill("input[name=held_on]", "2026-06-18")
    # 出席人员 is a type-ahead picker (Tom Select over /pick/): type part of the name, choose the match.
    page.fill("#id_attendees-ts-control", people["a"].name[:2])
    page.click(f".ts-dropdown .option[data-value='{people['a'].pk}']")
    page.fill("textarea[name=agenda]", "审议年度工作报告")
    page.fill("textarea[name=party_agenda]", "研究部署商会党建工作")
    page.click("form[enctype] button[type=submit]")
    page.wait_for_selector("#agenda")
    assert "党建" in page.inner_text("#agenda")
    page.goto(f"{live_server.url}/governance/meetings/")
    assert "研究党建议题 1 次" in page.inner_text("#list-summary")
    page.goto(f"{live_server.url}/governance/terms/new/")
    page.select_option("select[name=chamber]", str(world.chamber.pk))
    page.select_option("select[name=organ]", Organ.COUNCIL)
    page.fill("input[name=number]", "2")
    page.fill("input[name=start_on]", "2026-06-01")
    page.fill("input[name=end_on]", "2031-05-31")
    page.click("form[enctype] button[type=submit]")
    assert "任期重叠" in page.inner_text(".form-errors")
    page.close()
    assert Meeting.unscoped_objects.get().items.filter(party_building=True).count() == 1
    assert Term.unscoped_objects.count() == 1
