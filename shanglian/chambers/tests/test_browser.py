"""One full rectification case in a real browser: secretary requests 整顿 → admin approves → the case gets
its defects and measures → admin closes it → the chamber is back to 规范运行."""

from datetime import timedelta

import pytest
from django.utils import timezone

from shanglian.chambers import services
from shanglian.chambers.models import CaseStatus, ChamberState, RectificationCase
from shanglian.core.testing.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(browser, base, user):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(10000)
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")
    return page


def test_full_rectification_case(live_server, browser, history, screenshots):
    w = history
    base = live_server.url
    today = timezone.localdate()
    start = today - timedelta(days=30)

    # 1. The secretary asks for 整顿 of their own chamber.
    sec = _login(browser, base, w.secretary)
    sec.goto(f"{base}/chambers/{w.chamber.pk}/")
    sec.click("#request-transition")
    sec.select_option("select[name=to_state]", ChamberState.RECTIFYING)
    sec.select_option("select[name=cause]", "irregular")
    sec.fill("textarea[name=reason]", "自查发现：理事会换届逾期，财务未单独建账。")
    sec.fill("input[name=effective_on]", start.isoformat())
    sec.click("#submit-request")
    sec.wait_for_selector("#pending-request")
    assert "申请已提交" in sec.content()

    # 2. The federation admin approves it in the queue.
    admin = _login(browser, base, w.admin)
    admin.goto(f"{base}/chambers/requests/")
    row = admin.locator("#request-table tbody tr", has_text="城阳街道商会")
    row.locator("input[name=note]").fill("同意整顿，限期三个月。")
    row.locator("button[value=approve]").click()
    admin.wait_for_selector("text=已批准")
    assert services.current_state(w.chamber) == ChamberState.RECTIFYING
    case = RectificationCase.objects.unscoped().get(chamber=w.chamber)

    # 3. The secretary records defects, measures, deadline and the person responsible.
    sec.goto(f"{base}/chambers/{w.chamber.pk}/")
    sec.click(f"a[href='/chambers/cases/{case.pk}/']")
    sec.fill("textarea[name=defects]", "理事会换届逾期；财务未单独建账。")
    sec.fill("textarea[name=measures]", "召开会员大会完成换届；聘请专职会计单独建账。")
    sec.fill("input[name=deadline]", (start + timedelta(days=60)).isoformat())
    sec.fill("input[name=responsible_person]", "张秀英")
    sec.click("#case-form button[type=submit]")
    sec.wait_for_selector("text=整顿个案已保存")

    # 4. The admin closes the case (验收) and the chamber returns to 规范运行.
    admin.goto(f"{base}/chambers/cases/{case.pk}/")
    admin.fill("#close-form textarea[name=result]", "换届完成，财务已单独建账，验收合格。")
    admin.fill("#close-form input[name=closed_on]", today.isoformat())
    admin.click("#close-case")
    admin.wait_for_selector("text=整顿个案已验收，商会恢复规范运行")
    assert admin.inner_text("#case-status") == "已验收"
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED and case.measures.startswith("召开会员大会")
    assert services.current_state(w.chamber) == ChamberState.NORMAL

    admin.goto(f"{base}/chambers/{w.chamber.pk}/")
    timeline = admin.inner_text("#timeline-card")
    assert "整顿验收（恢复规范运行）" in timeline and "整顿：规范运行 → 整顿中" in timeline
    assert "规范运行" in admin.inner_text(".page-title")
    admin.screenshot(path=str(screenshots / "chambers-rectification-case.png"), full_page=True)
