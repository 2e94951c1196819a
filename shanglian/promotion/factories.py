"""Test factories for the promotion platform: visits, draws, targets, 包联, institutions, projects, needs."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import factory

from shanglian.accounts.factories import UserFactory
from shanglian.orgs.factories import ChamberFactory
from shanglian.promotion.models import (
    CadreAssignment,
    CoverageTarget,
    Institution,
    NeedStatus,
    ProjectStatus,
    ResearchProject,
    TechNeed,
    Visit,
    VisitDraw,
    VisitStatus,
)
from shanglian.registry.factories import EnterpriseFactory

DAY = datetime.date(2026, 3, 2)


def _chamber() -> Any:
    return ChamberFactory()


class VisitDrawFactory(factory.django.DjangoModelFactory[VisitDraw]):
    class Meta:
        model = "promotion.VisitDraw"

    chamber = factory.SubFactory(ChamberFactory)
    organization = factory.SelfAttribute("chamber")
    size = 1
    seed = 42
    candidates = 1
    planned_on = DAY
    drawn_by = factory.SubFactory(UserFactory)


class VisitFactory(factory.django.DjangoModelFactory[Visit]):
    class Meta:
        model = "promotion.Visit"

    organization = factory.SubFactory(ChamberFactory)
    enterprise = factory.SubFactory(
        EnterpriseFactory,
        federation=factory.LazyAttribute(lambda o: o.factory_parent.organization.federation()),
    )
    status = VisitStatus.DONE
    planned_on = DAY
    visited_on = DAY
    created_by = factory.SubFactory(UserFactory)


class CoverageTargetFactory(factory.django.DjangoModelFactory[CoverageTarget]):
    class Meta:
        model = "promotion.CoverageTarget"

    chamber = factory.SubFactory(ChamberFactory)
    year = 2026


class CadreAssignmentFactory(factory.django.DjangoModelFactory[CadreAssignment]):
    class Meta:
        model = "promotion.CadreAssignment"

    organization = factory.SubFactory(ChamberFactory)
    cadre = factory.SubFactory(UserFactory)
    enterprise = factory.SubFactory(
        EnterpriseFactory,
        federation=factory.LazyAttribute(lambda o: o.factory_parent.organization.federation()),
    )
    since = DAY


class InstitutionFactory(factory.django.DjangoModelFactory[Institution]):
    class Meta:
        model = "promotion.Institution"

    federation = factory.LazyAttribute(lambda o: _chamber().federation())
    name = factory.Sequence(lambda n: f"合作大学{n}")


class ResearchProjectFactory(factory.django.DjangoModelFactory[ResearchProject]):
    class Meta:
        model = "promotion.ResearchProject"

    organization = factory.SubFactory(ChamberFactory)
    institution = factory.SubFactory(
        InstitutionFactory,
        federation=factory.LazyAttribute(lambda o: o.factory_parent.organization.federation()),
    )
    title = factory.Sequence(lambda n: f"产学研项目{n}")
    amount = Decimal("500000")
    status = ProjectStatus.SIGNED
    signed_on = DAY


class TechNeedFactory(factory.django.DjangoModelFactory[TechNeed]):
    class Meta:
        model = "promotion.TechNeed"

    organization = factory.SubFactory(ChamberFactory)
    enterprise = factory.SubFactory(
        EnterpriseFactory,
        federation=factory.LazyAttribute(lambda o: o.factory_parent.organization.federation()),
    )
    title = factory.Sequence(lambda n: f"技术需求{n}")
    description = "需要高校协助解决的工艺难题。"
    status = NeedStatus.SUBMITTED
    posted_on = DAY
