"""Small builders for registry tests on top of the shared world."""

import datetime
import itertools

from shanglian.core.testing.factories import EnterpriseFactory, MembershipFactory
from shanglian.registry.codes import make_credit_code
from shanglian.registry.models import Enterprise, EnterpriseYearFigure, Industry, Person, Tag

_serial = itertools.count(500000)


def credit_code() -> str:
    return make_credit_code(next(_serial), kind="91")


def member(world, name, *, chamber=None, **fields) -> Enterprise:
    """An enterprise of federation A, member of chamber A1 (or the given chamber)."""
    enterprise = EnterpriseFactory(federation=world.fed, name=name, **fields)
    MembershipFactory(enterprise=enterprise, chamber=chamber or world.chamber)
    return enterprise


def person(enterprise, name="张伟", **fields) -> Person:
    return Person.unscoped_objects.create(
        federation=enterprise.federation, enterprise=enterprise, name=name, **fields
    )


def figure(enterprise, year, tax, revenue=None) -> EnterpriseYearFigure:
    return EnterpriseYearFigure.unscoped_objects.create(
        enterprise=enterprise, year=year, tax=tax, revenue=revenue
    )


def tag(code) -> Tag:
    return Tag.objects.get(code=code)


def industry(code) -> Industry:
    return Industry.objects.get(code=code)


def born(age: int, on: datetime.date) -> datetime.date:
    """Birth date of someone exactly `age` years old on `on` (birthday that day)."""
    return on.replace(year=on.year - age)
