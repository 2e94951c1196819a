"""Test factories for the enterprise registry."""

from __future__ import annotations

import itertools

import factory

from shanglian.registry.codes import make_credit_code
from shanglian.registry.models import Enterprise, Membership

_serial = itertools.count(900000)


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
