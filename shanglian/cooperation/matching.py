"""Ranked candidates for a posting: published postings of the opposite side, and enterprises of the
registry, scored on industry, Chinese keyword overlap and region, each with its reason in words.

On PostgreSQL the database finds and ranks them: postings by pg_trgm similarity of their keyword words
(`Posting.match_text`, a GIN trigram index; see cooperation/keywords.py for why words of bigrams), and
enterprises by the registry's own n-gram index (their name's bigrams, `registry.search`), each arm OR'ed
with the same or a sibling industry, ordered by the score and cut to `limit` in SQL. Only the rows shown
get their reason written in Python. Elsewhere (SQLite, the tests' default) the same score is computed in
Python over a bounded pool, so the tests of the reasons and the ranking hold on both.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib.postgres.search import TrigramSimilarity
from django.db import connection
from django.db.models import Case, F, FloatField, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import ExpressionWrapper, RawSQL
from django.utils import timezone

from shanglian.cooperation.keywords import FUNCTION_CHARS, STOP, keywords
from shanglian.cooperation.models import Posting, PostingStatus, Side

__all__ = ["FUNCTION_CHARS", "POOL", "STOP", "Candidate", "candidates", "keywords"]

POOL = 300  # the Python fallback's bound
# Keyword similarity (0–1) weighs up to KEYWORD_WEIGHT points, as five shared keywords did (2 each);
# the similarity threshold is one point of it, the least a keyword-only candidate must score.
KEYWORD_WEIGHT = 20.0
SIMILARITY_THRESHOLD = 1 / KEYWORD_WEIGHT


@dataclass
class Candidate:
    kind: str  # "posting" | "enterprise"
    obj: Any
    score: float
    reasons: list[str] = field(default_factory=list)

    @property
    def reason(self) -> str:
        return "；".join(self.reasons)

    @property
    def enterprise(self) -> Any:
        return self.obj.enterprise if self.kind == "posting" else self.obj


def _industry_reason(posting: Posting, industry: Any) -> tuple[int, str | None]:
    if not posting.industry_id or industry is None:
        return 0, None
    if industry.pk == posting.industry_id:
        return 5, f"同行业：{industry.name}"
    if (
        industry.parent_id
        and posting.industry is not None
        and industry.parent_id == posting.industry.parent_id
    ):
        return 2, f"相近行业：{industry.name}"
    return 0, None


def _reasons(
    posting: Posting, words: set[str], industry: Any, region: str, text_words: set[str]
) -> list[str]:
    reasons = []
    _, said = _industry_reason(posting, industry)
    if said:
        reasons.append(said)
    shared = sorted(words & text_words)
    if shared:
        reasons.append("关键词：" + "、".join(shared[:5]))
    if posting.region and region == posting.region:
        reasons.append(f"同区域：{region}")
    return reasons


def _score(posting: Posting, words: set[str], industry: Any, region: str, text: str) -> tuple[int, list[str]]:
    """The Python score (SQLite): industry 5/2, two points a shared keyword up to five, region 1."""
    score, _ = _industry_reason(posting, industry)
    shared = words & keywords(text)
    score += 2 * min(len(shared), 5)
    if posting.region and region == posting.region:
        score += 1
    return score, _reasons(posting, words, industry, region, keywords(text))


def _industry_arms(posting: Posting) -> tuple[Q, Q]:
    """(same industry, a sibling under the same parent) as conditions on the candidate's row (a join on
    its industry, not a query of its own)."""
    if not posting.industry_id:
        return Q(pk__in=[]), Q(pk__in=[])
    parent = posting.industry.parent_id if posting.industry is not None else None
    sibling = Q(industry__parent_id=parent) & ~Q(industry_id=posting.industry_id) if parent else Q(pk__in=[])
    return Q(industry_id=posting.industry_id), sibling


def _industry_points(same: Q, sibling: Q) -> Case:
    return Case(
        When(same, then=Value(5)), When(sibling, then=Value(2)), default=Value(0), output_field=IntegerField()
    )


def _flag(q: Q, points: int) -> Case:
    return Case(When(q, then=Value(points)), default=Value(0), output_field=IntegerField())


def _open_opposites(posting: Posting, today: date) -> QuerySet[Posting]:
    opposite = Side.DEMAND if posting.side == Side.SUPPLY else Side.SUPPLY
    return (
        Posting.objects.unscoped()
        .filter(
            federation_id=posting.federation_id,
            side=opposite,
            status=PostingStatus.PUBLISHED,
            valid_until__gte=today,
        )
        .exclude(enterprise_id=posting.enterprise_id)
    )


def _postings_in_db(posting: Posting, words: set[str], today: date, limit: int) -> list[Candidate]:
    same, sibling = _industry_arms(posting)
    query = posting.match_text or " ".join(sorted(words))
    arms = same | sibling
    if query:
        # similarity() compared in the query itself, not pg_trgm's `%` operator: `%` reads a per-session
        # setting (pg_trgm.similarity_threshold) that would have to be set on every connection. The rows
        # compared are one federation's open postings of the other side (a b-tree filter first).
        arms |= Q(keyword_similarity__gte=SIMILARITY_THRESHOLD)
    if posting.region:
        arms |= Q(category=posting.category, region=posting.region)
    region = Q(region=posting.region) if posting.region else Q(pk__in=[])
    score = ExpressionWrapper(
        _industry_points(same, sibling)
        + _flag(Q(category=posting.category), 1)
        + _flag(region, 1)
        + F("keyword_similarity") * Value(KEYWORD_WEIGHT),
        output_field=FloatField(),
    )
    rows = list(
        _open_opposites(posting, today)
        .alias(keyword_similarity=TrigramSimilarity("match_text", query or "-"))
        .filter(arms)
        .annotate(score=score)
        .filter(score__gt=1)
        .select_related("enterprise", "industry")
        .order_by("-score", "-pk")[:limit]
    )
    found = []
    for other in rows:
        reasons = _reasons(posting, words, other.industry, other.region, set(other.match_text.split()))
        if other.category == posting.category:
            reasons.insert(0, f"{other.get_side_display()}对口：{other.get_category_display()}")
        found.append(Candidate("posting", other, float(other.score), reasons))
    return found


def _enterprises_in_db(posting: Posting, words: set[str], limit: int) -> list[Candidate]:
    from shanglian.registry import search
    from shanglian.registry.models import Enterprise

    same, sibling = _industry_arms(posting)
    grams = sorted(words)[:50]
    arms = same | sibling
    shared: Any = Value(0)
    if grams:
        # The registry's n-gram index holds every enterprise name's bigrams: && finds those sharing any.
        arms |= Q(
            pk__in=RawSQL(
                f"SELECT enterprise_id FROM {search.TABLE} WHERE {search.GRAMS_EXPRESSION} && "
                '(%s::text[] COLLATE "C")',
                [grams],
            )
        )
        shared = RawSQL(
            f"SELECT LEAST(count(*), 5) FROM {search.TABLE} s, unnest(string_to_array(s.grams, ' ')) g "
            f'WHERE s.enterprise_id = "registry_enterprise"."id" AND g = ANY(%s::text[])',
            [grams],
            output_field=IntegerField(),
        )
    region = Q(street=posting.region) if posting.region else Q(pk__in=[])
    score = _industry_points(same, sibling) + shared * Value(2) + _flag(region, 1)
    rows = list(
        Enterprise.objects.unscoped()
        .filter(arms, federation_id=posting.federation_id)
        .exclude(pk=posting.enterprise_id)
        .annotate(score=score)
        .filter(score__gt=1)
        .select_related("industry")
        .order_by("-score", "-pk")[:limit]
    )
    return [
        Candidate(
            "enterprise",
            firm,
            float(firm.score) - 1,
            ["会员库企业", *_reasons(posting, words, firm.industry, firm.street, keywords(firm.name))],
        )
        for firm in rows
    ]


def _name_q(words: set[str], field_name: str) -> Q:
    q = Q(pk__in=[])
    for w in sorted(words)[:12]:
        q |= Q(**{f"{field_name}__contains": w})
    return q


def _in_python(posting: Posting, words: set[str], today: date) -> list[Candidate]:
    """SQLite: the database narrows to a bounded pool, Python scores it."""
    from shanglian.registry.models import Enterprise

    narrow = Q(category=posting.category) | _name_q(words, "title")
    if posting.industry_id:
        narrow |= Q(industry_id=posting.industry_id)
    pool = (
        _open_opposites(posting, today)
        .filter(narrow)
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
    return found


def candidates(posting: Posting, *, limit: int = 10, today: date | None = None) -> list[Candidate]:
    """The best `limit` counterparts, opposite postings and registry enterprises together."""
    today = today or timezone.localdate()
    words = keywords(posting.text)
    if connection.vendor == "postgresql":
        found = _postings_in_db(posting, words, today, limit) + _enterprises_in_db(posting, words, limit)
    else:
        found = _in_python(posting, words, today)
    found.sort(key=lambda c: (-c.score, c.kind, -c.obj.pk))
    return found[:limit]


# Kept for callers that rank in Python (the benchmark's baseline).
python_candidates = _in_python
