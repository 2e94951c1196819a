from shanglian.core.testing.matrix import register
from shanglian.reports.factories import ReportTemplateFactory, WorkReportFactory


@register("workreport_id")
def make_report(owner):
    return WorkReportFactory(organization=owner.chamber, title="他方商会2020年工作报告")


@register("reporttemplate_id")
def make_template(owner):
    return ReportTemplateFactory(federation=owner.federation, note="他方模板")
