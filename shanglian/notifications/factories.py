"""Test factories for notifications."""

import factory

from shanglian.accounts.factories import UserFactory
from shanglian.notifications.models import Notification, NotificationPreference


class NotificationFactory(factory.django.DjangoModelFactory[Notification]):
    class Meta:
        model = "notifications.Notification"

    recipient = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"通知{n}")
    key = factory.Sequence(lambda n: f"test:{n}")


class NotificationPreferenceFactory(factory.django.DjangoModelFactory[NotificationPreference]):
    class Meta:
        model = "notifications.NotificationPreference"

    user = factory.SubFactory(UserFactory)
    email_enabled = False
