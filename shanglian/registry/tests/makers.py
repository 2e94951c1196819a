from shanglian.core.testing.matrix import register
from shanglian.registry.models import (
    EnterpriseYearFigure,
    Membership,
    MembershipApplication,
    Person,
    PersonRole,
    RoleTitle,
)


@register("person_id")
def make_person(owner):
    return Person.unscoped_objects.create(
        federation=owner.federation, enterprise=owner.enterprise, name="他方企业家"
    )


@register("enterpriseyearfigure_id")
def make_year_figure(owner):
    return EnterpriseYearFigure.unscoped_objects.create(
        enterprise=owner.get("enterprise_id"), year=2019, tax=123456
    )


@register("personrole_id")
def make_person_role(owner):
    person = owner.get("person_id")
    return PersonRole.unscoped_objects.create(
        person=person, enterprise=person.enterprise, title=RoleTitle.GENERAL_MANAGER
    )


@register("membership_id")
def make_membership(owner):
    return Membership.unscoped_objects.get(
        enterprise=owner.enterprise, chamber=owner.chamber, left_on__isnull=True
    )


@register("membershipapplication_id")
def make_application(owner):
    return MembershipApplication.unscoped_objects.create(
        enterprise=owner.enterprise, chamber=owner.chamber, note="他方申请"
    )
