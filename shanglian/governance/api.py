from datetime import date

from ninja import Router, Schema, Status

from shanglian.core.api_utils import require
from shanglian.core.dates import SaneDate
from shanglian.core.scope import get_object_for_user
from shanglian.core.validation import Id, Limit, Offset, api_int, api_str, choice
from shanglian.governance import selectors, services
from shanglian.governance.models import Meeting, Organ, PresidentRotation, StaffAppointment, Term
from shanglian.orgs.models import Organization

router = Router(tags=["法人治理"])


class TermOut(Schema):
    id: int
    chamber_id: int
    organ: str
    number: int
    start_on: SaneDate
    end_on: SaneDate


class TermIn(Schema):
    chamber_id: Id
    organ: choice(Organ, blank=False)
    number: api_int(Term, "number", ge=1)
    start_on: SaneDate
    end_on: SaneDate
    note: api_str(Term, "note") = ""


class MeetingOut(Schema):
    id: int
    chamber_id: int
    organ: str
    title: str
    held_on: date
    party_building: bool


class RotationOut(Schema):
    id: int
    chamber_id: int
    person_id: int
    person_name: str
    start_on: date
    end_on: date


class StaffOut(Schema):
    id: int
    chamber_id: int
    name: str
    post: str
    hiring_mode: str
    hired_by: str
    contract_start: date
    contract_end: date


class AlertOut(Schema):
    kind: str
    label: str
    term_id: int
    chamber_id: int
    end_on: date
    days: int


def _page(qs, limit, offset):
    return list(qs[offset : offset + limit])


@router.get("/terms", response=list[TermOut], summary="届次")
def list_terms(request, chamber_id: Id | None = None, limit: Limit = 50, offset: Offset = 0):
    require(request, "governance.view")
    qs = Term.objects.visible_to(request.user).order_by("chamber_id", "organ", "-start_on")
    if chamber_id:
        qs = qs.filter(chamber_id=chamber_id)
    return _page(qs, limit, offset)


@router.post("/terms", response={201: TermOut}, summary="新建届次")
def create_term(request, payload: TermIn):
    require(request, "governance.edit")
    chamber = get_object_for_user(Organization, request.user, payload.chamber_id)
    data = payload.dict()
    data.pop("chamber_id")
    return Status(201, services.save_term(actor=request.user, chamber=chamber, **data))


@router.get("/terms/alerts", response=list[AlertOut], summary="换届提醒与届满未换届")
def term_alerts(request):
    require(request, "governance.view")
    return [
        {
            "kind": a.kind,
            "label": a.label,
            "term_id": a.term.pk,
            "chamber_id": a.term.chamber_id,
            "end_on": a.term.end_on,
            "days": a.days,
        }
        for a in selectors.term_alerts(Term.objects.visible_to(request.user))
    ]


@router.get("/meetings", response=list[MeetingOut], summary="会议")
def list_meetings(request, chamber_id: Id | None = None, limit: Limit = 50, offset: Offset = 0):
    require(request, "governance.view")
    qs = Meeting.objects.visible_to(request.user).prefetch_related("items").order_by("-held_on", "-pk")
    if chamber_id:
        qs = qs.filter(chamber_id=chamber_id)
    return [
        {
            "id": m.pk,
            "chamber_id": m.chamber_id,
            "organ": m.organ,
            "title": m.title,
            "held_on": m.held_on,
            "party_building": any(i.party_building for i in m.items.all()),
        }
        for m in _page(qs, limit, offset)
    ]


@router.get("/rotations", response=list[RotationOut], summary="会长轮值")
def list_rotations(request, chamber_id: Id | None = None):
    require(request, "governance.view")
    qs = PresidentRotation.objects.visible_to(request.user).select_related("person").order_by("start_on")
    if chamber_id:
        qs = qs.filter(chamber_id=chamber_id)
    return [
        {
            "id": r.pk,
            "chamber_id": r.chamber_id,
            "person_id": r.person_id,
            "person_name": r.person.name,
            "start_on": r.start_on,
            "end_on": r.end_on,
        }
        for r in qs[:500]
    ]


@router.get("/staff", response=list[StaffOut], summary="秘书处聘任")
def list_staff(request, chamber_id: Id | None = None):
    require(request, "governance.view")
    qs = StaffAppointment.objects.visible_to(request.user).order_by("contract_end")
    if chamber_id:
        qs = qs.filter(chamber_id=chamber_id)
    return list(qs[:500])
