"""交叉任职: which chamber leaders also sit in the chamber's party organisation — the one computation,
used by the metric registry (party.metrics) and the selectors' federation-wide call forms."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from shanglian.governance.selectors import Share, chamber_leaders
from shanglian.party.models import PartyMember, PartyOrganization


@dataclass
class ChamberCross:
    chamber_id: int
    party_org_id: int | None
    leaders: set
    cross: set  # leaders who are members of the chamber's party organisation

    @property
    def share(self) -> Share:
        return Share(len(self.cross), len(self.leaders))

    @property
    def complete(self) -> bool:
        return bool(self.leaders) and self.cross == self.leaders


def cross_appointment(chamber_ids, on: date | None = None) -> dict[int, ChamberCross]:
    """交叉任职 per chamber: its 班子成员 on the date who also belong to its party organisation."""
    on = on or date.today()
    chamber_ids = list(chamber_ids)
    leaders = chamber_leaders(chamber_ids, on)
    orgs = dict(
        PartyOrganization.objects.unscoped()
        .filter(
            Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=on),
            chamber_id__in=chamber_ids,
            founded_on__lte=on,
        )
        .values_list("chamber_id", "pk")
    )
    members: dict[int, set] = {}
    for org_id, person_id in (
        PartyMember.objects.unscoped()
        .filter(party_org_id__in=orgs.values())
        .values_list("party_org_id", "person_id")
    ):
        members.setdefault(org_id, set()).add(person_id)
    result = {}
    for cid in chamber_ids:
        ls = leaders.get(cid, set())
        org_id = orgs.get(cid)
        result[cid] = ChamberCross(cid, org_id, ls, ls & members.get(org_id, set()))
    return result
