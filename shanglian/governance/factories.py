"""Test factories for chamber governance: terms, organ members, meetings, rotations, staff."""

import datetime

import factory

from shanglian.governance.models import HiringMode, MemberRole, Organ, StaffPost
from shanglian.orgs.factories import ChamberFactory
from shanglian.registry.factories import PersonFactory

DAY = datetime.date(2026, 1, 5)


def _federation_of_chamber(path: str):
    """A person of the same federation as the row's chamber (`path` leads from the person to it)."""
    return factory.LazyAttribute(lambda o: _walk(o.factory_parent, path).federation())


def _walk(obj, path: str):
    for part in path.split("."):
        obj = getattr(obj, part)
    return obj


class TermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "governance.Term"

    chamber = factory.SubFactory(ChamberFactory)
    organ = Organ.COUNCIL
    number = factory.Sequence(lambda n: n + 1)
    start_on = DAY
    end_on = factory.LazyAttribute(lambda o: o.start_on.replace(year=o.start_on.year + 5))


class OrganMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "governance.OrganMember"

    term = factory.SubFactory(TermFactory)
    person = factory.SubFactory(PersonFactory, federation=_federation_of_chamber("term.chamber"))
    role = MemberRole.VICE_PRESIDENT


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "governance.Meeting"

    chamber = factory.SubFactory(ChamberFactory)
    organ = Organ.COUNCIL
    title = factory.Sequence(lambda n: f"理事会第{n + 1}次会议")
    held_on = DAY


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "governance.AgendaItem"

    meeting = factory.SubFactory(MeetingFactory)
    title = factory.Sequence(lambda n: f"议题{n}")


class PresidentRotationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "governance.PresidentRotation"

    chamber = factory.SubFactory(ChamberFactory)
    person = factory.SubFactory(PersonFactory, federation=_federation_of_chamber("chamber"))
    start_on = DAY
    end_on = factory.LazyAttribute(lambda o: o.start_on + datetime.timedelta(days=364))


class StaffAppointmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "governance.StaffAppointment"

    chamber = factory.SubFactory(ChamberFactory)
    name = factory.Sequence(lambda n: f"秘书{n}")
    post = StaffPost.SECRETARY_GENERAL
    hiring_mode = HiringMode.CHAMBER
    hired_by = "本商会"
    contract_start = DAY
    contract_end = factory.LazyAttribute(lambda o: o.contract_start + datetime.timedelta(days=730))
