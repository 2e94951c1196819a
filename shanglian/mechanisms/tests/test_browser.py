"""A major matter in a real browser: the chamber files a donation needing approval, the federation accepts
it and opens a sign-off round, three vice-chairs sign, the outcome shows and the filing is approved."""

from datetime import timedelta

import pytest
from django.utils import timezone

from shanglian.core.testing.factories import TEST_PASSWORD
from shanglian.mechanisms import services
from shanglian.mechanisms.models import Filing, FilingStatus, RoundStatus, SignOffRound
from shanglian.registry.models import Person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(browser, base, user):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15000)
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")
    return page


def test_filing_sign_off_and_approval(live_server, browser, world, screenshots):
    base = live_server.url
    services.ensure_default_filing_types(actor=world.admin, federation=world.fed)
    chairs = []
    for i, name in enumerate(["王建国", "李海涛", "张丽华"], start=1):
        person = Person.unscoped_objects.create(federation=world.fed, name=name)
        vc = services.appoint_vice_chair(actor=world.admin, federation=world.fed, person=person)
        services.open_vice_chair_login(
            actor=world.admin, vice_chair=vc, username=f"vc{i}", password=TEST_PASSWORD
        )
        vc.refresh_from_db()
        chairs.append(vc)

    # 1. The chamber's secretary files a donation (事前报批, ≥ 100万元).
    sec = _login(browser, base, world.secretary)
    sec.goto(f"{base}/mechanisms/filings/new/")
    sec.select_option(
        "select[name=filing_type]", label="对外捐赠（事前报批：事件前 10 个工作日报送，金额 100 万元以上）"
    )
    sec.fill("input[name=title]", "向区慈善总会捐赠120万元")
    sec.fill("textarea[name=content]", "商会会员企业联合向区慈善总会捐赠120万元，用于助学。")
    sec.fill("input[name=amount]", "1200000")
    sec.fill("input[name=event_date]", (timezone.localdate() + timedelta(days=60)).isoformat())
    sec.click(".card-body form button[type=submit]")
    sec.wait_for_selector("#filing-status")
    assert sec.inner_text("#filing-status") == "已报送"
    sec.screenshot(path=str(screenshots / "mechanisms-1-filed.png"), full_page=True)
    filing = Filing.objects.unscoped().get()

    # 2. The federation admin accepts it and opens a round for the three vice-chairs.
    admin = _login(browser, base, world.admin)
    admin.goto(f"{base}/mechanisms/filings/{filing.pk}/")
    admin.click("button[value=accept]")
    admin.wait_for_selector("text=已受理")
    admin.click("#open-round")
    for vc in chairs:
        admin.check(f"input[name=signers][value='{vc.pk}']")
    admin.select_option("select[name=rule]", "unanimous")
    deadline = timezone.localtime() + timedelta(days=3)
    admin.fill("input[name=deadline]", deadline.strftime("%Y-%m-%dT%H:%M"))
    admin.click(".card-body form button[type=submit]")
    admin.wait_for_selector("#round-status")
    assert admin.inner_text("#round-status") == "签署中"
    rnd = SignOffRound.objects.unscoped().get()

    # 3. Each vice-chair finds it on the to-do list and signs 同意.
    for i, vc in enumerate(chairs):
        page = _login(browser, base, vc.user)
        assert "待签字事项" in page.content()
        page.click(f"a[href='/mechanisms/rounds/{rnd.pk}/']")
        page.select_option("select[name=decision]", "agree")
        page.fill("textarea[name=opinion]", "同意捐赠。")
        if i == 0:
            page.screenshot(path=str(screenshots / "mechanisms-2-vice-chair-signs.png"), full_page=True)
        page.click("#sign-button")
        page.wait_for_selector("#my-signature")
        page.wait_for_load_state("networkidle")
        page.context.close()

    # 4. The outcome shows, and the filing is approved.
    admin.goto(f"{base}/mechanisms/rounds/{rnd.pk}/")
    assert admin.inner_text("#round-status") == "通过"
    assert "全体签字人一致同意" in admin.inner_text("#round-outcome")
    admin.screenshot(path=str(screenshots / "mechanisms-3-round-approved.png"), full_page=True)
    rnd.refresh_from_db()
    filing.refresh_from_db()
    assert rnd.status == RoundStatus.APPROVED and filing.status == FilingStatus.APPROVED
    sec.goto(f"{base}/mechanisms/filings/{filing.pk}/")
    assert sec.inner_text("#filing-status") == "审核通过"
    assert "集体签字" in sec.inner_text("#filing-steps")
    sec.screenshot(path=str(screenshots / "mechanisms-4-filing-approved.png"), full_page=True)
