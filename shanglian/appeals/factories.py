"""Test factories for appeals: categories, appeals, dispatch records and timeline entries."""

from __future__ import annotations

import datetime

import factory

from shanglian.appeals.models import (
    Appeal,
    AppealCategory,
    AppealDispatch,
    AppealEntry,
    AppealState,
    DispatchModel,
    DispatchRole,
    EntryKind,
)
from shanglian.orgs.factories import DepartmentFactory, FederationFactory
from shanglian.registry.factories import EnterpriseFactory

DAY = datetime.date(2026, 3, 2)


class AppealCategoryFactory(factory.django.DjangoModelFactory[AppealCategory]):
    class Meta:
        model = AppealCategory

    federation = factory.SubFactory(FederationFactory)
    name = factory.Sequence(lambda n: f"类别{n}")


class AppealFactory(factory.django.DjangoModelFactory[Appeal]):
    class Meta:
        model = Appeal

    enterprise = factory.SubFactory(EnterpriseFactory)
    federation = factory.LazyAttribute(lambda o: o.enterprise.federation)
    title = factory.Sequence(lambda n: f"诉求{n}：办理施工许可遇到困难")
    content = "企业扩建厂房，施工许可办理进度慢，希望协调。"
    state = AppealState.SUBMITTED
    submitted_on = DAY


class AppealDispatchFactory(factory.django.DjangoModelFactory[AppealDispatch]):
    class Meta:
        model = AppealDispatch

    appeal = factory.SubFactory(AppealFactory, state=AppealState.DISPATCHED)
    unit = factory.LazyAttribute(lambda o: DepartmentFactory(parent=o.appeal.federation))
    role = DispatchRole.LEAD
    dispatched_on = DAY
    due_on = DAY + datetime.timedelta(days=7)


class AppealEntryFactory(factory.django.DjangoModelFactory[AppealEntry]):
    class Meta:
        model = AppealEntry

    appeal = factory.SubFactory(AppealFactory)
    kind = EntryKind.PROGRESS
    label = "办理进展"
    body = "已电话联系企业。"


class DispatchModelFactory(factory.django.DjangoModelFactory[DispatchModel]):
    class Meta:
        model = DispatchModel

    federation = factory.SubFactory(FederationFactory)
    samples = 0
    blob = b""
