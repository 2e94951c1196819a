"""Writes of the registry. Every state change leaves exactly one audit row."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from shanglian.audit import services as audit
from shanglian.core.errors import ServiceError
from shanglian.core.masking import mask_id_number
from shanglian.core.roles import has_capability
from shanglian.core.scope import scope_for
from shanglian.orgs.models import ChamberKind, Organization, OrgKind
from shanglian.registry.codes import validate_credit_code, validate_id_number
from shanglian.registry.models import (
    ApplicationStatus,
    ClassificationRule,
    Enterprise,
    EnterpriseYearFigure,
    Membership,
    MembershipApplication,
    MembershipDues,
    OverrideAction,
    Person,
    PersonRole,
    Position,
    RoleTitle,
    TalentPool,
    TalentPoolOverride,
)

ENTERPRISE_FIELDS = (
    "name",
    "credit_code",
    "legal_representative",
    "registered_address",
    "street",
    "phone",
    "industry",
    "scale",
    "founded_on",
    "employees",
)
PERSON_FIELDS = (
    "name",
    "gender",
    "birth_date",
    "political_status",
    "education",
    "id_number",
    "phone",
    "is_npc_deputy",
    "is_cppcc_member",
    "enterprise",
)


# ---------------------------------------------------------------- helpers


def _editable(actor, model, obj) -> bool:
    return model.objects.editable_by(actor).filter(pk=obj.pk).exists()


def _require_editable(actor, model, obj):
    if actor is not None and not _editable(actor, model, obj):
        raise PermissionDenied


def _is_admin_of(actor, org) -> bool:
    if actor is None:
        return True
    scope = scope_for(actor)
    return scope.superuser or any(org.path.startswith(p) for p in scope.admin_paths)


def _private_changes(before: dict, obj) -> dict:
    """Field diff for the audit log with the ID number masked: the log must not hold it in clear."""
    changes = audit.diff(before, audit.snapshot(obj))
    if "id_number" in changes:
        changes["id_number"] = [mask_id_number(v) for v in changes["id_number"]]
    return changes


def _clean_credit_code(value: str) -> str:
    try:
        return validate_credit_code((value or "").strip().upper())
    except ValueError as exc:
        raise ServiceError(str(exc))


def _clean_enterprise(data: dict, *, instance: Enterprise | None) -> dict:
    data = {k: v for k, v in data.items() if k in ENTERPRISE_FIELDS}
    if "name" in data:
        data["name"] = (data["name"] or "").strip()
        if not data["name"]:
            raise ServiceError("请填写企业名称。")
    if "credit_code" in data:
        data["credit_code"] = _clean_credit_code(data["credit_code"])
        taken = Enterprise.objects.unscoped().filter(credit_code=data["credit_code"])
        if instance is not None:
            taken = taken.exclude(pk=instance.pk)
        if taken.exists():
            raise ServiceError(f"统一社会信用代码 {data['credit_code']} 已被其他企业登记。")
    if data.get("employees") is not None and data["employees"] < 0:
        raise ServiceError("员工数不能为负数。")
    if data.get("founded_on") and data["founded_on"] > datetime.date.today():
        raise ServiceError("成立日期不能晚于今天。")
    return data


def _set_tags(enterprise, tags) -> tuple[list, list]:
    before = sorted(enterprise.tags.values_list("code", flat=True))
    enterprise.tags.set(tags)
    after = sorted(t.code for t in tags)
    return before, after


# ---------------------------------------------------------------- enterprises


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
    secretary_of_chamber = (
        actor is not None and chamber is not None and chamber.pk in scope_for(actor).chamber_ids
    )
    if not _is_admin_of(actor, federation) and not secretary_of_chamber:
        raise PermissionDenied
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
    _require_editable(actor, Enterprise, enterprise)
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
    _require_editable(actor, Enterprise, enterprise)
    this_year = timezone.localdate().year
    if not isinstance(year, int) or not 1949 <= year <= this_year:
        raise ServiceError(f"年度应在 1949 至 {this_year} 之间。")
    for label, value in (("营业收入", revenue), ("纳税额", tax), ("研发投入", rd_spend)):
        if value is not None and value < 0:
            raise ServiceError(f"{label}不能为负数。")
    revenue, tax, rd_spend = (_cents(v) for v in (revenue, tax, rd_spend))
    figure = EnterpriseYearFigure.unscoped_objects.filter(enterprise=enterprise, year=year).first()
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
    _require_editable(actor, Enterprise, figure.enterprise)
    audit.record_delete(actor=actor, obj=figure, organization=figure.enterprise.federation)
    figure.delete()


# ---------------------------------------------------------------- people


def _clean_person(actor, data: dict, *, instance: Person | None) -> dict:
    data = {k: v for k, v in data.items() if k in PERSON_FIELDS}
    if "name" in data:
        data["name"] = (data["name"] or "").strip()
        if not data["name"]:
            raise ServiceError("请填写姓名。")
    if data.get("id_number"):
        try:
            data["id_number"] = validate_id_number(data["id_number"].strip().upper())
        except ValueError as exc:
            raise ServiceError(str(exc))
    elif "id_number" in data and instance is not None:
        data.pop("id_number")  # left empty on edit: keep the number on file
    birth = data.get("birth_date")
    if birth and birth > timezone.localdate():
        raise ServiceError("出生日期不能晚于今天。")
    enterprise = data.get("enterprise", instance.enterprise if instance else None)
    changes_enterprise = "enterprise" in data and enterprise is not None and actor is not None
    if changes_enterprise and not _editable(actor, Enterprise, enterprise):
        raise ServiceError("只能关联到您有权维护的企业。")
    scope = scope_for(actor) if actor is not None else None
    if enterprise is None and scope is not None and not (scope.admin_paths or scope.superuser):
        raise ServiceError("请选择企业家所在企业。")
    return data


def _refuse_duplicate_id_number(person: Person) -> None:
    """One person per 身份证号 in a federation (the DB constraint, as a Chinese message). Looked up by the
    blind index: the column itself is encrypted."""
    if not person.id_number:
        return
    taken = Person.unscoped_objects.filter(
        Person.id_number_q(person.id_number), federation=person.federation_id
    )
    if person.pk is not None:
        taken = taken.exclude(pk=person.pk)
    if taken.exists():
        raise ServiceError("该身份证号已登记为本工商联的其他企业家，请勿重复登记。")


@transaction.atomic
def create_person(*, actor, data: dict, federation: Organization | None = None) -> Person:
    data = _clean_person(actor, data, instance=None)
    enterprise = data.get("enterprise")
    federation = enterprise.federation if enterprise is not None else federation
    if federation is None:
        raise ServiceError("请选择所属工商联。")
    if enterprise is None and not _is_admin_of(actor, federation):
        raise PermissionDenied
    person = Person(federation=federation, **data)
    _refuse_duplicate_id_number(person)
    person.save()
    changes = {k: [None, v] for k, v in audit.snapshot(person).items()}
    changes["id_number"] = [None, mask_id_number(person.id_number)]
    audit.record(
        actor=actor, action=audit.AuditAction.CREATE, obj=person, organization=federation, changes=changes
    )
    return person


@transaction.atomic
def update_person(*, actor, person: Person, data: dict) -> Person:
    _require_editable(actor, Person, person)
    data = _clean_person(actor, data, instance=person)
    before = audit.snapshot(person)
    for key, value in data.items():
        setattr(person, key, value)
    if person.enterprise is not None:
        person.federation = person.enterprise.federation
    _refuse_duplicate_id_number(person)
    person.save()
    changes = _private_changes(before, person)
    changes.pop("updated_at", None)
    if changes:
        audit.record(
            actor=actor,
            action=audit.AuditAction.UPDATE,
            obj=person,
            organization=person.federation,
            changes=changes,
        )
    return person


@transaction.atomic
def add_person_role(*, actor, person: Person, enterprise: Enterprise, title: str) -> PersonRole:
    _require_editable(actor, Person, person)
    if title not in RoleTitle.values:
        raise ServiceError("职务无效。")
    if not _editable(actor, Enterprise, enterprise) if actor is not None else False:
        raise ServiceError("只能添加您有权维护的企业中的职务。")
    if enterprise.federation_id != person.federation_id:
        raise ServiceError("企业与企业家不属于同一工商联。")
    if PersonRole.unscoped_objects.filter(person=person, enterprise=enterprise, title=title).exists():
        raise ServiceError("该职务已登记。")
    role = PersonRole.unscoped_objects.create(person=person, enterprise=enterprise, title=title)
    audit.record_create(actor=actor, obj=role, organization=person.federation)
    return role


@transaction.atomic
def remove_person_role(*, actor, role: PersonRole) -> None:
    _require_editable(actor, Person, role.person)
    audit.record_delete(actor=actor, obj=role, organization=role.person.federation)
    role.delete()


# ---------------------------------------------------------------- memberships


def chambers_open_to(enterprise: Enterprise):
    """Chambers an enterprise may apply to: its street's street chamber, and any other kind of chamber."""
    fed = enterprise.federation
    qs = Organization.objects.filter(kind=OrgKind.CHAMBER, is_active=True, path__startswith=fed.path)
    street_ok = ~Q(chamber_kind=ChamberKind.STREET) | Q(street=enterprise.street)
    return qs.filter(street_ok).exclude(
        pk__in=enterprise.memberships.filter(left_on__isnull=True).values("chamber_id")
    )


@transaction.atomic
def submit_application(
    *, actor, enterprise: Enterprise, chamber: Organization, note: str = ""
) -> MembershipApplication:
    """An enterprise applies to join a chamber (入会申请)."""
    _require_editable(actor, Enterprise, enterprise)
    if chamber is None or not chambers_open_to(enterprise).filter(pk=chamber.pk).exists():
        if enterprise.memberships.filter(chamber=chamber, left_on__isnull=True).exists():
            raise ServiceError("本企业已是该商会会员。")
        raise ServiceError("只能申请加入本工商联的行业商会、异地商会或本街道的街道商会。")
    if MembershipApplication.unscoped_objects.filter(
        enterprise=enterprise, chamber=chamber, status=ApplicationStatus.SUBMITTED
    ).exists():
        raise ServiceError("已有待审核的入会申请，请勿重复提交。")
    application = MembershipApplication.unscoped_objects.create(
        enterprise=enterprise,
        chamber=chamber,
        note=(note or "").strip()[:1000],
        submitted_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit.record_create(actor=actor, obj=application, organization=chamber)
    return application


@transaction.atomic
def decide_application(
    *, actor, application: MembershipApplication, approve: bool, reason: str = "", position=Position.MEMBER
) -> MembershipApplication:
    """Approve (creating the Membership) or reject (with a reason) an application."""
    application = MembershipApplication.unscoped_objects.select_for_update().get(pk=application.pk)
    if actor is not None:
        if not has_capability(actor, "membership.decide"):
            raise PermissionDenied
        scope = scope_for(actor)
        if not (
            scope.superuser
            or application.chamber_id in scope.chamber_ids
            or any(application.chamber.path.startswith(p) for p in scope.admin_paths)
        ):
            raise PermissionDenied
    if application.status != ApplicationStatus.SUBMITTED:
        raise ServiceError("该申请已处理，不能重复审核。")
    reason = (reason or "").strip()[:1000]
    if not approve and not reason:
        raise ServiceError("驳回申请时请填写理由。")
    if position not in Position.values:
        raise ServiceError("职务无效。")
    before = application.status
    application.status = ApplicationStatus.APPROVED if approve else ApplicationStatus.REJECTED
    application.reason = reason
    application.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    application.decided_at = timezone.now()
    if approve:
        if Membership.unscoped_objects.filter(
            enterprise=application.enterprise, chamber=application.chamber, left_on__isnull=True
        ).exists():
            raise ServiceError("该企业已是本商会会员。")
        membership = Membership.unscoped_objects.create(
            enterprise=application.enterprise,
            chamber=application.chamber,
            position=position,
            joined_on=timezone.localdate(),
        )
        application.membership = membership
        audit.record_create(
            actor=actor, obj=membership, organization=application.chamber, message="入会申请通过"
        )
    application.save()
    audit.record_transition(
        actor=actor,
        obj=application,
        field="status",
        before=before,
        after=application.status,
        organization=application.chamber,
        message=reason,
    )
    return application


@transaction.atomic
def end_membership(*, actor, membership: Membership, left_on: datetime.date, reason: str) -> Membership:
    """退会: the membership ends on a day (it stays in the history and in member_growth)."""
    _require_editable(actor, Membership, membership)
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
    _require_editable(actor, Membership, membership)
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


# ---------------------------------------------------------------- classification and pools


@transaction.atomic
def save_classification_rule(
    *, actor, federation: Organization, data: dict, key_industries
) -> ClassificationRule:
    if not _is_admin_of(actor, federation) or (
        actor is not None and not has_capability(actor, "classification.manage")
    ):
        raise PermissionDenied
    high_tax, medium_tax = data.get("high_tax_min"), data.get("medium_tax_min")
    high_emp, medium_emp = data.get("high_employees_min"), data.get("medium_employees_min")
    if None in (high_tax, medium_tax, high_emp, medium_emp):
        raise ServiceError("请填写各贡献等级的纳税额与员工数门槛。")
    if high_tax < medium_tax or high_emp < medium_emp:
        raise ServiceError("“突出贡献”的门槛不能低于“较大贡献”的门槛。")
    if min(high_tax, medium_tax) < 0:
        raise ServiceError("纳税额门槛不能为负数。")
    limit = data.get("youth_age_limit")
    if limit is None or not 18 <= limit <= 80:
        raise ServiceError("青年企业家年龄上限应在 18 至 80 周岁之间。")
    rule = ClassificationRule.unscoped_objects.filter(federation=federation).first()
    created = rule is None
    rule = rule or ClassificationRule(federation=federation)
    before = audit.snapshot(rule) if not created else {}
    old_industries = sorted(rule.key_industries.values_list("code", flat=True)) if not created else []
    for key in (
        "figure_year",
        "high_tax_min",
        "high_employees_min",
        "medium_tax_min",
        "medium_employees_min",
        "excellent_min_tier",
        "excellent_include_deputies",
        "youth_age_limit",
        "reference_date",
    ):
        if key in data:
            setattr(rule, key, data[key])
    rule.save()
    rule.key_industries.set(key_industries)
    changes = audit.diff(before, audit.snapshot(rule))
    changes.pop("updated_at", None)
    new_industries = sorted(i.code for i in key_industries)
    if new_industries != old_industries:
        changes["key_industries"] = [old_industries, new_industries]
    if changes:
        audit.record(
            actor=actor,
            action=audit.AuditAction.CREATE if created else audit.AuditAction.UPDATE,
            obj=rule,
            organization=federation,
            changes=changes,
        )
    return rule


@transaction.atomic
def set_pool_override(
    *, actor, person: Person, pool: str, action: str, reason: str
) -> TalentPoolOverride | None:
    """Manually include a person in a pool, exclude them from it, or (action "clear") undo that."""
    if actor is not None and not (
        has_capability(actor, "talent.manage") and _is_admin_of(actor, person.federation)
    ):
        raise PermissionDenied
    if pool not in TalentPool.values:
        raise ServiceError("人才库无效。")
    reason = (reason or "").strip()[:200]
    if not reason:
        raise ServiceError("请填写人工调整的理由。")
    existing = TalentPoolOverride.unscoped_objects.filter(person=person, pool=pool).first()
    if action == "clear":
        if existing is None:
            raise ServiceError("该企业家在此库中没有人工调整。")
        audit.record_delete(actor=actor, obj=existing, organization=person.federation, message=reason)
        existing.delete()
        return None
    if action not in OverrideAction.values:
        raise ServiceError("操作无效。")
    if existing is not None:
        before = existing.action
        existing.action, existing.reason = action, reason
        existing.created_by = actor if getattr(actor, "is_authenticated", False) else None
        existing.save()
        audit.record_transition(
            actor=actor,
            obj=existing,
            field="action",
            before=before,
            after=action,
            organization=person.federation,
            message=reason,
        )
        return existing
    try:
        with transaction.atomic():
            override = TalentPoolOverride.unscoped_objects.create(
                federation=person.federation,
                person=person,
                pool=pool,
                action=action,
                reason=reason,
                created_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
    except IntegrityError:
        raise ServiceError("该企业家在此库中已有人工调整。")
    audit.record_create(actor=actor, obj=override, organization=person.federation, message=reason)
    return override


def record_export(*, actor, what: str, count: int, organization=None, filters: dict | None = None) -> None:
    audit.record(
        actor=actor,
        action=audit.AuditAction.EXPORT,
        organization=organization,
        object_type="registry.export",
        object_repr=what,
        changes={"filters": filters or {}, "rows": count},
        message=f"导出{what} {count} 行",
    )
