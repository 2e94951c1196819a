"""Test factories for party building: party organisations, members, model sites and brands."""

import datetime

import factory

from shanglian.orgs.factories import ChamberFactory, FederationFactory
from shanglian.party.models import PartyOrgKind
from shanglian.registry.factories import PersonFactory

DAY = datetime.date(2026, 1, 5)


class PartyOrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "party.PartyOrganization"

    chamber = factory.SubFactory(ChamberFactory)
    name = factory.LazyAttribute(lambda o: f"{o.chamber.name}党支部")
    kind = PartyOrgKind.BRANCH
    founded_on = DAY


class PartyMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "party.PartyMember"

    party_org = factory.SubFactory(PartyOrganizationFactory)
    person = factory.SubFactory(
        PersonFactory,
        federation=factory.LazyAttribute(lambda o: o.factory_parent.party_org.chamber.federation()),
    )


class PartyModelSiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "party.PartyModelSite"

    federation = factory.SubFactory(FederationFactory)
    name = factory.Sequence(lambda n: f"党建示范点{n}")
    year = 2025


class PartyBrandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "party.PartyBrand"

    federation = factory.SubFactory(FederationFactory)
    name = factory.Sequence(lambda n: f"党建品牌{n}")
    year = 2025
