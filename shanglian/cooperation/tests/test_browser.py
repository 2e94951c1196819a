"""In a real browser: an enterprise posts a demand, staff publish it and see a match with its reason;
the enterprise registers for an event and shows its code; staff check it in at the door page (the test
types the code the camera would read); the attendance shows it."""

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from shanglian.cooperation.models import Posting, PostingStatus
from shanglian.core.testing.factories import TEST_PASSWORD
from shanglian.events import services as event_services
from shanglian.events.models import CheckIn, Event, EventKind, Registration
from shanglian.registry.factories import EnterpriseFactory, MembershipFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, user):
    page.goto(f"{page.base_url}/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def _logout(page):
    page.wait_for_load_state("networkidle")
    page.context.clear_cookies()


def test_demand_match_register_and_check_in(world, page, screenshots):
    supplier: Any = EnterpriseFactory(federation=world.fed, name="青岛冷链物流有限公司", street="城阳")
    MembershipFactory(enterprise=supplier, chamber=world.chamber)
    Posting.unscoped_objects.create(
        federation=world.fed,
        enterprise=supplier,
        side="supply",
        category="services",
        title="提供冷链物流与冷库仓储",
        description="自有冷库 5000 吨，冷链车 30 辆。",
        region="城阳",
        valid_until=timezone.localdate() + timedelta(days=90),
        contact_name="孙经理",
        contact_phone="13900000001",
        status=PostingStatus.PUBLISHED,
    )
    event = Event.unscoped_objects.create(
        organizer=world.fed,
        title="冷链产业供需对接会",
        kind=EventKind.INVESTMENT,
        starts_at=timezone.now() + timedelta(days=5),
        place="城阳区工商联",
        quota=30,
    )

    # 1. The enterprise posts a demand.
    _login(page, world.enterprise_user)
    page.goto(f"{page.base_url}/cooperation/postings/new/")
    page.select_option("select[name=side]", "demand")
    page.select_option("select[name=category]", "services")
    page.fill("input[name=title]", "寻求冷链物流仓储服务")
    page.fill("textarea[name=description]", "生鲜食品需要冷链物流与冷库仓储，日均 20 吨。")
    page.fill("input[name=region]", "城阳")
    page.fill("input[name=contact_name]", "王经理")
    page.fill("input[name=contact_phone]", "13912345678")
    page.click("form[enctype] button[type=submit]")
    page.wait_for_selector("#posting-status")
    assert "待审核" in page.inner_text("#posting-status")
    page.screenshot(path=str(screenshots / "supply_1_posted.png"), full_page=True)

    # 2. The enterprise registers for the event and sees its code.
    page.goto(f"{page.base_url}/events/{event.pk}/")
    page.fill("#register-form input[name=name]", "王经理")
    page.click("#register-button")
    page.wait_for_selector("#my-qr svg")
    page.screenshot(path=str(screenshots / "events_1_my_code.png"), full_page=True)
    _logout(page)

    # 3. Staff publish the demand and see the match with its reason.
    demand = Posting.unscoped_objects.get(title="寻求冷链物流仓储服务")
    _login(page, world.admin)
    page.goto(f"{page.base_url}/cooperation/postings/{demand.pk}/")
    page.click("#posting-publish")
    page.wait_for_selector("#candidates")
    reason = page.inner_text("#candidates")
    assert (
        "提供冷链物流与冷库仓储" in reason
        and "关键词" in reason
        and "冷链" in reason
        and "同区域：城阳" in reason
    )
    page.screenshot(path=str(screenshots / "supply_2_match_reason.png"), full_page=True)

    # 4. At the door: the code the camera reads is typed in; it counts once.
    reg = Registration.unscoped_objects.get(event=event)
    code = event_services.code_of(reg)
    page.goto(f"{page.base_url}/events/{event.pk}/door/")
    page.fill("#code-input", code)
    page.click("#checkin-button")
    page.wait_for_selector("#checkin-result.alert-success")
    assert "签到成功：王经理" in page.inner_text("#checkin-result")
    assert page.inner_text("#door-count") == "1 / 1"
    page.fill("#code-input", code)
    page.click("#checkin-button")
    page.wait_for_selector("#checkin-result.alert-danger")
    assert "已签到" in page.inner_text("#checkin-result")
    page.screenshot(path=str(screenshots / "events_2_door.png"), full_page=True)

    # 5. The attendance shows it.
    page.goto(f"{page.base_url}/events/{event.pk}/")
    summary = page.inner_text("#attendance-summary")
    assert "已签到 1" in summary and "出席率 100%" in summary
    page.screenshot(path=str(screenshots / "events_3_attendance.png"), full_page=True)
    assert CheckIn.unscoped_objects.count() == 1
