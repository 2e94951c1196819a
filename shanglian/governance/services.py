"""Writes of 法人治理. Each checks the actor may keep the chamber's records, then audits the change."""

from __future__ import annotations

from django.db import transaction

from shanglian.attachments import services as attachments
from shanglian.attachments.uses import get_use
from shanglian.audit import services as audit
from shanglian.core.access import require_write
from shanglian.core.errors import ServiceError
from shanglian.core.saving import delete_audited, save_audited, save_or_refuse
from shanglian.governance.models import (
    MINUTES,
    STAFF_CONTRACT,
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
from shanglian.orgs.models import Organization, OrgKind
from shanglian.registry.models import Person


def check_chamber(actor, chamber) -> Organization:
    """The chamber, locked for the write, if the actor may keep its records (its federation's admins, its
    own secretary); else AccessDenied."""
    if chamber is None or chamber.kind != OrgKind.CHAMBER:
        raise ServiceError("请选择商会。")
    require_write(actor, chamber, "您无权维护该商会的记录。")
    # Serialises concurrent writes for one chamber (overlap checks below read-then-write).
    return Organization.objects.unscoped().select_for_update().get(pk=chamber.pk)


def check_person(actor, person, chamber) -> Person:
    if person is None:
        raise ServiceError("请选择人员。")
    if not Person.objects.visible_to(actor).filter(pk=person.pk).exists():
        raise ServiceError("所选人员不在您的数据范围内。")
    if not chamber.path.startswith(person.federation.path):
        raise ServiceError("所选人员不属于该商会所在的工商联。")
    return person


def _check_dates(start, end, *, allow_same_day=False, what="任期"):
    if start is None or end is None:
        raise ServiceError(f"请填写{what}的开始和结束日期。")
    if end < start or (end == start and not allow_same_day):
        raise ServiceError(f"{what}结束日期必须晚于开始日期。")


# ---------------------------------------------------------------- terms


def _overlapping_terms(*, chamber, organ, start_on, end_on, exclude_pk=None):
    qs = Term.unscoped_objects.filter(
        chamber=chamber, organ=organ, start_on__lte=end_on, end_on__gte=start_on
    )
    return qs.exclude(pk=exclude_pk) if exclude_pk else qs


@transaction.atomic
def save_term(*, actor, term: Term | None = None, chamber, organ, number, start_on, end_on, note="") -> Term:
    chamber = check_chamber(actor, chamber)
    if organ not in Organ.values:
        raise ServiceError("机构无效。")
    if not number or number < 1:
        raise ServiceError("届次必须是正整数。")
    _check_dates(start_on, end_on)
    clash = _overlapping_terms(
        chamber=chamber, organ=organ, start_on=start_on, end_on=end_on, exclude_pk=term.pk if term else None
    ).first()
    if clash:
        raise ServiceError(
            f"与{Organ(organ).label}第{clash.number}届（{clash.start_on}～{clash.end_on}）任期重叠，"
            "同一机构的任期不能交叉。"
        )
    if (
        Term.unscoped_objects.filter(chamber=chamber, organ=organ, number=number)
        .exclude(pk=term.pk if term else None)
        .exists()
    ):
        raise ServiceError(f"{Organ(organ).label}第{number}届已存在。")
    before = None if term is None else audit.snapshot(term)
    term = term or Term()
    term.chamber, term.organ, term.number = chamber, organ, number
    term.start_on, term.end_on, term.note = start_on, end_on, (note or "").strip()
    save_audited(
        term,
        actor=actor,
        before=before,
        organization=chamber,
        integrity_message="届次与已有记录冲突（任期重叠或届次重复）。",
    )
    return term


@transaction.atomic
def delete_term(*, actor, term: Term) -> None:
    chamber = check_chamber(actor, term.chamber)
    if term.members.exists():
        raise ServiceError("该届次下还有成员，请先移除成员。")
    delete_audited(term, actor=actor, organization=chamber)


@transaction.atomic
def add_organ_member(*, actor, term: Term, person, role) -> OrganMember:
    chamber = check_chamber(actor, term.chamber)
    check_person(actor, person, chamber)
    if role not in MemberRole.values:
        raise ServiceError("职务无效。")
    if OrganMember.unscoped_objects.filter(term=term, person=person).exists():
        raise ServiceError(f"{person.name}已在本届{term.get_organ_display()}中。")
    member = OrganMember(term=term, person=person, role=role)
    save_or_refuse(member, integrity_message="该人员已在本届中。")
    audit.record_create(actor=actor, obj=member, organization=chamber, message=f"{term}：增加成员")
    return member


@transaction.atomic
def copy_members(*, actor, source: Term, target: Term) -> tuple[int, list[str]]:
    """换届: carry the members of one term over to the next term of the same organ (each add audited).

    Returns (copied, names skipped because they are no longer in the actor's scope).
    """
    if (source.chamber_id, source.organ) != (target.chamber_id, target.organ):
        raise ServiceError("只能沿用同一商会同一机构上一届的成员。")
    visible = set(Person.objects.visible_to(actor).values_list("pk", flat=True))
    existing = set(target.members.values_list("person_id", flat=True))
    copied, skipped = 0, []
    for member in source.members.select_related("person"):
        if member.person_id in existing:
            continue
        if member.person_id not in visible:
            skipped.append(member.person.name)
            continue
        add_organ_member(actor=actor, term=target, person=member.person, role=member.role)
        copied += 1
    return copied, skipped


@transaction.atomic
def remove_organ_member(*, actor, member: OrganMember) -> None:
    chamber = check_chamber(actor, member.term.chamber)
    delete_audited(member, actor=actor, organization=chamber, message=f"{member.term}：移除成员")


# ---------------------------------------------------------------- meetings


def _meeting_state(meeting: Meeting) -> dict:
    data = audit.snapshot(meeting)
    data["attendees"] = sorted(meeting.attendees.values_list("pk", flat=True))
    data["agenda"] = [
        f"{'[党建]' if i.party_building else ''}{i.title}" for i in meeting.items.order_by("order", "pk")
    ]
    return data


def _lines(text) -> list[str]:
    return [line.strip()[:200] for line in (text or "").splitlines() if line.strip()]


@transaction.atomic
def save_meeting(
    *,
    actor,
    meeting: Meeting | None = None,
    chamber,
    organ,
    title,
    held_on,
    resolutions="",
    attendees=(),
    agenda="",
    party_agenda="",
    minutes=None,
) -> Meeting:
    """Create or update a meeting. `agenda`/`party_agenda`: one item per line (党建 items in the latter)."""
    chamber = check_chamber(actor, chamber)
    if organ not in Organ.values:
        raise ServiceError("机构无效。")
    title = (title or "").strip()
    if not title:
        raise ServiceError("请填写会议名称。")
    if held_on is None:
        raise ServiceError("请填写召开日期。")
    attendees = list(attendees or ())
    for person in attendees:
        check_person(actor, person, chamber)
    items = [(t, False) for t in _lines(agenda)] + [(t, True) for t in _lines(party_agenda)]
    if not items:
        raise ServiceError("请至少填写一项议题。")
    checked = attachments.check_upload(minutes, get_use(MINUTES)) if minutes else None
    creating = meeting is None
    before = None if creating else _meeting_state(meeting)
    meeting = meeting or Meeting()
    meeting.chamber, meeting.organ, meeting.title, meeting.held_on = chamber, organ, title[:200], held_on
    meeting.resolutions = (resolutions or "").strip()
    meeting.save()
    meeting.attendees.set(attendees)
    meeting.items.all().delete()
    AgendaItem.unscoped_objects.bulk_create(
        AgendaItem(meeting=meeting, title=t, party_building=p, order=i) for i, (t, p) in enumerate(items)
    )
    after = _meeting_state(meeting)
    if creating:
        audit.record(
            actor=actor,
            action=audit.AuditAction.CREATE,
            obj=meeting,
            organization=chamber,
            changes={k: [None, v] for k, v in after.items()},
        )
    else:
        changes = audit.diff(before, after)
        if changes:
            audit.record(
                actor=actor,
                action=audit.AuditAction.UPDATE,
                obj=meeting,
                organization=chamber,
                changes=changes,
            )
    if minutes:
        attachments.attach(owner=meeting, use=MINUTES, upload=minutes, actor=actor, checked=checked)
    return meeting


@transaction.atomic
def delete_meeting(*, actor, meeting: Meeting) -> None:
    chamber = check_chamber(actor, meeting.chamber)
    audit.record(
        actor=actor,
        action=audit.AuditAction.DELETE,
        obj=meeting,
        organization=chamber,
        changes={k: [v, None] for k, v in _meeting_state(meeting).items()},
    )
    attachments.remove_all(owner=meeting, actor=actor)
    meeting.delete()


# ---------------------------------------------------------------- 会长轮值


@transaction.atomic
def save_rotation(
    *, actor, rotation: PresidentRotation | None = None, chamber, person, start_on, end_on, note=""
) -> PresidentRotation:
    chamber = check_chamber(actor, chamber)
    check_person(actor, person, chamber)
    _check_dates(start_on, end_on, allow_same_day=True, what="轮值期")
    others = PresidentRotation.unscoped_objects.filter(start_on__lte=end_on, end_on__gte=start_on)
    if rotation:
        others = others.exclude(pk=rotation.pk)
    mine = others.filter(person=person).select_related("chamber").first()
    if mine:
        raise ServiceError(
            f"{person.name}在{mine.start_on}～{mine.end_on}已安排在{mine.chamber.name}轮值，同一人不能同时轮值。"
        )
    clash = others.filter(chamber=chamber).select_related("person").first()
    if clash:
        raise ServiceError(
            f"与{clash.person.name}的轮值期（{clash.start_on}～{clash.end_on}）重叠，轮值期不能交叉。"
        )
    before = None if rotation is None else audit.snapshot(rotation)
    rotation = rotation or PresidentRotation()
    rotation.chamber, rotation.person = chamber, person
    rotation.start_on, rotation.end_on, rotation.note = start_on, end_on, (note or "").strip()
    save_audited(
        rotation, actor=actor, before=before, organization=chamber, integrity_message="轮值期与已有安排重叠。"
    )
    return rotation


@transaction.atomic
def delete_rotation(*, actor, rotation: PresidentRotation) -> None:
    chamber = check_chamber(actor, rotation.chamber)
    delete_audited(rotation, actor=actor, organization=chamber)


# ---------------------------------------------------------------- 秘书处聘任


@transaction.atomic
def save_staff(
    *,
    actor,
    appointment: StaffAppointment | None = None,
    chamber,
    name,
    post,
    hiring_mode,
    hired_by,
    contract_start,
    contract_end,
    person=None,
    contract_file=None,
) -> StaffAppointment:
    chamber = check_chamber(actor, chamber)
    name = (name or "").strip()
    if not name:
        raise ServiceError("请填写姓名。")
    if person is not None:
        check_person(actor, person, chamber)
    hired_by = (hired_by or "").strip()
    if not hired_by:
        raise ServiceError("请填写聘任方。")
    if post not in StaffPost.values or hiring_mode not in HiringMode.values:
        raise ServiceError("岗位或聘任方式无效。")
    _check_dates(contract_start, contract_end, what="合同")
    checked = attachments.check_upload(contract_file, get_use(STAFF_CONTRACT)) if contract_file else None
    before = None if appointment is None else audit.snapshot(appointment)
    appointment = appointment or StaffAppointment()
    appointment.chamber, appointment.name, appointment.person = chamber, name[:50], person
    appointment.post, appointment.hiring_mode, appointment.hired_by = post, hiring_mode, hired_by[:100]
    appointment.contract_start, appointment.contract_end = contract_start, contract_end
    save_audited(
        appointment, actor=actor, before=before, organization=chamber, integrity_message="聘任记录不合法。"
    )
    if contract_file:
        attachments.attach(
            owner=appointment, use=STAFF_CONTRACT, upload=contract_file, actor=actor, checked=checked
        )
    return appointment


@transaction.atomic
def delete_staff(*, actor, appointment: StaffAppointment) -> None:
    chamber = check_chamber(actor, appointment.chamber)
    attachments.remove_all(owner=appointment, actor=actor)
    delete_audited(appointment, actor=actor, organization=chamber)
