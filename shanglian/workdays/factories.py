"""Test factories for the working-day calendar."""

import datetime

import factory

from shanglian.workdays.models import DayKind, DaySource, WorkingDay

# Far beyond any year chinesecalendar covers, so a factory day never collides with a seeded one.
FIRST = datetime.date(2100, 1, 1)


class WorkingDayFactory(factory.django.DjangoModelFactory[WorkingDay]):
    class Meta:
        model = WorkingDay

    date = factory.Sequence(lambda n: FIRST + datetime.timedelta(days=n))
    is_working = False
    kind = DayKind.HOLIDAY
    name = "测试假日"
    source = DaySource.ADMIN
