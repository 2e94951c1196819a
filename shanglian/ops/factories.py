"""Test factories for the operations app."""

import factory
from django.utils import timezone

from shanglian.ops.models import Heartbeat


class HeartbeatFactory(factory.django.DjangoModelFactory[Heartbeat]):
    class Meta:
        model = Heartbeat

    name = factory.Sequence(lambda n: f"component-{n}")
    at = factory.LazyFunction(timezone.now)
