"""Test factories for the mechanisms app (one per model)."""

from __future__ import annotations

import datetime
from typing import Any

import factory

from shanglian.mechanisms.models import RuleCategory
from shanglian.orgs.factories import FederationFactory

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
