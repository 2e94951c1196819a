"""factory-boy factories for the foundation; every app's tests build on these."""

import itertools

import factory

from shanglian.accounts.models import RoleAssignment, User
from shanglian.core.roles import Role
from shanglian.orgs.models import ChamberKind, Organization, OrgKind
from shanglian.registry.codes import make_credit_code
from shanglian.registry.models import Enterprise, Membership

_serial = itertools.count(900000)
TEST_PASSWORD = "Test-pass-2026!"


def make_federation(name="测试区工商联", parent=None) -> Organization:
    if parent is None:
        return Organization.objects.create_root(name=name, kind=OrgKind.FEDERATION)
    return Organization.objects.create_child(parent, name=name, kind=OrgKind.FEDERATION)


def make_chamber(federation, name="测试商会", chamber_kind=ChamberKind.STREET, street="城阳") -> Organization:
    return Organization.objects.create_child(
        federation, name=name, kind=OrgKind.CHAMBER, chamber_kind=chamber_kind, street=street
    )


def make_department(federation, name="测试部门") -> Organization:
    return Organization.objects.create_child(federation, name=name, kind=OrgKind.DEPARTMENT)


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    name = factory.Sequence(lambda n: f"青岛测试{n}科技有限公司")
    credit_code = factory.LazyFunction(lambda: make_credit_code(next(_serial), kind="91"))
    legal_representative = "张三"
    street = "城阳"
    phone = "13812345678"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    joined_on = factory.Faker("date_between", start_date="-3y", end_date="-1y")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    name = factory.Sequence(lambda n: f"用户{n}")
    phone = "13912345678"
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def user_with_role(role, *, organization=None, enterprise=None, home_org=None, **kwargs) -> User:
    home = (
        home_org
        or organization
        or (
            enterprise.memberships.first().chamber if enterprise and enterprise.memberships.exists() else None
        )
    )
    if home is None and enterprise is not None:
        home = enterprise.federation
    user = UserFactory(home_org=home, **kwargs)
    RoleAssignment.objects.create(user=user, role=role, organization=organization, enterprise=enterprise)
    return user


ROLES = [
    Role.FEDERATION_ADMIN,
    Role.FEDERATION_LEADER,
    Role.CHAMBER_SECRETARY,
    Role.ENTERPRISE_USER,
    Role.DEPARTMENT_LIAISON,
]
