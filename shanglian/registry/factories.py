"""Test factories for the enterprise registry (one per model)."""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal

import factory

from shanglian.orgs.factories import ChamberFactory, FederationFactory
from shanglian.registry.codes import make_credit_code
from shanglian.registry.models import (
    Enterprise,
    Membership,
    OverrideAction,
    RoleTitle,
    TalentPool,
)

_serial = itertools.count(900000)


class IndustryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "registry.Industry"

    code = factory.Sequence(lambda n: f"T{n:04d}")
    name = factory.Sequence(lambda n: f"测试行业{n}")


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "registry.Tag"

    code = factory.Sequence(lambda n: f"test-{n}")
    name = factory.Sequence(lambda n: f"测试标签{n}")


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    federation = factory.SubFactory(FederationFactory)
    name = factory.Sequence(lambda n: f"青岛测试{n}科技有限公司")
    credit_code = factory.LazyFunction(lambda: make_credit_code(next(_serial), kind="91"))
    legal_representative = "张三"
    street = "城阳"
    phone = "13812345678"


class EnterpriseSearchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "registry.EnterpriseSearch"
        django_get_or_create = ("enterprise",)  # saving an enterprise may index it already

    enterprise = factory.SubFactory(EnterpriseFactory)


class PendingSearchEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "registry.PendingSearchEntry"
        django_get_or_create = ("enterprise",)

    enterprise = factory.SubFactory(EnterpriseFactory)


class EnterpriseYearFigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "registry.EnterpriseYearFigure"

    enterprise = factory.SubFactory(EnterpriseFactory)
    year = factory.Sequence(lambda n: 2000 + n % 26)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    enterprise = factory.SubFactory(EnterpriseFactory)
    chamber = factory.SubFactory(ChamberFactory, parent=factory.SelfAttribute("..enterprise.federation"))
    joined_on = factory.Faker("date_between", start_date="-3y", end_date="-1y")


class MembershipDuesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "registry.MembershipDues"

    membership = factory.SubFactory(MembershipFactory)
    year = 2025
    amount = Decimal("2000.00")


class MembershipApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "registry.MembershipApplication"

    enterprise = factory.SubFactory(EnterpriseFactory)
    chamber = factory.SubFactory(ChamberFactory, parent=factory.SelfAttribute("..enterprise.federation"))


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "registry.Person"

    federation = factory.SubFactory(FederationFactory)
    name = factory.Sequence(lambda n: f"企业家{n}")


class PersonRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "registry.PersonRole"

    person = factory.SubFactory(PersonFactory)
    enterprise = factory.SubFactory(
        EnterpriseFactory, federation=factory.SelfAttribute("..person.federation")
    )
    title = RoleTitle.GENERAL_MANAGER


class ClassificationRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "registry.ClassificationRule"
        django_get_or_create = ("federation",)

    federation = factory.SubFactory(FederationFactory)


class TalentPoolOverrideFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "registry.TalentPoolOverride"

    person = factory.SubFactory(PersonFactory)
    federation = factory.SelfAttribute("person.federation")
    pool = TalentPool.YOUTH
    action = OverrideAction.INCLUDE
    reason = "测试"


class MemberTallyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "registry.MemberTally"

    org = factory.SubFactory(ChamberFactory)
    day = datetime.date(2020, 1, 1)
    delta = 1


class EnterpriseTallyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "registry.EnterpriseTally"

    federation = factory.SubFactory(FederationFactory)
    count = 1
