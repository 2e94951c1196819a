"""Test factories for events: an event, a registration, a check-in."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from shanglian.events import codes
from shanglian.events.models import CheckIn, Event, EventKind, EventMode, Registration, RegistrationStatus
from shanglian.orgs.factories import FederationFactory
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
