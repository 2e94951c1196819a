from datetime import date

from shanglian.core.testing.matrix import register
from shanglian.party.models import (
    PartyBrand,
    PartyMember,
    PartyModelSite,
    PartyOrganization,
    PartyOrgKind,
)


@register("partyorganization_id")
def make_party_org(owner):
    return PartyOrganization.unscoped_objects.create(
        chamber=owner.chamber, name="他方党支部", kind=PartyOrgKind.BRANCH, founded_on=date(2020, 6, 1)
    )


@register("partymember_id")
def make_party_member(owner):
    return PartyMember.unscoped_objects.create(
        party_org=owner.get("partyorganization_id"), person=owner.get("person_id")
    )


@register("partymodelsite_id")
def make_site(owner):
    return PartyModelSite.unscoped_objects.create(
        federation=owner.federation, chamber=owner.chamber, name="他方示范点", year=2020
    )


@register("partybrand_id")
def make_brand(owner):
    return PartyBrand.unscoped_objects.create(
        federation=owner.federation, chamber=owner.chamber, name="他方品牌", year=2020
    )
