from datetime import date

from shanglian.core.testing.matrix import register
from shanglian.governance.factories import (
    AgendaItemFactory,
    MeetingFactory,
    OrganMemberFactory,
    PresidentRotationFactory,
    StaffAppointmentFactory,
    TermFactory,
)
from shanglian.governance.models import MemberRole


@register("term_id")
def make_term(owner):
    return TermFactory(
        chamber=owner.chamber, number=1, start_on=date(2022, 1, 1), end_on=date(2026, 12, 31), note="他方届次"
    )


@register("organmember_id")
def make_member(owner):
    return OrganMemberFactory(
        term=owner.get("term_id"), person=owner.get("person_id"), role=MemberRole.DIRECTOR
    )


@register("meeting_id")
def make_meeting(owner):
    meeting = MeetingFactory(chamber=owner.chamber, title="他方理事会", held_on=date(2026, 3, 1))
    AgendaItemFactory(meeting=meeting, title="他方议题", party_building=True)
    return meeting


@register("presidentrotation_id")
def make_rotation(owner):
    return PresidentRotationFactory(
        chamber=owner.chamber,
        person=owner.get("person_id"),
        start_on=date(2026, 1, 1),
        end_on=date(2026, 6, 30),
    )


@register("staffappointment_id")
def make_staff(owner):
    return StaffAppointmentFactory(
        chamber=owner.chamber,
        name="他方秘书长",
        hired_by="他方商会",
        contract_start=date(2025, 1, 1),
        contract_end=date(2027, 12, 31),
    )
