from datetime import date

from ninja import Router, Schema, Status

from shanglian.chambers import selectors, services
from shanglian.chambers.models import Cause, ChamberState, RegistrationStatus, TransitionRequest
from shanglian.core.access import require_write
from shanglian.core.api_utils import require
from shanglian.core.dates import SaneDate
from shanglian.core.scope import get_object_for_user
from shanglian.core.validation import Id, api_str, choice
from shanglian.orgs.models import Organization, OrgKind

router = Router(tags=["商会建设"])


class RatingOut(Schema):
    id: int
    scheme: str
    label: str
    granted_on: date | None
    valid_until: date | None


class ChamberOut(Schema):
    id: int
    name: str
    chamber_kind: str
    street: str
    state: str
    state_label: str
    registration_status: str
    registration_number: str
    credit_code: str
    ratings: list[RatingOut]


class TransitionOut(Schema):
    id: int
    from_state: str
    to_state: str
    kind: str
    cause: str
    reason: str
    effective_on: SaneDate


class ChamberDetailOut(ChamberOut):
    supervisor: str
    address: str
    registered_on: date | None
    transitions: list[TransitionOut]


class TransitionRequestIn(Schema):
    to_state: choice(ChamberState, blank=False)
    reason: api_str(TransitionRequest, "reason")
    effective_on: SaneDate
    cause: choice(Cause) = ""


class TransitionRequestOut(Schema):
    id: int
    chamber_id: int
    to_state: str
    status: str
    reason: str
    effective_on: SaneDate


def _out(chamber, detail=False):
    try:
        profile = chamber.chamber_profile
    except Organization.chamber_profile.RelatedObjectDoesNotExist:
        profile = None
    state = profile.state if profile else ChamberState.NORMAL
    data = {
        "id": chamber.pk,
        "name": chamber.name,
        "chamber_kind": chamber.chamber_kind,
        "street": chamber.street,
        "state": state,
        "state_label": ChamberState(state).label,
        "registration_status": profile.registration_status if profile else RegistrationStatus.PREPARING,
        "registration_number": profile.registration_number if profile else "",
        "credit_code": profile.credit_code if profile else "",
        "ratings": [
            {
                "id": r.pk,
                "scheme": r.scheme,
                "label": r.label,
                "granted_on": r.granted_on,
                "valid_until": r.valid_until,
            }
            for r in selectors.current_ratings(chamber)
        ],
    }
    if detail:
        data.update(
            supervisor=profile.supervisor if profile else "",
            address=profile.address if profile else "",
            registered_on=profile.registered_on if profile else None,
            transitions=list(chamber.chamber_transitions.order_by("-effective_on", "-pk")),
        )
    return data


@router.get("/", response=list[ChamberOut], summary="可见的商会（含状态、登记、评级）")
def list_chambers(request):
    require(request, "chambers.view")
    return [_out(c) for c in selectors.chamber_rows(request.user)]


def _chamber(request, chamber_id, capability="chambers.view"):
    return get_object_for_user(
        Organization,
        request.user,
        chamber_id,
        capability=capability,
        queryset=Organization.objects.filter(kind=OrgKind.CHAMBER),
    )


@router.get("/{chamber_id}", response=ChamberDetailOut, summary="商会详情（含状态变更记录）")
def get_chamber(request, chamber_id: Id):
    chamber = _chamber(request, chamber_id)
    chamber = selectors.chamber_rows(request.user).get(pk=chamber.pk)
    return _out(chamber, detail=True)


@router.post(
    "/{chamber_id}/transition-requests",
    response={201: TransitionRequestOut},
    summary="申请商会状态变更（秘书处：本商会；由工商联管理员审批）",
)
def create_transition_request(request, chamber_id: Id, payload: TransitionRequestIn):
    chamber = _chamber(request, chamber_id, capability="chambers.request_transition")
    require_write(request.user, chamber, "只能为本商会（或本工商联管辖范围内商会）申请状态变更。")
    req = services.request_transition(
        actor=request.user,
        chamber=chamber,
        to_state=payload.to_state,
        reason=payload.reason,
        effective_on=payload.effective_on,
        cause=payload.cause,
    )
    return Status(201, req)
