"""In a real browser: a secretary builds a five-question survey with a condition and sends it; the
enterprise answers (the conditional question appears only after 是); staff see the chart and export."""

from datetime import timedelta

import pytest
from django.utils import timezone

from shanglian.core.testing.factories import TEST_PASSWORD
from shanglian.surveys.models import Response, ResponseStatus, Survey

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, base, user):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", TEST_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def _logout(page):
    page.wait_for_load_state("networkidle")
    page.context.clear_cookies()


def _add(page, kind, text, options="", condition=None, required=True):
    page.select_option("select[name=kind]", kind)
    page.fill("input[name=text]", text)
    page.fill("textarea[name=options]", options)
    if not required:
        page.uncheck("input[name=required]")
    if condition:
        page.select_option("select[name=show_if]", label=condition)
    page.click("#add-question")
    page.wait_for_selector(f"#questions :text('{text}')")


def test_build_send_answer_and_read(world, live_server, browser, screenshots):
    base = live_server.url
    page = browser.new_page(locale="zh-CN", viewport={"width": 1366, "height": 900})
    _login(page, base, world.secretary)
    page.goto(f"{base}/surveys/new/")
    page.fill("input[name=title]", "会员企业用工需求调查")
    page.fill("input[name=closes_on]", (timezone.localdate() + timedelta(days=7)).isoformat())
    page.click("form[enctype] button[type=submit]")
    page.wait_for_selector("#questions")
    _add(page, "single", "是否存在用工缺口", "是\n否")
    _add(page, "number", "缺口人数", condition="第1题选“是”时显示")
    _add(page, "multiple", "主要缺口岗位", "普工\n技术工人\n研发人员", required=False)
    _add(page, "rating", "对招聘服务的满意度")
    _add(page, "text", "意见建议", required=False)
    page.screenshot(path=str(screenshots / "survey-builder.png"), full_page=True)
    page.click("#publish")
    page.wait_for_selector("#survey-status:has-text('进行中')")
    survey = Survey.objects.unscoped().get()
    _logout(page)

    _login(page, base, world.enterprise_user)
    page.goto(f"{base}/surveys/{survey.pk}/answer/")
    count = page.locator(".question:not([hidden])").count()
    page.get_by_label("是", exact=True).check()
    assert page.locator(".question:not([hidden])").count() == count + 1  # the condition shows question 2
    page.fill("input[inputmode=decimal]", "15")
    page.get_by_label("技术工人", exact=True).check()
    page.click("label[for$='-4']")
    page.fill("textarea", "希望举办专场招聘会")
    page.screenshot(path=str(screenshots / "survey-answer.png"), full_page=True)
    page.click("#submit-answers")
    page.wait_for_selector("#my-surveys")
    assert "已提交" in page.inner_text("#my-surveys")
    _logout(page)

    _login(page, base, world.secretary)
    page.goto(f"{base}/surveys/{survey.pk}/results/")
    page.wait_for_selector(f"#chart-{survey.questions.get(order=1).pk} canvas")
    assert "回收率：1/1" in page.inner_text("body")
    page.screenshot(path=str(screenshots / "survey-results.png"), full_page=True)
    with page.expect_download() as download:
        page.click("#export-link")
    assert download.value.suggested_filename.endswith(".xlsx")
    page.close()
    sheet = Response.objects.unscoped().get()
    assert sheet.status == ResponseStatus.SUBMITTED and sheet.answers.count() == 5
