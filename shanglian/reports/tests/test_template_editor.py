"""The report template editor: federation admins save versions (history kept); broken ones are refused."""

import pytest
from django.urls import reverse

from shanglian.audit.models import AuditEntry
from shanglian.reports import wording
from shanglian.reports.factories import ReportTemplateFactory
from shanglian.reports.models import ReportTemplate, WorkReport
from shanglian.reports.periods import make_period

pytestmark = pytest.mark.django_db

EDIT = reverse("reports:template_edit")
BODY = "# {{ scope_name }}{{ period_text }}工作报告\n新建并完善商会党组织{{ m('party.orgs_founded') }}家。\n"


def test_admin_saves_versions_and_reports_use_the_latest(world, login):
    client = login(world.admin)
    page = client.get(EDIT).content.decode()
    assert "系统默认模板" in page and "party.orgs_founded" in page
    response = client.post(EDIT, {"body": BODY, "note": "精简"})
    assert response.status_code == 302
    first = ReportTemplate.objects.unscoped().get()
    assert (first.version, first.federation, first.created_by, first.note) == (
        1,
        world.fed,
        world.admin,
        "精简",
    )
    entry = AuditEntry.unscoped_objects.get(object_type="reports.reporttemplate")
    assert entry.action == "create" and entry.actor_id == world.admin.pk
    client.post(EDIT, {"body": BODY.replace("家。", "家，覆盖率达{{ m('party.coverage') }}%。")})
    assert list(ReportTemplate.objects.unscoped().values_list("version", flat=True)) == [2, 1]
    history = client.get(EDIT).content.decode()
    assert "第 2 版" in history and "第 1 版" in history

    from shanglian.reports import services

    report = services.request_report(
        actor=world.admin, organization=world.fed, period=make_period("year", year=2020)
    )
    report.refresh_from_db()
    assert report.template_version == 2
    assert report.content["blocks"][0] == ["title", "城阳区工商联2020年工作报告"]

    # restore version 1: saved again as version 3, history kept
    assert client.post(reverse("reports:template_restore", args=[first.pk])).status_code == 302
    assert ReportTemplate.objects.unscoped().get(version=3).body == first.body
    client.post(reverse("reports:template_reset"))
    assert ReportTemplate.objects.unscoped().get(version=4).body == wording.DEFAULT_BODY


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("新建党组织{{ m('party.orgs_founded' }}个", "模板语法错误"),
        ("新建党组织{{ m('party.no_such_figure') }}个", "未知的指标“party.no_such_figure”"),
        ("新建党组织{{ count }}个", "未知的占位符：count"),
        ("", "这个字段是必填项"),
    ],
)
def test_a_broken_template_is_refused_and_nothing_is_saved(world, login, body, message):
    response = login(world.admin).post(EDIT, {"body": body})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ReportTemplate.objects.unscoped().exists()
    assert not AuditEntry.unscoped_objects.filter(object_type="reports.reporttemplate").exists()


def test_only_federation_admins_edit_the_template(world, client, login):
    assert client.get(EDIT).status_code == 302
    for user in (world.leader, world.secretary, world.enterprise_user):
        c = login(user)
        assert c.get(EDIT).status_code == 403
        assert c.post(EDIT, {"body": BODY}).status_code == 403
    assert not ReportTemplate.objects.unscoped().exists()
    assert not WorkReport.objects.unscoped().exists()


def test_another_tenants_template_is_not_found(world, login):
    theirs = ReportTemplateFactory.create(federation=world.fed_b, note="他方模板")
    client = login(world.admin)
    assert client.get(reverse("reports:template_detail", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("reports:template_restore", args=[theirs.pk])).status_code == 404
    assert "他方模板" not in client.get(EDIT).content.decode()
    ours = ReportTemplateFactory.create(federation=world.fed, version=1, body=BODY)
    assert (
        "新建并完善商会党组织"
        in client.get(reverse("reports:template_detail", args=[ours.pk])).content.decode()
    )
