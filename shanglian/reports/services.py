"""Writes of the reports app: save a wording version, request a report (the writing itself: writing.py)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Max

from shanglian.audit import services as audit
from shanglian.core.access import AccessDenied, has_capability, is_admin_of, require_actor
from shanglian.core.errors import ServiceError
from shanglian.core.saving import save_or_refuse
from shanglian.orgs.models import ChamberKind, Organization, OrgKind
from shanglian.reports import wording
from shanglian.reports.models import ReportTemplate, WorkReport
from shanglian.reports.periods import ReportPeriod, make_period
from shanglian.reports.tasks import generate_report_task
from shanglian.reports.writing import appendix_rows, fail_report, scope_name, write_report


def federation_of_org(org: Organization) -> Organization:
    """The federation whose wording a report of `org` uses: itself, or the chamber's nearest federation."""
    if org.kind == OrgKind.FEDERATION:
        return org
    step = Organization.steplen
    ancestors = [org.path[:i] for i in range(step, len(org.path), step)]
    parent: Organization | None = (
        Organization.objects.unscoped()
        .filter(path__in=ancestors, kind=OrgKind.FEDERATION)
        .order_by("-depth")
        .first()
    )
    if parent is None:
        raise ServiceError("该组织不属于任何工商联。")
    return parent


def current_template(federation: Organization) -> ReportTemplate | None:
    """The latest saved version, or None for the shipped default."""
    return ReportTemplate.unscoped_objects.filter(federation=federation).order_by("-version").first()


@transaction.atomic
def save_template(*, actor: Any, federation: Organization, body: str, note: str = "") -> ReportTemplate:
    """Save the wording as the federation's next version (checked first: nothing saved if it is broken)."""
    require_actor(actor)
    if federation.kind != OrgKind.FEDERATION or not is_admin_of(actor, federation):
        raise AccessDenied("只有本工商联的管理员可以修改报告模板。")
    body = (body or "").replace("\r\n", "\n")
    wording.check(body)
    current = current_template(federation)
    if body.strip() == (current.body if current else wording.DEFAULT_BODY).strip():
        raise ServiceError("模板内容没有变化，未保存新版本。")
    last = (
        ReportTemplate.unscoped_objects.select_for_update()
        .filter(federation=federation)
        .aggregate(v=Max("version"))
    )
    template = ReportTemplate(
        federation=federation,
        version=(last["v"] or 0) + 1,
        body=body,
        note=(note or "").strip()[:200],
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    save_or_refuse(template, integrity_message="另一位管理员刚刚保存了新版本，请刷新后重试。")
    audit.record_create(
        actor=actor, obj=template, organization=federation, message=f"保存报告模板第{template.version}版"
    )
    return template


@transaction.atomic
def request_report(
    *, actor: Any, organization: Organization, period: ReportPeriod, chamber_kind: str = ""
) -> WorkReport:
    """Record the request (排队中) and hand the writing to the task worker; `chamber_kind`: the report of
    one kind of chamber under a federation (as the cockpit's kind scope)."""
    require_actor(actor)
    if chamber_kind and chamber_kind not in ChamberKind.values:
        raise ServiceError("商会类型不正确。")
    if chamber_kind and organization.kind != OrgKind.FEDERATION:
        raise ServiceError("按商会类型生成报告时，报告范围请选择工商联。")
    if not has_capability(actor, "report.generate"):
        raise AccessDenied("您无权生成工作报告。")
    visible = Organization.objects.visible_to(actor).filter(
        pk=organization.pk, kind__in=[OrgKind.FEDERATION, OrgKind.CHAMBER]
    )
    if not visible.exists():
        raise AccessDenied("所选范围不在您的数据范围内。")
    federation = federation_of_org(organization)
    template = current_template(federation)
    report = WorkReport(
        organization=organization,
        chamber_kind=chamber_kind,
        period_kind=period.kind,
        start=period.start,
        end=period.end,
        title=f"{scope_name(organization, chamber_kind)}{period.text}工作报告",
        template=template,
        template_version=template.version if template else 0,
        generated_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    save_or_refuse(report, integrity_message="报告参数无效。")
    audit.record_create(
        actor=actor, obj=report, organization=organization, message=f"生成工作报告：{report.title}"
    )
    generate_report_task.enqueue(report.pk)
    return report


__all__ = [
    "appendix_rows",
    "current_template",
    "fail_report",
    "federation_of_org",
    "make_period",
    "request_report",
    "save_template",
    "write_report",
]
