"""Generating a work report: the form, the background task, the file, the print view, scope and rights."""

import io
from datetime import date

import docx
import pytest
from django.urls import reverse

from shanglian.attachments.models import Attachment
from shanglian.audit.models import AuditEntry
from shanglian.core.errors import ServiceError
from shanglian.reports.factories import WorkReportFactory
from shanglian.reports.models import ReportStatus, WorkReport
from shanglian.reports.periods import make_period

pytestmark = pytest.mark.django_db

NEW = reverse("reports:new")


def _year(org, year="2020"):
    return {"organization": org.pk, "period_kind": "year", "year": year}


def test_admin_generates_a_report_and_downloads_it(world, login, monkeypatch):
    from shanglian.metrics import registry

    # As if the cooperation app were not built: its figure's clause is left out, not shown as 0.
    monkeypatch.delitem(registry._REGISTRY, "cooperation.deal_amount")
    client = login(world.admin)
    response = client.post(NEW, _year(world.fed))
    report = WorkReport.objects.unscoped().get()
    assert response.status_code == 302 and response.url == reverse("reports:detail", args=[report.pk])
    assert report.status == ReportStatus.DONE and report.progress == 100
    assert (report.start, report.end) == (date(2020, 1, 1), date(2020, 12, 31))
    assert report.title == "城阳区工商联2020年工作报告" and report.generated_by == world.admin
    assert report.template_version == 0  # the shipped default
    file = report.attachments.get()
    body = client.get(reverse("attachments:download", args=[file.pk]))
    assert body.status_code == 200
    document = docx.Document(io.BytesIO(b"".join(body.streaming_content)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert document.paragraphs[0].text == "城阳区工商联打造“四大平台”助推民营经济健康发展"
    assert "新建并完善商会党组织0家" in text
    assert "促成企业间达成合作" not in text  # cooperation is not built yet: left out, not 0
    appendix = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert appendix[0] == ["序号", "指标", "数值", "单位", "说明"]
    assert len(appendix) - 1 == len(report.content["appendix"]) >= 16
    # the audit: requested by the admin, written by the system
    rows = AuditEntry.unscoped_objects.filter(object_type="reports.workreport", object_id=str(report.pk))
    assert {(r.action, r.actor_id) for r in rows} == {("create", world.admin.pk), ("transition", None)}
    detail = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert "下载 Word" in detail and "新建并完善商会党组织0家" in detail
    printable = client.get(reverse("reports:print", args=[report.pk])).content.decode()
    assert "@page { size: A4; margin: 37mm 26mm 35mm 28mm; }" in printable
    assert "城阳区工商联打造“四大平台”助推民营经济健康发展" in printable
    listing = client.get(reverse("reports:list")).content.decode()
    assert report.title in listing and "他方" not in listing


def test_the_word_layout_follows_gbt_9704(world):
    from shanglian.reports import services

    report = services.request_report(
        actor=world.admin, organization=world.fed, period=make_period("year", year=2020)
    )
    report.refresh_from_db()
    document = docx.Document(report.attachments.get().file.open("rb"))
    section = document.sections[0]
    sizes = (section.page_width, section.page_height)
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [round(m.mm) for m in (*sizes, *margins) if m is not None] == [210, 297, 37, 35, 28, 26]
    east_asian = {
        name: document.styles[name].element.rPr.rFonts.get(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia"
        )
        for name in ("Normal", "Title", "Heading 1", "Heading 2")
    }
    assert east_asian == {
        "Normal": "仿宋_GB2312",
        "Title": "方正小标宋简体",
        "Heading 1": "黑体",
        "Heading 2": "楷体_GB2312",
    }
    assert document.styles["Normal"].font.size.pt == 16 and document.styles["Title"].font.size.pt == 22
    footer = section.footer.paragraphs[0]
    assert footer.text.startswith("— ") and footer.text.endswith(" —")
    assert "PAGE" in footer._p.xml


def test_secretary_reports_on_its_own_chamber_only(world, login):
    client = login(world.secretary)
    form = client.get(NEW).content.decode()
    assert world.chamber.name in form and world.chamber2.name not in form and world.fed.name not in form
    assert client.post(NEW, _year(world.chamber)).status_code == 302
    other = WorkReportFactory.create(organization=world.chamber2, title="他方夏庄报告")
    federation_report = WorkReportFactory.create(organization=world.fed, title="全区报告")
    listing = client.get(reverse("reports:list")).content.decode()
    assert (
        "城阳街道商会2020年工作报告" in listing
        and "他方夏庄报告" not in listing
        and "全区报告" not in listing
    )
    assert client.get(reverse("reports:detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("reports:print", args=[federation_report.pk])).status_code == 404


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"period_kind": "custom", "start": "2020-12-31", "end": "2020-01-01"}, "截止日期不能早于起始日期"),
        ({"period_kind": "year", "year": "20201"}, "年份应在 1990–2100 之间"),
        ({"period_kind": "quarter", "year": "2020"}, "请选择季度"),
        ({"period_kind": "custom", "start": "2020-01-01"}, "须填写起始日期和截止日期"),
        ({"period_kind": "year", "year": "2020", "organization": "other"}, "所选范围不在您的数据范围内"),
    ],
)
def test_bad_input_is_refused_in_chinese_and_nothing_is_written(world, login, data, message):
    data = {"organization": world.fed.pk, **data}
    if data["organization"] == "other":
        data["organization"] = world.chamber_b.pk
    response = login(world.admin).post(NEW, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not WorkReport.objects.unscoped().exists()
    assert not Attachment.objects.exists()


def test_service_refuses_a_scope_outside_the_users(world):
    from shanglian.core.access import AccessDenied
    from shanglian.reports import services

    with pytest.raises(AccessDenied):
        services.request_report(
            actor=world.secretary, organization=world.chamber2, period=make_period("year", year=2020)
        )
    with pytest.raises(ServiceError):
        make_period("month", year=2020, month=13)
    assert make_period("quarter", year=2020, quarter=1).text == "2020年第一季度"
    assert make_period("month", year=2020, month=2).end == date(2020, 2, 29)
    assert not WorkReport.objects.unscoped().exists()


def test_anonymous_and_too_weak_roles(world, client, login):
    report = WorkReportFactory.create(organization=world.fed)
    for url in (reverse("reports:list"), NEW, reverse("reports:detail", args=[report.pk])):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.url
    for user in (world.enterprise_user, world.liaison):
        c = login(user)
        assert c.get(reverse("reports:list")).status_code == 403
        assert c.post(NEW, _year(world.fed)).status_code == 403
    assert WorkReport.objects.unscoped().count() == 1


def test_another_tenants_report_is_not_found(world, login):
    theirs = WorkReportFactory.create(organization=world.fed_b, title="他方即墨报告")
    client = login(world.admin)
    assert client.get(reverse("reports:detail", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("reports:print", args=[theirs.pk])).status_code == 404
    assert "他方即墨报告" not in client.get(reverse("reports:list")).content.decode()


def test_leader_generates_and_the_list_stays_within_ten_queries(world, login, django_assert_max_num_queries):
    client = login(world.leader)
    assert client.post(NEW, _year(world.fed)).status_code == 302
    for i in range(40):
        WorkReportFactory.create(organization=world.chamber if i % 2 else world.fed)
    client.get(reverse("reports:list"))  # shows (and so clears) the flash message of the POST
    with django_assert_max_num_queries(10):
        first = client.get(reverse("reports:list"))
    page = first.context["reports"]
    assert len(page) == 30 and first.context["next_before"] == page[-1].pk
    second = client.get(reverse("reports:list"), {"before": page[-1].pk}).context["reports"]
    assert len(second) == 11 and max(r.pk for r in second) < page[-1].pk


def test_a_failed_generation_is_marked_and_audited(world, monkeypatch):
    from shanglian.reports import services, word

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(word, "build_docx", broken)
    report = services.request_report(
        actor=world.admin, organization=world.fed, period=make_period("year", year=2020)
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED and "报告生成失败" in report.message
    assert not report.attachments.exists()
    assert AuditEntry.unscoped_objects.filter(object_id=str(report.pk), action="transition").exists()


def test_a_report_stuck_in_the_queue_is_failed_by_the_scheduled_check(world):
    import datetime

    from django.utils import timezone

    from shanglian.reports.jobs import fail_stale_reports

    stuck = WorkReportFactory.create(organization=world.fed, status=ReportStatus.RUNNING, progress=40)
    fresh = WorkReportFactory.create(organization=world.fed, status=ReportStatus.PENDING, progress=0)
    later = timezone.now() + datetime.timedelta(minutes=31)
    WorkReport.objects.unscoped().filter(pk=fresh.pk).update(generated_at=later)
    assert fail_stale_reports(now=later) == 1
    stuck.refresh_from_db()
    fresh.refresh_from_db()
    assert stuck.status == ReportStatus.FAILED and "报告生成进程已停止" in stuck.message
    assert fresh.status == ReportStatus.PENDING
    assert AuditEntry.unscoped_objects.filter(
        object_id=str(stuck.pk), action="transition", actor__isnull=True
    ).exists()
    assert fail_stale_reports(now=later) == 0
