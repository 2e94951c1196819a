"""Writes of enterprises: master data, tags and year figures."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from shanglian.audit import services as audit
from shanglian.core.access import (
    AccessDenied,
    is_admin_of,
    is_secretary_of,
    require_write,
    writes_only_as_enterprise,
)
from shanglian.core.errors import ServiceError
from shanglian.orgs.models import Organization, OrgKind
from shanglian.registry.models import (
    Enterprise,
    EnterpriseYearFigure,
    Membership,
)
from shanglian.registry.services._common import (
    _clean_enterprise,
    _set_tags,
)

# What an enterprise user may not change of its own enterprise (access.writes_only_as_enterprise): its
# identity, and the year figures its contribution grade is computed from.
KEPT_BY_CHAMBER = {"name": "企业名称", "credit_code": "统一社会信用代码"}
FIGURES_KEPT = (
    "已登记年度的营业收入、纳税等数据由所属商会或工商联维护，企业用户不能修改或删除；如需更正请联系所属商会。"
)


@transaction.atomic
def create_enterprise(
    *, actor, federation: Organization, data: dict, tags=None, chamber: Organization | None = None
) -> Enterprise:
    """Register an enterprise. A chamber secretary registers it as a member of their chamber."""
    if federation is None or federation.kind != OrgKind.FEDERATION:
        raise ServiceError("请选择所属工商联。")
    if chamber is not None and (
        chamber.kind != OrgKind.CHAMBER or not chamber.path.startswith(federation.path)
    ):
        raise ServiceError("所选商会不属于该工商联。")
    if not (is_admin_of(actor, federation) or is_secretary_of(actor, chamber)):
        raise AccessDenied("只有本工商联的管理员或本商会秘书处可以登记企业。")
    data = _clean_enterprise(data, instance=None)
    for required in ("name", "credit_code"):
        if not data.get(required):
            raise ServiceError("请填写企业名称和统一社会信用代码。")
    enterprise = Enterprise(federation=federation, **data)
    enterprise.save()
    if tags:
        enterprise.tags.set(tags)
    audit.record_create(actor=actor, obj=enterprise, organization=chamber or federation)
    if chamber is not None:
        membership = Membership.unscoped_objects.create(
            enterprise=enterprise, chamber=chamber, joined_on=timezone.localdate()
        )
        audit.record_create(actor=actor, obj=membership, organization=chamber, message="登记企业时入会")
    return enterprise


@transaction.atomic
def update_enterprise(*, actor, enterprise: Enterprise, data: dict, tags=None) -> Enterprise:
    require_write(actor, enterprise)
    if writes_only_as_enterprise(actor, enterprise):
        for key, label in KEPT_BY_CHAMBER.items():
            if key in data and (data[key] or "") != (getattr(enterprise, key) or ""):
                raise AccessDenied(
                    f"{label}由所属商会或工商联维护，企业用户不能修改；如需更正请联系所属商会。"
                )
    data = _clean_enterprise(data, instance=enterprise)
    before = audit.snapshot(enterprise)
    for key, value in data.items():
        setattr(enterprise, key, value)
    enterprise.save()
    changes = audit.diff(before, audit.snapshot(enterprise))
    changes.pop("updated_at", None)
    if tags is not None:
        old, new = _set_tags(enterprise, tags)
        if old != new:
            changes["tags"] = [old, new]
    if changes:
        audit.record(
            actor=actor,
            action=audit.AuditAction.UPDATE,
            obj=enterprise,
            organization=enterprise.federation,
            changes=changes,
        )
    return enterprise


@transaction.atomic
def set_year_figure(
    *,
    actor,
    enterprise: Enterprise,
    year: int,
    revenue: Decimal | None = None,
    tax: Decimal | None = None,
    rd_spend: Decimal | None = None,
) -> EnterpriseYearFigure:
    """Record (or correct) one year's figures of an enterprise."""
    require_write(actor, enterprise)
    this_year = timezone.localdate().year
    if not isinstance(year, int) or not 1949 <= year <= this_year:
        raise ServiceError(f"年度应在 1949 至 {this_year} 之间。")
    for label, value in (("营业收入", revenue), ("纳税额", tax), ("研发投入", rd_spend)):
        if value is not None and value < 0:
            raise ServiceError(f"{label}不能为负数。")
    revenue, tax, rd_spend = (_cents(v) for v in (revenue, tax, rd_spend))
    figure = EnterpriseYearFigure.unscoped_objects.filter(enterprise=enterprise, year=year).first()
    if figure is not None and writes_only_as_enterprise(actor, enterprise):
        raise AccessDenied(FIGURES_KEPT)
    if figure is None:
        figure = EnterpriseYearFigure.unscoped_objects.create(
            enterprise=enterprise, year=year, revenue=revenue, tax=tax, rd_spend=rd_spend
        )
        audit.record_create(actor=actor, obj=figure, organization=enterprise.federation)
        return figure
    before = audit.snapshot(figure)
    figure.revenue, figure.tax, figure.rd_spend = revenue, tax, rd_spend
    figure.save()
    changes = audit.diff(before, audit.snapshot(figure))
    changes.pop("updated_at", None)
    if changes:
        audit.record(
            actor=actor,
            action=audit.AuditAction.UPDATE,
            obj=figure,
            organization=enterprise.federation,
            changes=changes,
        )
    return figure


def _cents(value):
    return None if value is None else Decimal(value).quantize(Decimal("0.01"))


@transaction.atomic
def delete_year_figure(*, actor, figure: EnterpriseYearFigure) -> None:
    require_write(actor, figure.enterprise)
    if writes_only_as_enterprise(actor, figure.enterprise):
        raise AccessDenied(FIGURES_KEPT)
    audit.record_delete(actor=actor, obj=figure, organization=figure.enterprise.federation)
    figure.delete()
