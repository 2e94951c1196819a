"""Reads of the registry: search, filters, classification (数据分类) and the three talent pools.

Functions that take a `queryset` narrow it (pass `Model.objects.visible_to(user)` from a view); without
one they read the whole federation deliberately (`unscoped()`), for figures and the cockpit.
"""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models import Case, Exists, OuterRef, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Lower

from shanglian.core.dates import in_range
from shanglian.metrics import registry as metric_registry
from shanglian.metrics.registry import Period, Scope
from shanglian.orgs import streets
from shanglian.orgs.models import Organization, OrgKind
from shanglian.registry import search
from shanglian.registry.models import (
    ClassificationRule,
    ContributionTier,
    Enterprise,
    EnterpriseYearFigure,
    Membership,
    OverrideAction,
    Person,
    TalentPool,
    TalentPoolOverride,
)

HIGH_TECH = "high_tech"
RED_ALLIANCE = "red_alliance"
_CREDIT_CODE_RE = re.compile(r"^[0-9A-HJ-NP-RTUWXY]{4,18}$")


# ---------------------------------------------------------------- rules


def rule_for(federation) -> ClassificationRule:
    """The federation's classification rule; an unsaved one with the defaults when none was set."""
    from shanglian.metrics.caching import remember

    federation_id = getattr(federation, "pk", federation)

    def read() -> ClassificationRule | None:
        return ClassificationRule.unscoped_objects.filter(federation_id=federation_id).first()

    # Every registry list and detail page asks for it: kept until a rule is written (the metrics' tokens).
    rule = remember(
        "registry.rule_for", str(federation_id), frozenset({ClassificationRule._meta.db_table}), read
    )
    if rule is None:
        rule = ClassificationRule(federation_id=federation_id)
    if isinstance(federation, Organization):
        rule.federation = federation  # the caller's instance: no query when the rule's federation is read
    return rule


def reference_date(rule: ClassificationRule) -> datetime.date:
    # A date stored before dates were range-checked (0001-01-01) would break the age arithmetic of
    # every person page and pool: such a rule counts as "留空为当天".
    if rule.reference_date is not None and in_range(rule.reference_date):
        return rule.reference_date
    return datetime.date.today()


def figure_year(rule: ClassificationRule) -> int:
    return rule.figure_year or reference_date(rule).year - 1


def key_industry_ids(rule: ClassificationRule) -> list[int]:
    if rule.pk is None:
        return []
    return list(rule.key_industries.values_list("pk", flat=True))


def parent_of(org: Organization) -> Organization | None:
    """The org's parent in the tree (a chamber's federation)."""
    if org.depth <= 1:
        return None
    return Organization.objects.unscoped().filter(path=org.path[: -Organization.steplen]).first()


def chamber_of_federation(federation: Organization, chamber_id) -> Organization | None:
    """A chamber under `federation` by id. Deliberately unscoped: an enterprise applies to chambers outside
    its user's scope (submit_application decides which are open to it)."""
    return (
        Organization.objects.unscoped()
        .filter(pk=chamber_id, kind=OrgKind.CHAMBER, path__startswith=federation.path)
        .first()
    )


# ---------------------------------------------------------------- classification


def _tier_conditions(rule: ClassificationRule) -> tuple[Q, Q]:
    year = figure_year(rule)

    def tax_at_least(amount):
        return Exists(
            EnterpriseYearFigure.unscoped_objects.filter(
                enterprise=OuterRef("pk"), year=year, tax__gte=amount
            )
        )

    high = Q(tax_at_least(rule.high_tax_min)) | Q(employees__gte=rule.high_employees_min)
    medium = Q(tax_at_least(rule.medium_tax_min)) | Q(employees__gte=rule.medium_employees_min)
    return high, medium


def tier_expression(rule: ClassificationRule) -> Case:
    high, medium = _tier_conditions(rule)
    return Case(
        When(high, then=Value(ContributionTier.HIGH)),
        When(medium, then=Value(ContributionTier.MEDIUM)),
        default=Value(ContributionTier.GENERAL),
    )


def tier_of(rule: ClassificationRule, enterprise: Enterprise, figures: list[EnterpriseYearFigure]) -> str:
    """`tier_expression` for one enterprise whose year figures are already loaded (its detail page)."""
    year = figure_year(rule)
    taxes = [f.tax for f in figures if f.year == year and f.tax is not None]
    employees = enterprise.employees

    def reaches(tax_min: Decimal, employees_min: int) -> bool:
        return any(t >= tax_min for t in taxes) or (employees is not None and employees >= employees_min)

    if reaches(rule.high_tax_min, rule.high_employees_min):
        return str(ContributionTier.HIGH)
    if reaches(rule.medium_tax_min, rule.medium_employees_min):
        return str(ContributionTier.MEDIUM)
    return str(ContributionTier.GENERAL)


def memberships_of_enterprise(enterprise: Enterprise, user) -> list[Membership]:
    """The enterprise's memberships, newest first, each with `editable`: may `user` change it (one query,
    not a second one over `editable_by`), its chamber and its dues."""
    editable = Membership.objects.editable_by(user).filter(pk=OuterRef("pk"))
    return list(
        enterprise.memberships.select_related("chamber")
        .prefetch_related("dues")
        .annotate(editable=Exists(editable))
        .order_by("-joined_on")
    )


def tier_q(rule: ClassificationRule, tier: str) -> Q:
    high, medium = _tier_conditions(rule)
    if tier == ContributionTier.HIGH:
        return high
    if tier == ContributionTier.MEDIUM:
        return medium & ~high
    if tier == ContributionTier.GENERAL:
        return ~medium
    raise ValueError(tier)


def classified_enterprises(
    federation, *, tier: str | None = None, rule: ClassificationRule | None = None, queryset=None
) -> QuerySet:
    """The federation's enterprises annotated with `tier` (贡献等级), optionally only one tier."""
    rule = rule or rule_for(federation)
    qs = queryset if queryset is not None else Enterprise.objects.unscoped()
    qs = qs.filter(federation=federation).annotate(tier=tier_expression(rule))
    if tier:
        qs = qs.filter(tier_q(rule, tier))
    return qs


def tier_at_least(rule: ClassificationRule, tier: str) -> Q:
    high, medium = _tier_conditions(rule)
    return high if tier == ContributionTier.HIGH else medium


# ---------------------------------------------------------------- talent pools


def _pool_rule_q(pool: str, rule: ClassificationRule) -> Q:
    has_enterprise = Q(enterprise__isnull=False)
    if pool == TalentPool.EXCELLENT:
        good = Enterprise.unscoped_objects.filter(tier_at_least(rule, rule.excellent_min_tier)).values("pk")
        q = Q(enterprise__in=good)
        if rule.excellent_include_deputies:
            q |= Q(is_npc_deputy=True) | Q(is_cppcc_member=True)
        return q
    if pool == TalentPool.KEY_INDUSTRY:
        ids = key_industry_ids(rule)
        return has_enterprise & (Q(enterprise__industry__in=ids) | Q(enterprise__industry__parent__in=ids))
    if pool == TalentPool.YOUTH:
        ref = reference_date(rule)
        oldest = _years_before(ref, rule.youth_age_limit + 1)
        # age on the reference date <= limit  <=>  born after the day (limit + 1) years before it
        return has_enterprise & Q(birth_date__gt=oldest, birth_date__lte=ref)
    raise ValueError(pool)


def _years_before(day: datetime.date, years: int) -> datetime.date:
    if day.year - years < datetime.MINYEAR:
        return datetime.date.min
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def talent_pool(federation, pool: str, *, rule: ClassificationRule | None = None, queryset=None) -> QuerySet:
    """Members of one of the three databases: those the rules select, plus manual includes, minus excludes."""
    rule = rule or rule_for(federation)
    qs = queryset if queryset is not None else Person.objects.unscoped()
    overrides = TalentPoolOverride.unscoped_objects.filter(federation=federation, pool=pool)
    included = overrides.filter(action=OverrideAction.INCLUDE).values("person_id")
    excluded = overrides.filter(action=OverrideAction.EXCLUDE).values("person_id")
    return qs.filter(federation=federation).filter(
        (_pool_rule_q(pool, rule) & ~Q(pk__in=excluded)) | Q(pk__in=included)
    )


def pools_of(person: Person, *, rule: ClassificationRule | None = None) -> list[str]:
    """Which pools a person is in now (for the detail page)."""
    rule = rule or rule_for(person.federation_id)
    pools = list(TalentPool.values)
    # One query for the three pools (an EXISTS each), not one per pool.
    flags = {
        f"in_{i}": Exists(talent_pool(person.federation_id, pool, rule=rule).filter(pk=OuterRef("pk")))
        for i, pool in enumerate(pools)
    }
    row = Person.unscoped_objects.filter(pk=person.pk).annotate(**flags).values(*flags).first() or {}
    return [pool for i, pool in enumerate(pools) if row.get(f"in_{i}")]


# ---------------------------------------------------------------- figures


# The figures are computed once, in registry/metrics.py (the metric registry); these keep the old call form
# over a whole federation or chamber (`Scope.whole`, deliberately across scope).


def member_ids_on(scope: Scope, day: datetime.date) -> QuerySet:
    """The distinct enterprise ids of the scope's chambers' memberships on a day (from joined/left dates)."""
    memberships = Membership.unscoped_objects.filter(chamber__in=scope.chambers(), joined_on__lte=day).filter(
        Q(left_on__isnull=True) | Q(left_on__gt=day)
    )
    return memberships.values("enterprise_id").distinct()


def members_on(scope: Scope, day: datetime.date) -> QuerySet:
    """Member enterprises of the scope's chambers on a day; the registry's member figures
    (registry/metrics.py) are built on it and counted on `member_ids_on` (the narrow table)."""
    return Enterprise.unscoped_objects.filter(pk__in=member_ids_on(scope, day))


def member_count(org, day: datetime.date) -> int:
    """Distinct member enterprises of a chamber (or of all chambers under a federation) on a day."""
    return members_on(Scope.whole(org), day).count()


@dataclass(frozen=True)
class Growth:
    start: int
    end: int

    @property
    def rate(self) -> Decimal | None:
        """(end - start) / start, e.g. Decimal("0.30") for 30 %; None when there were no members."""
        if not self.start:
            return None
        return (Decimal(self.end - self.start) / Decimal(self.start)).quantize(Decimal("0.0001"))


def member_growth(federation_or_chamber, start: datetime.date, end: datetime.date) -> Growth:
    """商会会员增幅: members on `end` against members on `start` (from joined/left dates)."""
    return Growth(member_count(federation_or_chamber, start), member_count(federation_or_chamber, end))


def high_tech_count(federation, on: datetime.date | None = None) -> int:
    """Member enterprises of the federation tagged 高新技术企业, members on the given day (default today)."""
    on = on or datetime.date.today()
    figure = metric_registry.get("registry.high_tech")
    assert figure is not None
    return figure.rows(Period(on, on), Scope.whole(federation)).count()


def tagged_count(federation, code: str) -> int:
    return Enterprise.unscoped_objects.filter(federation=federation, tags__code=code).distinct().count()


# ---------------------------------------------------------------- search


def _is_credit_code(value: str) -> bool:
    from shanglian.registry.codes import validate_credit_code

    try:
        validate_credit_code(value)
    except ValueError:
        return False
    return True


def search_q(text: str) -> Q:
    """One box: name fragment, full pinyin or initials, credit code, legal representative."""
    text = text.strip()[:100]
    if not text:
        return Q()
    compact_code = re.sub(r"\s", "", text).upper()
    if len(compact_code) == 18 and _is_credit_code(compact_code):
        return Q(credit_code=compact_code)  # a whole, valid code: the unique index answers at once
    q = Q(name__contains=text) | Q(legal_representative__contains=text)
    compact = re.sub(r"[\s'-]", "", text).lower()
    if compact.isascii() and compact.isalnum():
        q |= Q(name_pinyin__contains=compact) | Q(name_initials__contains=compact)
        upper = compact.upper()
        if _CREDIT_CODE_RE.match(upper):
            q |= Q(credit_code__contains=upper)
    return q


SORTS = {
    "name": ("name_pinyin", "id"),
    "-name": ("-name_pinyin", "-id"),
    "founded": ("founded_on", "id"),
    "-founded": ("-founded_on", "-id"),
    "employees": ("employees", "id"),
    "-employees": ("-employees", "-id"),
    "-updated": ("-updated_at", "-id"),
}


# Below this many expected matches a page is found fastest by collecting the matches and sorting them;
# above it, by walking a name-ordered index and testing rows until the page is full (PostgreSQL). At a
# million rows the two cost the same near sqrt(page size × table size) ≈ 5,500 rows.
SORT_MATCHES = 8_000


def _estimated_rows(qs) -> int:
    """PostgreSQL's own estimate of a query's rows (EXPLAIN, no table access); a queryset or a RawSQL."""
    sql, params = (qs.sql, qs.params) if isinstance(qs, RawSQL) else qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


def order_enterprises(qs: QuerySet, sort: str) -> QuerySet:
    fields = SORTS.get(sort, SORTS["name"])
    if "search_sort" in qs.query.annotations and fields[0].lstrip("-") == "name_pinyin":
        desc = fields[0].startswith("-")
        fields = ("-search_sort" if desc else "search_sort", fields[1])
    return qs.order_by(*fields)


def _apply_filters(qs: QuerySet, data: dict, rule: ClassificationRule | None) -> QuerySet:
    active = Membership.unscoped_objects.filter(enterprise=OuterRef("pk"), left_on__isnull=True)
    if data.get("chamber"):
        active = active.filter(chamber=data["chamber"])
    if data.get("position"):
        active = active.filter(position=data["position"])
    if data.get("chamber") or data.get("position"):
        qs = qs.filter(Exists(active))
    if data.get("street"):
        qs = qs.filter(street=streets.canonical(data["street"]))
    if data.get("industry"):
        ind = data["industry"]
        qs = qs.filter(Q(industry=ind) | Q(industry__parent=ind))
    if data.get("scale"):
        qs = qs.filter(scale=data["scale"])
    for tag in data.get("tags") or ():
        qs = qs.filter(Exists(Enterprise.tags.through.objects.filter(enterprise_id=OuterRef("pk"), tag=tag)))
    if data.get("tier") and rule is not None:
        qs = qs.filter(tier_q(rule, data["tier"]))
    return qs


def filter_enterprises(qs: QuerySet, data: dict, rule: ClassificationRule | None) -> QuerySet:
    """Apply the search box and the list filters (cleaned data of EnterpriseFilterForm or the API's query).

    On PostgreSQL the result is shaped for a fast first page at a million rows. Sorting by name tempts
    the planner to walk the name index and test every row, which is slow when matches are rare; so when
    it expects few matches the list is sorted by an expression no index serves (`search_sort`, same
    order as name_pinyin), and the search grams (registry.search) and filter indexes find the matches,
    which alone are sorted. When matches are many, walking the name-ordered index fills a page after a
    few rows, and the grams are left out (collecting every match of a common fragment is the slow part).
    """
    text = (data.get("q") or "").strip()
    q = search_q(text) if text else Q()
    filtered = _apply_filters(qs.filter(q), data, rule)
    if connection.vendor != "postgresql" or not (text or _has_filters(data)):
        return filtered
    tokens = search.query_grams(text) if text and "credit_code" not in _exact_lookups(q) else []
    industry = data.get("industry")
    tokens += search.facet_tokens(
        street=streets.canonical(data.get("street")),
        scale=data.get("scale") or "",
        industry_ids=[industry.pk] if industry else [],
        tag_ids=[tag.pk for tag in data.get("tags") or ()],
    )
    if tokens:
        # Estimated on the grams alone: the same conditions again as LIKE and column filters would be
        # counted twice and make a common combination look rare.
        # Enterprises still queued for the index (a big import's new rows) join the candidates: the
        # conditions above check them by their columns.
        if _estimated_rows(search.matching_ids(tokens)) <= SORT_MATCHES:
            candidates = search.candidate_ids(tokens)
            return filtered.filter(pk__in=candidates).annotate(search_sort=Lower("name_pinyin"))
    elif _estimated_rows(filtered.order_by()) <= SORT_MATCHES:
        return filtered.annotate(search_sort=Lower("name_pinyin"))
    return filtered


def _has_filters(data: dict) -> bool:
    return any(data.get(k) for k in ("chamber", "position", "street", "industry", "scale", "tags", "tier"))


def _exact_lookups(q: Q) -> set[str]:
    return {child[0] for child in q.children if isinstance(child, tuple)}


def filter_people(qs: QuerySet, data: dict, *, on: datetime.date | None = None) -> QuerySet:
    on = on or datetime.date.today()
    if data.get("q"):
        text = data["q"].strip()
        match = Q(name__contains=text) | Q(enterprise__name__contains=text)
        if (
            len(text) == 18 and text[:17].isdecimal()
        ):  # a 身份证号: found by its blind index (it is encrypted)
            match |= Person.id_number_q(text.upper())
        qs = qs.filter(match)
    for key in ("gender", "political_status", "education"):
        if data.get(key):
            qs = qs.filter(**{key: data[key]})
    if data.get("age_min") is not None:
        # age >= n  <=>  born on or before the day n years ago
        qs = qs.filter(birth_date__lte=_years_before(on, data["age_min"]))
    if data.get("age_max") is not None:
        qs = qs.filter(birth_date__gt=_years_before(on, data["age_max"] + 1))
    if data.get("deputy") == "npc":
        qs = qs.filter(is_npc_deputy=True)
    elif data.get("deputy") == "cppcc":
        qs = qs.filter(is_cppcc_member=True)
    return qs


def page_of(queryset, params, per_page: int = 30):
    """The page of a registry list: keyset paged with a total, page numbers and sizes (core/keyset.py)
    when its ordering allows (the primary key appended), else numbered by OFFSET (SeekPage)."""
    from shanglian.core.keyset import KeysetPage, page_size
    from shanglian.core.pages import with_pk_tiebreak

    keyed = with_pk_tiebreak(queryset)
    if KeysetPage.supports(keyed):
        return KeysetPage(keyed, params, per_page)
    return SeekPage(queryset, params.get("page"), page_size(params, per_page))


class SeekPage:
    """A page without COUNT(*): fetch one row more than shown to learn whether a next page exists."""

    def __init__(self, queryset, number, per_page: int = 30):
        try:
            number = max(1, min(int(number or 1), 10_000))
        except (TypeError, ValueError):
            number = 1
        self.number = number
        self.per_page = per_page
        offset = (number - 1) * per_page
        rows = list(queryset[offset : offset + per_page + 1])
        self.has_next = len(rows) > per_page
        self.object_list = rows[:per_page]
        self.has_previous = number > 1
        self.start_index = offset + 1 if self.object_list else 0

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    @property
    def next_page_number(self):
        return self.number + 1

    @property
    def previous_page_number(self):
        return self.number - 1
