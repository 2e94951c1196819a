"""Test factories for 工作报告."""

import datetime

import factory

from shanglian.orgs.factories import FederationFactory
from shanglian.reports.models import PeriodKind, ReportStatus, ReportTemplate, WorkReport
from shanglian.reports.wording import DEFAULT_BODY


class ReportTemplateFactory(factory.django.DjangoModelFactory[ReportTemplate]):
    class Meta:
        model = "reports.ReportTemplate"

    federation = factory.SubFactory(FederationFactory)
    version = factory.Sequence(lambda n: n + 1)
    body = DEFAULT_BODY


class WorkReportFactory(factory.django.DjangoModelFactory[WorkReport]):
    class Meta:
        model = "reports.WorkReport"

    organization = factory.SubFactory(FederationFactory)
    period_kind = PeriodKind.YEAR
    start = datetime.date(2020, 1, 1)
    end = datetime.date(2020, 12, 31)
    title = factory.LazyAttribute(lambda o: f"{o.organization.name}2020年工作报告")
    status = ReportStatus.DONE
    progress = 100
    content = factory.LazyFunction(
        lambda: {
            "blocks": [["title", "工作报告"], ["p", "正文。"]],
            "appendix": [],
            "appendix_title": "指标一览",
        }
    )
