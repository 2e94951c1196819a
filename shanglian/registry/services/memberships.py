"""Memberships: applications (入会申请) and their decisions, leaving, dues."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from shanglian.audit import services as audit
from shanglian.core.access import require_write
from shanglian.core.errors import ServiceError
from shanglian.orgs.models import ChamberKind, Organization, OrgKind
from shanglian.registry.models import (
    ApplicationStatus,
    Enterprise,
    Membership,
    MembershipApplication,
    MembershipDues,
    Position,
)
from shanglian.workflow import services as workflow


def chambers_open_to(enterprise: Enterprise):
    """Chambers an enterprise may apply to: its street's street chamber, and any other kind of chamber."""
    fed = enterprise.federation
    qs = Organization.objects.unscoped().filter(
        kind=OrgKind.CHAMBER, is_active=True, path__startswith=fed.path
    )
    street_ok = ~Q(chamber_kind=ChamberKind.STREET) | Q(street=enterprise.street)
    return qs.filter(street_ok).exclude(
        pk__in=enterprise.memberships.filter(left_on__isnull=True).values("chamber_id")
    )


@transaction.atomic
def submit_application(
    *, actor, enterprise: Enterprise, chamber: Organization, note: str = ""
) -> MembershipApplication:
    """An enterprise applies to join a chamber (入会申请)."""
    require_write(actor, enterprise)
    if chamber is None or not chambers_open_to(enterprise).filter(pk=chamber.pk).exists():
        if enterprise.memberships.filter(chamber=chamber, left_on__isnull=True).exists():
            raise ServiceError("本企业已是该商会会员。")
        raise ServiceError("只能申请加入本工商联的行业商会、异地商会或本街道的街道商会。")
    if MembershipApplication.unscoped_objects.filter(
        enterprise=enterprise, chamber=chamber, status=ApplicationStatus.SUBMITTED
    ).exists():
        raise ServiceError("已有待审核的入会申请，请勿重复提交。")
    application = MembershipApplication(
        enterprise=enterprise,
        chamber=chamber,
        note=(note or "").strip()[:1000],
        submitted_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    workflow.start(application)
    application.save()
    audit.record_create(actor=actor, obj=application, organization=chamber)
    return application


@transaction.atomic
def decide_application(
    *, actor, application: MembershipApplication, approve: bool, reason: str = "", position=Position.MEMBER
) -> MembershipApplication:
    """Approve (creating the Membership) or reject (with a reason) an application (registry/workflows.py)."""
    step = workflow.apply(
        application,
        "approve" if approve else "reject",
        actor=actor,
        reason=(reason or "").strip()[:1000],
        position=position,
    )
    return step.obj


@transaction.atomic
def end_membership(*, actor, membership: Membership, left_on: datetime.date, reason: str) -> Membership:
    """退会: the membership ends on a day (it stays in the history and in member_growth)."""
    require_write(actor, membership)
    reason = (reason or "").strip()[:200]
    if membership.left_on is not None:
        raise ServiceError("该会员已退会。")
    if not reason:
        raise ServiceError("请填写退会原因。")
    if left_on is None or left_on < membership.joined_on or left_on > timezone.localdate():
        raise ServiceError("退会日期应在入会日期之后、且不晚于今天。")
    membership.left_on = left_on
    membership.save(update_fields=["left_on"])
    audit.record_transition(
        actor=actor,
        obj=membership,
        field="left_on",
        before=None,
        after=left_on,
        organization=membership.chamber,
        message=f"退会：{reason}",
    )
    return membership


@transaction.atomic
def set_dues(
    *, actor, membership: Membership, year: int, amount: Decimal, paid_on: datetime.date | None
) -> MembershipDues:
    require_write(actor, membership)
    if amount is None or amount < 0:
        raise ServiceError("会费金额不能为负数。")
    dues, created = MembershipDues.unscoped_objects.get_or_create(
        membership=membership, year=year, defaults={"amount": amount, "paid_on": paid_on}
    )
    if created:
        audit.record_create(actor=actor, obj=dues, organization=membership.chamber)
    else:
        before = audit.snapshot(dues)
        dues.amount, dues.paid_on = amount, paid_on
        dues.save()
        audit.record_update(actor=actor, obj=dues, before=before, organization=membership.chamber)
    return dues
