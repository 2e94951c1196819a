"""A report of one kind of chamber (as the cockpit's kind scope), page numbers in the print view, and the
report's states moved by the workflow kit (one audit row per change)."""

from datetime import date

import pytest
from django.urls import reverse

from shanglian.audit.models import AuditEntry
from shanglian.metrics import registry
from shanglian.metrics.registry import Period, Scope
from shanglian.reports.models import ReportStatus, WorkReport

pytestmark = pytest.mark.django_db

NEW = reverse("reports:new")


def _form(org, **extra):
    return {"organization": org.pk, "period_kind": "year", "year": "2020", **extra}


def test_a_report_of_one_chamber_kind(world, login):
    kind = world.chamber.chamber_kind
    assert kind
    client = login(world.admin)
    assert client.post(NEW, _form(world.fed, chamber_kind=kind)).status_code == 302
    report = WorkReport.objects.unscoped().get()
    assert report.status == ReportStatus.DONE and report.chamber_kind == kind
    label = world.chamber.get_chamber_kind_display()
    assert label in report.title and label in report.content["scope_name"]
    # Its figures are the cockpit's for that kind: the appendix holds the same values.
    scope = Scope(world.admin, world.fed, kind)
    coverage = registry.get("party.coverage")
    assert coverage is not None
    expected = registry.compute(coverage, Period(date(2020, 1, 1), date(2020, 12, 31)), scope)
    row = next(r for r in report.content["appendix"] if r["key"] == "party.coverage")
    assert row["note"] == f"{expected.numerator}/{expected.denominator}"


def test_a_kind_needs_a_federation_and_a_known_kind(world, login):
    client = login(world.admin)
    page = client.post(NEW, _form(world.chamber, chamber_kind=world.chamber.chamber_kind))
    assert page.status_code == 200 and "报告范围请选择工商联" in page.content.decode()
    bad = client.post(NEW, _form(world.fed, chamber_kind="nonsense"))
    assert bad.status_code == 200 and "nonsense" in bad.content.decode()
    assert not WorkReport.objects.unscoped().exists()


def test_each_state_change_is_one_audit_row_and_print_has_page_numbers(world, login):
    client = login(world.admin)
    client.post(NEW, _form(world.fed))
    report = WorkReport.objects.unscoped().get()
    steps = AuditEntry.unscoped_objects.filter(object_id=str(report.pk), action="transition").order_by("pk")
    assert [(s.changes["status"], s.actor_id, s.message) for s in steps] == [
        (["pending", "running"], None, "开始生成"),
        (["running", "done"], None, f"工作报告已生成：{report.title}"),
    ]
    printable = client.get(reverse("reports:print", args=[report.pk])).content.decode()
    assert 'content: "— " counter(page) " —"' in printable and "@bottom-right" in printable


def test_a_report_is_claimed_once(world):
    from shanglian.reports import writing
    from shanglian.reports.factories import WorkReportFactory

    report = WorkReportFactory.create(organization=world.fed, status=ReportStatus.PENDING)
    assert writing.start_report(report) is True
    assert writing.start_report(report) is False  # a second run finds it 生成中
    assert AuditEntry.unscoped_objects.filter(object_id=str(report.pk), action="transition").count() == 1
