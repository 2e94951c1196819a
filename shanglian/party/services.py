from __future__ import annotations

from django.db import transaction
from django.db.models import Q

from shanglian.audit import services as audit
from shanglian.core.access import require_admin_of
from shanglian.core.errors import ServiceError
from shanglian.core.saving import delete_audited, save_audited, save_or_refuse
from shanglian.governance.services import check_chamber, check_person
from shanglian.orgs.models import OrgKind
from shanglian.party.models import (
    PartyMember,
    PartyOrganization,
    PartyOrgKind,
    PartyRole,
    ShowcaseLevel,
)


@transaction.atomic
def save_party_org(
    *,
    actor,
    party_org: PartyOrganization | None = None,
    chamber,
    name,
    kind,
    founded_on,
    unveiled_on=None,
    secretary=None,
    member_count=0,
    dissolved_on=None,
) -> PartyOrganization:
    chamber = check_chamber(actor, chamber)
    name = (name or "").strip()
    if not name:
        raise ServiceError("请填写党组织名称。")
    if kind not in PartyOrgKind.values:
        raise ServiceError("党组织类型无效。")
    if founded_on is None:
        raise ServiceError("请填写成立日期。")
    if unveiled_on and unveiled_on < founded_on:
        raise ServiceError("揭牌日期不能早于成立日期。")
    if dissolved_on and dissolved_on <= founded_on:
        raise ServiceError("撤销日期必须晚于成立日期。")
    if member_count is None or member_count < 0:
        raise ServiceError("党员人数不能为负数。")
    if secretary is not None:
        check_person(actor, secretary, chamber)
    others = PartyOrganization.unscoped_objects.filter(chamber=chamber, dissolved_on__isnull=True)
    if party_org:
        others = others.exclude(pk=party_org.pk)
    if dissolved_on is None and others.exists():
        raise ServiceError(f"{chamber.name}已有党组织，一个商会只能有一个在册党组织。")
    before = None if party_org is None else audit.snapshot(party_org)
    party_org = party_org or PartyOrganization()
    party_org.chamber, party_org.name, party_org.kind = chamber, name[:100], kind
    party_org.founded_on, party_org.unveiled_on, party_org.dissolved_on = (
        founded_on,
        unveiled_on,
        dissolved_on,
    )
    party_org.secretary, party_org.member_count = secretary, member_count
    save_audited(
        party_org,
        actor=actor,
        before=before,
        organization=chamber,
        integrity_message="党组织记录与已有记录冲突。",
    )
    if secretary is not None and not party_org.members.filter(person=secretary).exists():
        add_party_member(actor=actor, party_org=party_org, person=secretary, role=PartyRole.SECRETARY)
    return party_org


@transaction.atomic
def delete_party_org(*, actor, party_org: PartyOrganization) -> None:
    chamber = check_chamber(actor, party_org.chamber)
    if party_org.members.exists():
        raise ServiceError("该党组织下还有登记的成员，请先移除成员或登记撤销日期。")
    delete_audited(party_org, actor=actor, organization=chamber)


@transaction.atomic
def add_party_member(*, actor, party_org: PartyOrganization, person, role=PartyRole.MEMBER) -> PartyMember:
    chamber = check_chamber(actor, party_org.chamber)
    check_person(actor, person, chamber)
    if role not in PartyRole.values:
        raise ServiceError("党内职务无效。")
    if party_org.members.filter(person=person).exists():
        raise ServiceError(f"{person.name}已是{party_org.name}成员。")
    member = PartyMember(party_org=party_org, person=person, role=role)
    save_or_refuse(member, integrity_message="该人员已是党组织成员。")
    audit.record_create(actor=actor, obj=member, organization=chamber, message=f"{party_org}：登记成员")
    return member


@transaction.atomic
def remove_party_member(*, actor, member: PartyMember) -> None:
    chamber = check_chamber(actor, member.party_org.chamber)
    delete_audited(member, actor=actor, organization=chamber, message=f"{member.party_org}：移除成员")


def _check_federation(actor, federation):
    if federation is None or federation.kind != OrgKind.FEDERATION:
        raise ServiceError("请选择工商联。")
    require_admin_of(actor, federation, "只有工商联管理员可以命名党建示范点和党建品牌。")


@transaction.atomic
def save_showcase(
    *, actor, model, obj=None, federation, name, level, year, chamber=None, enterprise=None, description=""
):
    """Create or update a PartyModelSite / PartyBrand."""
    _check_federation(actor, federation)
    name = (name or "").strip()
    if not name:
        raise ServiceError("请填写名称。")
    if level not in ShowcaseLevel.values:
        raise ServiceError("级别无效。")
    if not year or not (1949 <= year <= 2100):
        raise ServiceError("请填写正确的命名年度。")
    if chamber is not None and enterprise is not None:
        raise ServiceError("商会和企业只能选择其一（不选则为工商联层面）。")
    if chamber is not None and (
        chamber.kind != OrgKind.CHAMBER or not chamber.path.startswith(federation.path)
    ):
        raise ServiceError("所选商会不属于该工商联。")
    if enterprise is not None and not enterprise.federation.path.startswith(federation.path):
        raise ServiceError("所选企业不属于该工商联。")
    duplicate = model.unscoped_objects.filter(Q(federation=federation) & Q(name=name) & Q(year=year))
    if obj:
        duplicate = duplicate.exclude(pk=obj.pk)
    if duplicate.exists():
        raise ServiceError(f"{year}年已有同名{model._meta.verbose_name}。")
    before = None if obj is None else audit.snapshot(obj)
    obj = obj or model()
    obj.federation, obj.name, obj.level, obj.year = federation, name[:100], level, year
    obj.chamber, obj.enterprise, obj.description = chamber, enterprise, (description or "").strip()
    save_audited(obj, actor=actor, before=before, organization=federation, integrity_message="记录不合法。")
    return obj


@transaction.atomic
def delete_showcase(*, actor, obj) -> None:
    _check_federation(actor, obj.federation)
    delete_audited(obj, actor=actor, organization=obj.federation)
