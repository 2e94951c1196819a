"""Test factories for the mechanisms app (one per model)."""

from __future__ import annotations

import datetime
from typing import Any

import factory

from shanglian.mechanisms.models import FilingMode, RuleCategory
from shanglian.orgs.factories import ChamberFactory, FederationFactory

DAY = datetime.date(2020, 3, 2)


class RuleDocumentFactory(factory.django.DjangoModelFactory[Any]):
    class Meta:
        model = "mechanisms.RuleDocument"

    federation = factory.SubFactory(FederationFactory)
    category = RuleCategory.GUIDING
    number = factory.Sequence(lambda n: f"城工商联发〔2020〕{n + 1}号")
    title = factory.Sequence(lambda n: f"制度文件{n + 1}")
    effective_on = DAY


class RuleVersionFactory(factory.django.DjangoModelFactory[Any]):
    class Meta:
        model = "mechanisms.RuleVersion"

    rule = factory.SubFactory(RuleDocumentFactory)
    version = factory.Sequence(lambda n: n + 1)
    effective_on = DAY


class FilingTypeFactory(factory.django.DjangoModelFactory[Any]):
    class Meta:
        model = "mechanisms.FilingType"

    federation = factory.SubFactory(FederationFactory)
    name = factory.Sequence(lambda n: f"事项类型{n + 1}")
    mode = FilingMode.PRIOR_APPROVAL
    days = 10


class FilingFactory(factory.django.DjangoModelFactory[Any]):
    class Meta:
        model = "mechanisms.Filing"

    chamber = factory.SubFactory(ChamberFactory)
    filing_type = factory.SubFactory(
        FilingTypeFactory, federation=factory.LazyAttribute(lambda o: o.factory_parent.chamber.get_parent())
    )
    mode = FilingMode.PRIOR_APPROVAL
    title = factory.Sequence(lambda n: f"重大事项{n + 1}")
    content = "事项内容"
    event_date = datetime.date(2020, 6, 1)
    submitted_on = DAY
