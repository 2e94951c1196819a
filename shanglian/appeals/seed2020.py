"""The seed's year for 诉求反映 (`manage.py seed_chengyang_2020`): "汇总实际问题及意见建议200余条，由商会帮助
协调解决150余条" — 213 appeals raised by member enterprises in 2020, 156 of them solved.

They are last year's ledger entered after the fact, so they are written in bulk in their final states (with a
submission and a closing entry on each timeline) rather than walked step by step. Idempotent: a federation
that already has 2020 appeals is left as it is.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.db import transaction

from shanglian.appeals import services
from shanglian.appeals.models import (
    Appeal,
    AppealEntry,
    AppealState,
    Channel,
    EntryKind,
    Outcome,
    Satisfaction,
)
from shanglian.audit.models import AuditAction
from shanglian.audit.services import record
from shanglian.core.access import SYSTEM
from shanglian.metrics import caching
from shanglian.orgs.models import Organization, OrgKind
from shanglian.registry.models import Membership
from shanglian.workdays.services import add_working_days

COLLECTED = 213
SOLVED = 156
PARTLY = 27
EXPLAINED = 18
DECLINED = COLLECTED - SOLVED - PARTLY - EXPLAINED  # 12: duplicates or outside the federation's remit
SEED = 2020
UNIT_OF_CATEGORY = {
    "融资": "城阳区工业和信息化局",
    "用工": "城阳区工业和信息化局",
    "税费": "城阳区税务局",
    "政策咨询": "城阳区工业和信息化局",
    "市场准入": "城阳区市场监督管理局",
    "法律/权益保护": "城阳区人民检察院",
    "基础设施": "城阳区生态环境分局",
    "其他": "城阳区工业和信息化局",
}

TITLES = [
    ("融资", "疫情期间流动资金紧张，申请延期还本付息"),
    ("用工", "复工复产缺少一线工人"),
    ("税费", "疫情期间税费减免政策咨询"),
    ("政策咨询", "援企稳岗补贴申领"),
    ("市场准入", "防疫物资生产资质办理"),
    ("法律/权益保护", "合同因疫情无法履行的法律风险"),
    ("基础设施", "企业周边道路施工影响通行"),
    ("其他", "参加线上展会的补贴"),
]


@transaction.atomic
def build(federation: Organization) -> None:
    if Appeal.unscoped_objects.filter(federation=federation, submitted_on__year=2020).exists():
        return
    rng = random.Random(SEED)
    categories = {c.name: c for c in services.ensure_default_categories(actor=SYSTEM, federation=federation)}
    members = list(
        Membership.unscoped_objects.filter(chamber__path__startswith=federation.path)
        .select_related("enterprise")
        .order_by("pk")
    )
    if not members:
        return
    units = list(
        Organization.objects.unscoped()
        .filter(path__startswith=federation.path, kind=OrgKind.DEPARTMENT)
        .order_by("path")
    ) or [m.chamber for m in members[:1]]
    by_name = {u.name: u for u in units}
    outcomes = [Outcome.SOLVED] * SOLVED + [Outcome.PARTLY] * PARTLY + [Outcome.EXPLAINED] * EXPLAINED
    outcomes += [Outcome.NONE] * DECLINED
    rng.shuffle(outcomes)
    appeals = []
    for i, outcome in enumerate(outcomes):
        m = members[rng.randrange(len(members))]
        category_name, title = TITLES[i % len(TITLES)]
        submitted = date(2020, 1, 6) + timedelta(days=rng.randrange(0, 330))
        a = Appeal(
            federation=federation,
            chamber_id=m.chamber_id,
            enterprise=m.enterprise,
            category=categories[category_name],
            title=title,
            content=f"{title}（2020年商会收集的问题及意见建议，第 {i + 1} 条）。",
            channel=[Channel.CHAMBER, Channel.VISIT, Channel.EVENT, Channel.SURVEY, Channel.PHONE][i % 5],
            submitted_on=submitted,
        )
        if outcome == Outcome.NONE:
            a.state = AppealState.DECLINED
            a.decline_reason = "与已受理的诉求重复，已并入原诉求办理。"
        else:
            dispatched = add_working_days(submitted, 1)
            replied = add_working_days(dispatched, rng.choice([2, 3, 4, 4, 5, 5, 6]))
            a.state = AppealState.RATED
            a.accepted_on = a.dispatched_on = dispatched
            a.lead_unit = by_name.get(UNIT_OF_CATEGORY.get(category_name, ""), units[i % len(units)])
            a.contact_due = add_working_days(dispatched, 3)
            a.finish_due = add_working_days(dispatched, 5)
            a.signed_on = add_working_days(dispatched, 1)
            a.replied_on = replied
            a.closed_on = add_working_days(replied, 1)
            a.close_working_days = None
            a.outcome = outcome
            a.reply = "经协调已办理。"
            a.satisfaction = Satisfaction.SATISFIED if outcome == Outcome.SOLVED else Satisfaction.BASICALLY
            a.rated_on = add_working_days(a.closed_on, 1)
        appeals.append(a)
    made = Appeal.unscoped_objects.bulk_create(appeals)
    entries = []
    for a in made:
        entries.append(AppealEntry(appeal=a, kind=EntryKind.STEP, label="提交", body="2020年台账录入"))
        if a.closed_on:
            entries.append(
                AppealEntry(
                    appeal=a,
                    kind=EntryKind.REPLY,
                    label="答复",
                    body=f"【{a.get_outcome_display()}】{a.reply}",
                )
            )
    AppealEntry.unscoped_objects.bulk_create(entries)
    record(
        actor=SYSTEM,
        action=AuditAction.IMPORT,
        organization=federation,
        object_type="appeals.appeal",
        message=f"录入2020年诉求台账 {len(made)} 条（协调解决 {SOLVED} 条）",
    )
    # The ledger went in by bulk_create (no save signals): figures cached before it must not outlive it.
    caching.clear()
