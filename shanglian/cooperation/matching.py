"""Ranked candidates for a posting: published postings of the opposite side, and enterprises of the
registry, scored on industry, Chinese keyword overlap and region, each with its reason in words.

Keywords are character bigrams of the Chinese text (no segmentation dictionary needed: 冷链物流 gives
冷链 链物 物流, and two texts about 冷链 share 冷链). The database narrows the pool first (same federation,
industry or a keyword in the name/title, newest first, bounded), then Python scores at most POOL rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Q
from django.utils import timezone

from shanglian.cooperation.models import Posting, PostingStatus, Side

POOL = 300
STOP = {"有限", "限公", "公司", "青岛", "需要", "提供", "寻求", "企业", "我们", "合作"}
# Function characters: a bigram holding one (与冷, 的生) says nothing about the subject.
FUNCTION_CHARS = set("与和的及或等在为对是了需要供提求有可能我们日均")
_HAN = re.compile(r"[\u4e00-\u9fff]+")


def keywords(text: str) -> set[str]:
    grams: set[str] = set()
    for run in _HAN.findall(text or ""):
        grams.update(
            run[i : i + 2] for i in range(len(run) - 1) if not (set(run[i : i + 2]) & FUNCTION_CHARS)
        )
    grams.update(w.lower() for w in re.findall(r"[A-Za-z0-9]{2,}", text or ""))
    return grams - STOP


@dataclass
class Candidate:
    kind: str  # "posting" | "enterprise"
    obj: Any
    score: int
    reasons: list[str] = field(default_factory=list)

    @property
    def reason(self) -> str:
        return "；".join(self.reasons)

    @property
    def enterprise(self) -> Any:
        return self.obj.enterprise if self.kind == "posting" else self.obj


def _score(posting: Posting, words: set[str], industry: Any, region: str, text: str) -> tuple[int, list[str]]:
    score, reasons = 0, []
    if posting.industry_id and industry is not None:
        if industry.pk == posting.industry_id:
            score += 5
            reasons.append(f"同行业：{industry.name}")
        elif (
            industry.parent_id
            and posting.industry is not None
            and industry.parent_id == posting.industry.parent_id
        ):
            score += 2
            reasons.append(f"相近行业：{industry.name}")
    shared = sorted(words & keywords(text))
    if shared:
        score += 2 * min(len(shared), 5)
        reasons.append("关键词：" + "、".join(shared[:5]))
    if posting.region and region == posting.region:
        score += 1
        reasons.append(f"同区域：{region}")
    return score, reasons


def _name_q(words: set[str], field_name: str) -> Q:
    q = Q(pk__in=[])
    for w in sorted(words)[:12]:
        q |= Q(**{f"{field_name}__contains": w})
    return q


def candidates(posting: Posting, *, limit: int = 10, today: date | None = None) -> list[Candidate]:
    """The best `limit` counterparts, opposite postings and registry enterprises together."""
    from shanglian.registry.models import Enterprise

    today = today or timezone.localdate()
    words = keywords(posting.text)
    opposite = Side.DEMAND if posting.side == Side.SUPPLY else Side.SUPPLY
    narrow = Q(category=posting.category) | _name_q(words, "title")
    if posting.industry_id:
        narrow |= Q(industry_id=posting.industry_id)
    pool = (
        Posting.objects.unscoped()
        .filter(
            narrow,
            federation_id=posting.federation_id,
            side=opposite,
            status=PostingStatus.PUBLISHED,
            valid_until__gte=today,
        )
        .exclude(enterprise_id=posting.enterprise_id)
        .select_related("enterprise", "industry")
        .order_by("-pk")[:POOL]
    )
    found: list[Candidate] = []
    for other in pool:
        score, reasons = _score(posting, words, other.industry, other.region, other.text)
        if other.category == posting.category:
            score += 1
            reasons.insert(0, f"{other.get_side_display()}对口：{other.get_category_display()}")
        if score > 1:
            found.append(Candidate("posting", other, score, reasons))
    enterprise_narrow = _name_q(words, "name")
    if posting.industry_id:
        enterprise_narrow |= Q(industry_id=posting.industry_id)
    firms = (
        Enterprise.objects.unscoped()
        .filter(enterprise_narrow, federation_id=posting.federation_id)
        .exclude(pk=posting.enterprise_id)
        .select_related("industry")
        .order_by("-pk")[:POOL]
    )
    for firm in firms:
        score, reasons = _score(posting, words, firm.industry, firm.street, firm.name)
        if score > 1:
            found.append(Candidate("enterprise", firm, score - 1, ["会员库企业", *reasons]))
    found.sort(key=lambda c: (-c.score, c.kind, -c.obj.pk))
    return found[:limit]
