"""The cockpit at scale (issue 12 §Performance): the whole cockpit for a year, cold cache, against
hand-written SQL for the same figures, measured in the same run. Prints one JSON line.

    DATABASE_URL=postgres://…/<db with generate_scale --enterprises 1000000> python bench/cockpit.py [repeats]

Adds what the scale generator does not make (once, idempotent): a leader of the federation, a party
organisation for four chambers in five, chamber profiles and a few lifecycle steps in 2020.
"""

from __future__ import annotations

import datetime
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "bench-only")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.http import QueryDict  # noqa: E402

FED = os.environ.get("BENCH_FEDERATION", "规模测试区工商联")
Y = datetime.date(2020, 1, 1), datetime.date(2020, 12, 31)
P = datetime.date(2019, 1, 1), datetime.date(2019, 12, 31)


def extend(fed):
    """Party organisations, chamber profiles and 2020 lifecycle steps for the generated chambers."""
    from shanglian.accounts.models import RoleAssignment, User
    from shanglian.chambers.models import ChamberProfile, ChamberState, ChamberTransition, TransitionKind
    from shanglian.core.roles import Role
    from shanglian.orgs.models import Organization, OrgKind
    from shanglian.party.models import PartyOrganization

    leader = User.objects.filter(username="bench_leader").first()
    if leader is None:
        leader = User.objects.create(username="bench_leader", name="基准领导", home_org=fed)
        RoleAssignment.objects.create(user=leader, role=Role.FEDERATION_LEADER, organization=fed)
    chambers = list(Organization.objects.unscoped().filter(path__startswith=fed.path, kind=OrgKind.CHAMBER))
    if not PartyOrganization.objects.unscoped().filter(chamber__in=chambers).exists():
        PartyOrganization.objects.unscoped().bulk_create(
            PartyOrganization(chamber=c, name=f"{c.name}党支部", founded_on=datetime.date(2019 + i % 2, 3, 1))
            for i, c in enumerate(chambers)
            if i % 5
        )
        ChamberProfile.objects.unscoped().bulk_create(
            ChamberProfile(chamber=c, state=ChamberState.NORMAL)
            for c in chambers
            if not ChamberProfile.objects.unscoped().filter(chamber=c).exists()
        )
        ChamberTransition.objects.unscoped().bulk_create(
            ChamberTransition(
                chamber=c,
                from_state=ChamberState.NORMAL,
                to_state=ChamberState.RECTIFYING,
                kind=TransitionKind.RECTIFY,
                effective_on=datetime.date(2020, 6, 1),
                reason="基准",
            )
            for c in chambers[:10]
        )
    return leader


def hand_sql(fed_path: str) -> dict:
    """The cockpit's figures for 2020 and 2019 (its comparison), written by hand: one statement per
    table and period instead of one per figure."""
    out = {}
    like = fed_path + "%"
    with connection.cursor() as c:
        for name, (start, end) in (("y", Y), ("p", P)):
            c.execute(
                """WITH ch AS (SELECT id FROM orgs_organization WHERE kind = 'chamber' AND path LIKE %(like)s),
                   m AS (SELECT enterprise_id, joined_on, left_on FROM registry_membership
                         WHERE chamber_id IN (SELECT id FROM ch))
                   SELECT (SELECT count(DISTINCT enterprise_id) FROM m WHERE joined_on <= %(start)s
                                  AND (left_on IS NULL OR left_on > %(start)s)),
                          (SELECT count(DISTINCT enterprise_id) FROM m WHERE joined_on <= %(end)s
                                  AND (left_on IS NULL OR left_on > %(end)s)),
                          (SELECT count(DISTINCT m.enterprise_id) FROM m
                                  JOIN registry_enterprise_tags et ON et.enterprise_id = m.enterprise_id
                                  JOIN registry_tag t ON t.id = et.tag_id AND t.code = 'high_tech'
                                  WHERE joined_on <= %(end)s AND (left_on IS NULL OR left_on > %(end)s))""",
                {"like": like, "start": start, "end": end},
            )
            out[f"{name}_members"] = c.fetchone()
            c.execute(
                """SELECT count(*) FILTER (WHERE true),
                          count(*) FILTER (WHERE EXISTS (SELECT 1 FROM registry_enterprise_tags et
                              JOIN registry_tag t ON t.id = et.tag_id AND t.code = 'red_alliance'
                              WHERE et.enterprise_id = e.id))
                   FROM registry_enterprise e JOIN orgs_organization f ON f.id = e.federation_id
                   WHERE f.path LIKE %(like)s""",
                {"like": like},
            )
            out[f"{name}_enterprises"] = c.fetchone()
            c.execute(
                """SELECT o.chamber_kind, count(*) FROM orgs_organization o
                   WHERE o.kind = 'chamber' AND o.path LIKE %(like)s
                     AND (o.founded_on IS NULL OR o.founded_on <= %(end)s) GROUP BY o.chamber_kind""",
                {"like": like, "end": end},
            )
            out[f"{name}_kinds"] = c.fetchall()
            c.execute(
                """SELECT count(DISTINCT t.chamber_id) FILTER (WHERE t.kind IN ('found','establish','rectify','dissolve')),
                          count(DISTINCT t.chamber_id) FILTER (WHERE t.kind = 'dissolve' AND t.cause = 'dormant'),
                          count(DISTINCT t.chamber_id) FILTER (WHERE t.kind = 'rectify' AND t.cause = 'irregular'),
                          count(DISTINCT t.chamber_id) FILTER (WHERE t.kind IN ('found','establish'))
                   FROM chambers_chambertransition t JOIN orgs_organization o ON o.id = t.chamber_id
                   WHERE o.path LIKE %(like)s AND t.effective_on BETWEEN %(start)s AND %(end)s""",
                {"like": like, "start": start, "end": end},
            )
            out[f"{name}_steps"] = c.fetchone()
            c.execute(
                """SELECT count(*) FILTER (WHERE p.founded_on BETWEEN %(start)s AND %(end)s),
                          count(DISTINCT p.chamber_id) FILTER (WHERE p.founded_on <= %(end)s
                              AND (p.dissolved_on IS NULL OR p.dissolved_on > %(end)s))
                   FROM party_partyorganization p JOIN orgs_organization o ON o.id = p.chamber_id
                   WHERE o.path LIKE %(like)s""",
                {"like": like, "start": start, "end": end},
            )
            out[f"{name}_party"] = c.fetchone()
    return out


def main(repeats: int) -> None:
    from shanglian.metrics import caching, cockpit, registry
    from shanglian.metrics.selection import select
    from shanglian.orgs.models import Organization
    from shanglian.registry.models import Enterprise

    fed = Organization.objects.unscoped().get(name=FED, depth=1)
    leader = extend(fed)
    query = QueryDict("period=year&year=2020")
    cold, warm, hand, queries = [], [], [], 0
    load = [os.getloadavg()[0]]
    for _ in range(repeats):
        caching.clear()
        t = time.perf_counter()
        sel = select(leader, query)
        before = len(connection.queries)
        data = cockpit.data(sel)
        cold.append(time.perf_counter() - t)
        queries = len(connection.queries) - before
        t = time.perf_counter()
        cockpit.data(select(leader, query))
        warm.append(time.perf_counter() - t)
        t = time.perf_counter()
        figures = hand_sql(fed.path)
        hand.append(time.perf_counter() - t)
    load.append(os.getloadavg()[0])
    cards = {c["key"]: c for s in data["sections"] for c in s["cards"]}
    members = figures["y_members"]
    assert cards["registry.member_growth"]["denominator"] == members[0], (
        cards["registry.member_growth"],
        members,
    )
    assert cards["registry.member_growth"]["numerator"] == members[1]
    assert cards["registry.high_tech"]["value"] == members[2]
    print(
        json.dumps(
            {
                "enterprises": Enterprise.unscoped_objects.filter(federation=fed).count(),
                "metrics": len(registry.all_metrics()),
                "cold_ms": [round(x * 1000) for x in cold],
                "warm_ms": [round(x * 1000, 1) for x in warm],
                "hand_sql_ms": [round(x * 1000) for x in hand],
                "cold_median_ms": round(statistics.median(cold) * 1000),
                "hand_median_ms": round(statistics.median(hand) * 1000),
                "ratio": round(statistics.median(cold) / statistics.median(hand), 2),
                "cold_queries": queries,
                "load": load,
                "cpus": os.cpu_count(),
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    from django.conf import settings

    settings.DEBUG = True  # count the queries (connection.queries)
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
