from datetime import date

from shanglian.core.testing.matrix import register
from shanglian.governance.models import (
    AgendaItem,
    HiringMode,
    Meeting,
    MemberRole,
    Organ,
    OrganMember,
    PresidentRotation,
    StaffAppointment,
    StaffPost,
    Term,
)


@register("term_id")
def make_term(owner):
    return Term.unscoped_objects.create(
        chamber=owner.chamber,
        organ=Organ.COUNCIL,
        number=1,
        start_on=date(2022, 1, 1),
        end_on=date(2026, 12, 31),
        note="他方届次",
    )


@register("organmember_id")
def make_member(owner):
    return OrganMember.unscoped_objects.create(
        term=owner.get("term_id"), person=owner.get("person_id"), role=MemberRole.DIRECTOR
    )


@register("meeting_id")
def make_meeting(owner):
    meeting = Meeting.unscoped_objects.create(
        chamber=owner.chamber, organ=Organ.COUNCIL, title="他方理事会", held_on=date(2026, 3, 1)
    )
    AgendaItem.unscoped_objects.create(meeting=meeting, title="他方议题", party_building=True)
    return meeting


@register("presidentrotation_id")
def make_rotation(owner):
    return PresidentRotation.unscoped_objects.create(
        chamber=owner.chamber,
        person=owner.get("person_id"),
        start_on=date(2026, 1, 1),
        end_on=date(2026, 6, 30),
    )


@register("staffappointment_id")
def make_staff(owner):
    return StaffAppointment.unscoped_objects.create(
        chamber=owner.chamber,
        name="他方秘书长",
        post=StaffPost.SECRETARY_GENERAL,
        hiring_mode=HiringMode.CHAMBER,
        hired_by="他方商会",
        contract_start=date(2025, 1, 1),
        contract_end=date(2027, 12, 31),
    )
