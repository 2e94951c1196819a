"""Reads of the surveys app: response rates by chamber, per-question results, the export's rows."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, Exists, OuterRef, Q, QuerySet, Subquery

from shanglian.surveys.models import (
    CHOICE_KINDS,
    Answer,
    Invitation,
    Question,
    QuestionKind,
    Response,
    ResponseStatus,
    Survey,
)


@dataclass
class RateRow:
    chamber: str
    invited: int
    submitted: int

    @property
    def rate(self) -> int:
        return self.submitted * 100 // self.invited if self.invited else 0


def rates_by_chamber(survey: Survey) -> list[RateRow]:
    submitted = Response.objects.unscoped().filter(
        survey=survey, enterprise_id=OuterRef("enterprise_id"), status=ResponseStatus.SUBMITTED
    )
    rows = (
        Invitation.objects.unscoped()
        .filter(survey=survey)
        .values("chamber__name")
        .annotate(invited=Count("pk"), submitted=Count("pk", filter=Q(Exists(submitted))))
        .order_by("chamber__name")
    )
    return [RateRow(r["chamber__name"] or "—", r["invited"], r["submitted"]) for r in rows]


@dataclass
class MatrixRow:
    label: str
    counts: list[int]
    average: Decimal | None


@dataclass
class QuestionResult:
    question: Question
    counts: list[tuple[str, int]] = field(default_factory=list)  # choice / rating: (label, count)
    others: list[str] = field(default_factory=list)  # "其他" texts and text answers (latest first)
    average: Decimal | None = None
    answered: int = 0
    matrix: list[MatrixRow] = field(default_factory=list)  # a matrix: per row, a count per scale point
    other_ids: list[int] = field(default_factory=list)  # the answers behind `others` (to raise an appeal)

    @property
    def text_pairs(self) -> list[tuple[str, int]]:
        return list(zip(self.others, self.other_ids, strict=False))


def _avg(dist: dict[Decimal, int]) -> Decimal | None:
    total = sum(dist.values())
    if not total:
        return None
    return (sum((v * n for v, n in dist.items()), Decimal(0)) / total).quantize(Decimal("0.01"))


def submitted_answers(survey: Survey) -> QuerySet[Answer]:
    return Answer.objects.unscoped().filter(
        response__survey=survey, response__status=ResponseStatus.SUBMITTED
    )


def results(survey: Survey) -> list[QuestionResult]:
    """Per-question figures over submitted answer sheets: three grouped queries for the whole survey."""
    questions = list(survey.questions.all().prefetch_related("options"))
    done = submitted_answers(survey)
    numeric = [q.pk for q in questions if q.kind == QuestionKind.NUMBER]
    # One grouped pass over choices, ratings and matrix cells; a number question's free values are averaged
    # in SQL instead (they need not repeat, so grouping them would return a row per answer).
    per_option: dict[tuple[int, int], int] = defaultdict(int)
    per_number: dict[int, dict[Decimal, int]] = defaultdict(dict)
    per_cell: dict[tuple[int, int], dict[Decimal, int]] = defaultdict(dict)
    grouped = (
        done.exclude(question_id__in=numeric)
        .filter(Q(option__isnull=False) | Q(number__isnull=False))
        .values_list("question_id", "option_id", "number")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for qid, oid, number, n in grouped:
        if oid is not None:
            per_option[(qid, oid)] += n
        if number is not None:
            value = Decimal(number)
            if oid is None:
                per_number[qid][value] = n
            else:
                per_cell[(qid, oid)][value] = n
    # Sheets answering each question, and (for number questions) the average, in one grouped pass.
    answered: dict[int, int] = {}
    averages: dict[int, Decimal] = {}
    for qid, n, avg in (
        done.values("question_id")
        .annotate(n=Count("response_id", distinct=True), a=Avg("number"))
        .order_by()
        .values_list("question_id", "n", "a")
    ):
        answered[qid] = n
        if qid in numeric and avg is not None:
            averages[qid] = Decimal(avg).quantize(Decimal("0.01"))
    texts: dict[int, list[str]] = defaultdict(list)
    text_ids: dict[int, list[int]] = defaultdict(list)
    for pk, qid, text in (
        done.exclude(text="").order_by("-pk").values_list("pk", "question_id", "text")[:2000]
    ):
        if len(texts[qid]) < 20:
            texts[qid].append(text)
            text_ids[qid].append(pk)
    out = []
    for q in questions:
        result = QuestionResult(
            q, answered=answered.get(q.pk, 0), others=texts.get(q.pk, []), other_ids=text_ids.get(q.pk, [])
        )
        if q.kind in CHOICE_KINDS:
            result.counts = [(o.label, per_option.get((q.pk, o.pk), 0)) for o in q.options.all()]
        elif q.kind == QuestionKind.RATING:
            result.counts = [(f"{n} 分", per_number[q.pk].get(Decimal(n), 0)) for n in range(1, 6)]
            result.average = _avg(per_number[q.pk])
        elif q.kind == QuestionKind.MATRIX:
            points = range(1, len(q.scale_labels) + 1)
            for o in q.options.all():
                cell = per_cell.get((q.pk, o.pk), {})
                result.matrix.append(
                    MatrixRow(o.label, [cell.get(Decimal(p), 0) for p in points], _avg(cell))
                )
        elif q.kind == QuestionKind.NUMBER:
            result.average = averages.get(q.pk)
        out.append(result)
    return out


# ---------------------------------------------------------------- cross-tab

CROSSTAB_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.RATING)


@dataclass
class CrossTab:
    a: Question
    b: Question
    columns: list[str]
    rows: list[tuple[str, int, list[tuple[int, int]]]]  # (A's value, sheets, [(count, % of the row)])


def _axis(q: Question) -> tuple[str, list[tuple[Any, str]]]:
    """Which answer column identifies a value of `q`, and its values with their labels."""
    if q.kind == QuestionKind.RATING:
        return "number", [(Decimal(n), f"{n} 分") for n in range(1, 6)]
    return "option_id", [(o.pk, o.label) for o in q.options.all()]


def crosstab(survey: Survey, a: Question, b: Question) -> CrossTab:
    """Question A × question B over submitted sheets: per value of A, how many sheets chose each value of B
    and as a percentage of the sheets with that value of A that answered B. Two grouped queries."""
    ka, values_a = _axis(a)
    kb, values_b = _axis(b)
    pairs = (
        submitted_answers(survey)
        .filter(question=b, **{f"{kb}__isnull": False})
        .filter(**{"response__answers__question": a, f"response__answers__{ka}__isnull": False})
    )
    cells = {
        (_key(va), _key(vb)): n
        for va, vb, n in pairs.values_list(f"response__answers__{ka}", kb)
        .annotate(n=Count("response_id", distinct=True))
        .order_by()
    }
    bases = {
        _key(va): n
        for va, n in pairs.values_list(f"response__answers__{ka}")
        .annotate(n=Count("response_id", distinct=True))
        .order_by()
    }
    rows = []
    for va, label_a in values_a:
        base = bases.get(_key(va), 0)
        row = []
        for vb, _label in values_b:
            n = cells.get((_key(va), _key(vb)), 0)
            row.append((n, round(n * 100 / base) if base else 0))
        rows.append((label_a, base, row))
    return CrossTab(a, b, [label for _v, label in values_b], rows)


def _key(value: Any) -> Any:
    return Decimal(value).normalize() if isinstance(value, Decimal | float) else value


# ---------------------------------------------------------------- export


def export_headers(questions: list[Question]) -> list[str]:
    headers = ["企业", "统一社会信用代码", "提交时间"]
    for q in questions:
        if q.kind == QuestionKind.MATRIX:
            # One column per row of the matrix, holding the chosen point's label.
            headers += [f"{q.order}. {q.text}：{o.label}" for o in q.options.all()]
            continue
        headers.append(f"{q.order}. {q.text}")
        if q.kind in CHOICE_KINDS:
            if q.kind == QuestionKind.MULTIPLE:
                headers += [f"{q.order}. {o.label}" for o in q.options.all()]
            if q.allow_other:
                headers.append(f"{q.order}. 其他（填写）")
    return headers


EXPORT_BATCH = 2000


def export_rows(survey: Survey, questions: list[Question]) -> Iterator[list[Any]]:
    """One row per submitted answer sheet, readable by a person: a multiple choice as one cell of labels
    plus a 0/1 column per option; "其他" text in its own column; a matrix as one column per row. Streams by
    keyset batches of sheets, two queries a batch (the sheets, then their answers)."""
    sheets: QuerySet[Response, tuple[int, str, str, Any]] = (
        Response.objects.unscoped()
        .filter(survey=survey, status=ResponseStatus.SUBMITTED)
        .order_by("pk")
        .values_list("pk", "enterprise__name", "enterprise__credit_code", "submitted_at")
    )
    labels = {o.pk: o.label for q in questions for o in q.options.all()}
    order = {o.pk: o.order for q in questions for o in q.options.all()}
    after = 0
    while True:
        batch = list(sheets.filter(pk__gt=after)[:EXPORT_BATCH])
        if not batch:
            return
        after = batch[-1][0]
        by_sheet: dict[int, dict[int, list[tuple[int | None, str, Any, Any]]]] = defaultdict(
            lambda: defaultdict(list)
        )
        for rid, qid, oid, text, number, day in (
            Answer.objects.unscoped()
            .filter(response_id__in=[b[0] for b in batch])
            .order_by("pk")
            .values_list("response_id", "question_id", "option_id", "text", "number", "date")
        ):
            by_sheet[rid][qid].append((oid, text, number, day))
        for rid, name, code, at in batch:
            yield _export_row(questions, labels, order, by_sheet.get(rid, {}), [name, code, at])


def _export_row(
    questions: list[Question],
    labels: dict[int, str],
    order: dict[int, int],
    by_q: Mapping[int, list[tuple[int | None, str, Any, Any]]],
    row: list[Any],
) -> list[Any]:
    for q in questions:
        answers = by_q.get(q.pk, [])
        if q.kind == QuestionKind.MATRIX:
            cells = {oid: number for oid, _t, number, _d in answers}
            row += [q.scale_label(cells[o.pk]) if o.pk in cells else None for o in q.options.all()]
        elif q.kind in CHOICE_KINDS:
            chosen = sorted((oid for oid, _t, _n, _d in answers if oid), key=lambda oid: order.get(oid, 0))
            other = next((t for oid, t, _n, _d in answers if not oid), "")
            row.append(
                "；".join([labels[c] for c in chosen if c in labels] + ([f"其他：{other}"] if other else []))
            )
            if q.kind == QuestionKind.MULTIPLE:
                row += [1 if o.pk in chosen else 0 for o in q.options.all()]
            if q.allow_other:
                row.append(other)
        else:
            a = answers[0] if answers else None
            row.append(None if a is None else (a[3] or a[2] if a[1] == "" else a[1]))
    return row


def _count(rows: QuerySet[Any]) -> Subquery:
    return Subquery(rows.order_by().values("survey").annotate(n=Count("pk")).values("n")[:1])


def surveys_with_counts(user: Any) -> QuerySet[Survey]:
    """The user's surveys with their invited and submitted counts: two correlated counts, not a join of
    invitations × answer sheets (which grows as their product)."""
    surveys: QuerySet[Survey] = (
        Survey.objects.visible_to(user)
        .select_related("organization")
        .annotate(
            invited=_count(Invitation.objects.unscoped().filter(survey=OuterRef("pk"))),
            submitted=_count(
                Response.objects.unscoped().filter(survey=OuterRef("pk"), status=ResponseStatus.SUBMITTED)
            ),
        )
        .order_by("-created_at", "-pk")
    )
    return surveys
