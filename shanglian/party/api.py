from datetime import date

from ninja import Router, Schema

from shanglian.core.access import federation_of
from shanglian.core.api_utils import require
from shanglian.core.dates import SaneDate
from shanglian.core.validation import Id
from shanglian.party import selectors
from shanglian.party.models import PartyOrganization

router = Router(tags=["党建"])


class PartyOrgOut(Schema):
    id: int
    chamber_id: int
    name: str
    kind: str
    founded_on: date
    unveiled_on: date | None
    member_count: int
    dual_unveiling: bool | None


class ShareOut(Schema):
    part: int
    whole: int
    percent: float | None


class FiguresOut(Schema):
    federation_id: int
    on: date
    party_orgs_founded: int
    coverage_rate: ShareOut
    cross_appointment_share: ShareOut
    model_sites: int
    brands: int
    meetings_covering_party_share: ShareOut


def _share(s):
    return {"part": s.part, "whole": s.whole, "percent": s.percent}


@router.get("/orgs", response=list[PartyOrgOut], summary="商会党组织")
def list_orgs(request, chamber_id: Id | None = None):
    require(request, "party.view")
    qs = (
        PartyOrganization.objects.visible_to(request.user).select_related("chamber").order_by("chamber__path")
    )
    if chamber_id:
        qs = qs.filter(chamber_id=chamber_id)
    return list(qs[:500])


@router.get("/figures", response=FiguresOut, summary="党建指标（工商联）")
def figures(request, start: SaneDate | None = None, end: SaneDate | None = None, on: SaneDate | None = None):
    require(request, "party.figures")
    federation = federation_of(request.user)
    if federation is None:
        from django.http import Http404

        raise Http404
    on = on or date.today()
    start = start or date(on.year, 1, 1)
    end = end or date(on.year, 12, 31)
    return {
        "federation_id": federation.pk,
        "on": on,
        "party_orgs_founded": selectors.party_orgs_founded(federation, start, end),
        "coverage_rate": _share(selectors.coverage_rate(federation, on)),
        "cross_appointment_share": _share(selectors.cross_appointment_share(federation, on)),
        "model_sites": selectors.model_sites(federation, start, end),
        "brands": selectors.brands(federation, start, end),
        "meetings_covering_party_share": _share(
            selectors.meetings_covering_party_share(federation, start, end)
        ),
    }
