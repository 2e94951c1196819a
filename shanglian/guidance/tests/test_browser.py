"""In a real browser: the admin creates a campaign, imports its donation list, corrects one gift, and sees
the year's totals and the 红盟 subtotal move."""

import pytest
import xlsxwriter

from shanglian.core.testing.factories import TEST_PASSWORD
from shanglian.guidance.models import Donation
from shanglian.registry.models import Tag

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADER = [
    "捐赠企业名称",
    "统一社会信用代码",
    "捐赠日期",
    "现金金额（元）",
    "捐赠物资",
    "物资折价（元）",
    "估值依据",
    "捐赠渠道",
    "受赠方",
    "交付日期",
]
RED = "#fig-guidancered_alliance_epidemic_amount .h2"
ALL = "#fig-guidanceepidemic_amount .h2"


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


def _xlsx(path, world):
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet()
    for i, row in enumerate(
        [
            HEADER,
            [
                world.enterprise.name,
                "",
                "2020-02-01",
                "170万",
                "",
                "",
                "",
                "慈善总会",
                "区人民医院",
                "2020-02-03",
            ],
            [
                "",
                world.enterprise2.credit_code,
                "2020-02-02",
                "1,000,000",
                "口罩",
                "26000",
                "发票",
                "红十字会",
                "",
                "2020-02-05",
            ],
        ]
    ):
        ws.write_row(i, 0, row)
    wb.close()


def test_campaign_import_correct_and_totals_move(live_server, browser, world, screenshots, tmp_path):
    tag, _ = Tag.objects.get_or_create(code="red_alliance", defaults={"name": "党建红盟企业"})
    world.enterprise.tags.add(tag)
    base = live_server.url
    admin = _login(browser, base, world.admin)

    # 1. A campaign.
    admin.goto(f"{base}/guidance/campaigns/new/")
    admin.select_option("select[name=organization]", label="城阳区工商联")
    admin.fill("input[name=name]", "2020年抗击新冠肺炎疫情捐款捐物")
    admin.select_option("select[name=kind]", "epidemic")
    admin.fill("input[name=regions]", "城阳区")
    admin.fill("input[name=start_on]", "2020-01-25")
    admin.click(".card-body form button[type=submit]")
    admin.wait_for_selector("#campaign-total")
    admin.screenshot(path=str(screenshots / "guidance-1-campaign.png"), full_page=True)

    # 2. Its donation list from Excel: preview, then confirm.
    admin.click("#import-link")
    path = tmp_path / "捐赠名单.xlsx"
    _xlsx(path, world)
    admin.set_input_files("input[name=file]", str(path))
    admin.click("#upload")
    admin.wait_for_selector("#confirm-import")
    admin.screenshot(path=str(screenshots / "guidance-2-preview.png"), full_page=True)
    admin.click("#confirm-import")
    admin.wait_for_selector("text=导入完成")
    assert Donation.unscoped_objects.count() == 2

    # 3. The totals and the 红盟 subtotal.
    admin.goto(f"{base}/guidance/totals/?year=2020")
    assert admin.inner_text(RED).startswith("170.00")
    assert admin.inner_text(ALL).startswith("272.60")
    admin.screenshot(path=str(screenshots / "guidance-3-totals.png"), full_page=True)

    # 4. Correct the red-alliance enterprise's gift: 170万 → 150万.
    gift = Donation.unscoped_objects.get(shares__enterprise=world.enterprise)
    admin.goto(f"{base}/guidance/donations/{gift.pk}/")
    admin.click("#correct-link")
    admin.fill("input[name=cash_amount]", "1500000")
    admin.fill("input[name=in_kind_amount]", "0")
    admin.fill("input[name=reason]", "核对慈善总会到账记录")
    admin.click(".card-body form button[type=submit]")
    admin.wait_for_selector("#corrections >> text=核对慈善总会到账记录")
    assert "150.00 万元" in admin.inner_text("#donation-current")
    admin.screenshot(path=str(screenshots / "guidance-4-corrected.png"), full_page=True)

    admin.goto(f"{base}/guidance/totals/?year=2020")
    assert admin.inner_text(RED).startswith("150.00")
    assert admin.inner_text(ALL).startswith("252.60")
    admin.screenshot(path=str(screenshots / "guidance-5-totals-moved.png"), full_page=True)
