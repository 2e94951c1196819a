"""Test factories for events: an event, a registration, a check-in."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from shanglian.events import codes
from shanglian.events.models import (
    Booking,
    BriefingQuestion,
    CheckIn,
    Event,
    EventKind,
    EventMode,
    Question,
    Registration,
    RegistrationStatus,
    ServicePoint,
    ServicePointKind,
    ServiceSlot,
)
from shanglian.orgs.factories import FederationFactory
from shanglian.orgs.models import Organization, OrgKind
from shanglian.registry.factories import EnterpriseFactory

SOON = datetime.timedelta(days=7)


class EventFactory(factory.django.DjangoModelFactory[Event]):
    class Meta:
        model = "events.Event"

    organizer = factory.SubFactory(FederationFactory)
    title = factory.Sequence(lambda n: f"政策解读会（第{n}场）")
    kind = EventKind.POLICY
    mode = EventMode.HOSTED
    starts_at = factory.LazyFunction(lambda: timezone.now() + SOON)
    place = "城阳区工商联会议室"


class RegistrationFactory(factory.django.DjangoModelFactory[Registration]):
    class Meta:
        model = "events.Registration"

    event = factory.SubFactory(EventFactory)
    enterprise = factory.SubFactory(
        EnterpriseFactory, federation=factory.LazyAttribute(lambda o: o.factory_parent.event.organizer)
    )
    name = "李四"
    status = RegistrationStatus.CONFIRMED
    nonce = factory.LazyFunction(codes.new_nonce)


class CheckInFactory(factory.django.DjangoModelFactory[CheckIn]):
    class Meta:
        model = "events.CheckIn"

    registration = factory.SubFactory(RegistrationFactory)
    event = factory.LazyAttribute(lambda o: o.registration.event)


class ServicePointFactory(factory.django.DjangoModelFactory[ServicePoint]):
    class Meta:
        model = ServicePoint

    organizer = factory.SubFactory(FederationFactory)
    federation = factory.LazyAttribute(lambda o: o.organizer)
    department = factory.LazyAttribute(
        lambda o: Organization.objects.create_child(o.organizer, name="测试税务局", kind=OrgKind.DEPARTMENT)
    )
    kind = ServicePointKind.TAX
    name = factory.Sequence(lambda n: f"税务咨询点{n}")
    address = "城阳区正阳路"
    hours = "工作日 9:00-17:00"


class ServiceSlotFactory(factory.django.DjangoModelFactory[ServiceSlot]):
    class Meta:
        model = ServiceSlot

    point = factory.SubFactory(ServicePointFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + SOON)


class BookingFactory(factory.django.DjangoModelFactory[Booking]):
    class Meta:
        model = Booking

    slot = factory.SubFactory(ServiceSlotFactory)
    enterprise = factory.SubFactory(
        EnterpriseFactory, federation=factory.LazyAttribute(lambda o: o.factory_parent.slot.point.federation)
    )
    topic = "研发费用加计扣除"


class QuestionFactory(factory.django.DjangoModelFactory[Question]):
    class Meta:
        model = Question

    point = factory.SubFactory(ServicePointFactory)
    enterprise = factory.SubFactory(
        EnterpriseFactory, federation=factory.LazyAttribute(lambda o: o.factory_parent.point.federation)
    )
    question = "小规模纳税人减免政策如何申请？"


class BriefingQuestionFactory(factory.django.DjangoModelFactory[BriefingQuestion]):
    class Meta:
        model = "events.BriefingQuestion"

    registration = factory.SubFactory(RegistrationFactory)
    event = factory.SelfAttribute("registration.event")
    text = factory.Sequence(lambda n: f"留抵退税政策如何申请？（{n}）")
