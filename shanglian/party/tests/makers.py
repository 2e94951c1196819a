from datetime import date

from shanglian.core.testing.matrix import register
from shanglian.party.factories import (
    PartyBrandFactory,
    PartyMemberFactory,
    PartyModelSiteFactory,
    PartyOrganizationFactory,
)


@register("partyorganization_id")
def make_party_org(owner):
    return PartyOrganizationFactory(chamber=owner.chamber, name="他方党支部", founded_on=date(2020, 6, 1))


@register("partymember_id")
def make_party_member(owner):
    return PartyMemberFactory(party_org=owner.get("partyorganization_id"), person=owner.get("person_id"))


@register("partymodelsite_id")
def make_site(owner):
    return PartyModelSiteFactory(
        federation=owner.federation, chamber=owner.chamber, name="他方示范点", year=2020
    )


@register("partybrand_id")
def make_brand(owner):
    return PartyBrandFactory(federation=owner.federation, chamber=owner.chamber, name="他方品牌", year=2020)
