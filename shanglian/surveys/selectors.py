"""Reads of the surveys app: response rates by chamber, per-question results, the export's rows."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
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
class QuestionResult:
    question: Question
    counts: list[tuple[str, int]] = field(default_factory=list)  # choice / rating: (label, count)
    others: list[str] = field(default_factory=list)  # "其他" texts and text answers (latest first)
    average: Decimal | None = None
    answered: int = 0


def results(survey: Survey) -> list[QuestionResult]:
    """Per-question figures over submitted answer sheets: three grouped queries for the whole survey."""
    questions = list(survey.questions.all().prefetch_related("options"))
    done = Answer.objects.unscoped().filter(
        response__survey=survey, response__status=ResponseStatus.SUBMITTED
    )
    per_option = {
        (r["question_id"], r["option_id"]): r["n"]
        for r in done.filter(option__isnull=False).values("question_id", "option_id").annotate(n=Count("pk"))
    }
    per_number: dict[int, dict[Decimal, int]] = defaultdict(dict)
    averages: dict[int, Decimal] = {}
    for r in done.filter(number__isnull=False).values("question_id", "number").annotate(n=Count("pk")):
        per_number[r["question_id"]][Decimal(r["number"])] = r["n"]
    for r in done.filter(number__isnull=False).values("question_id").annotate(a=Avg("number")):
        averages[r["question_id"]] = Decimal(r["a"]).quantize(Decimal("0.01"))
    answered = {
        r["question_id"]: r["n"]
        for r in done.values("question_id").annotate(n=Count("response_id", distinct=True))
    }
    texts: dict[int, list[str]] = defaultdict(list)
    for qid, text in done.exclude(text="").order_by("-pk").values_list("question_id", "text")[:2000]:
        if len(texts[qid]) < 20:
            texts[qid].append(text)
    out = []
    for q in questions:
        result = QuestionResult(q, answered=answered.get(q.pk, 0), others=texts.get(q.pk, []))
        if q.kind in CHOICE_KINDS:
            result.counts = [(o.label, per_option.get((q.pk, o.pk), 0)) for o in q.options.all()]
        elif q.kind == QuestionKind.RATING:
            result.counts = [(f"{n} 分", per_number[q.pk].get(Decimal(n), 0)) for n in range(1, 6)]
            result.average = averages.get(q.pk)
        elif q.kind == QuestionKind.NUMBER:
            result.average = averages.get(q.pk)
        out.append(result)
    return out


def export_headers(questions: list[Question]) -> list[str]:
    headers = ["企业", "统一社会信用代码", "提交时间"]
    for q in questions:
        headers.append(f"{q.order}. {q.text}")
        if q.kind in CHOICE_KINDS:
            if q.kind == QuestionKind.MULTIPLE:
                headers += [f"{q.order}. {o.label}" for o in q.options.all()]
            if q.allow_other:
                headers.append(f"{q.order}. 其他（填写）")
    return headers


def export_rows(survey: Survey, questions: list[Question]) -> Iterator[list[Any]]:
    """One row per submitted answer sheet, readable by a person: a multiple choice as one cell of labels
    plus a 0/1 column per option; "其他" text in its own column. Streams in chunks."""
    sheets: QuerySet[Response] = (
        Response.objects.unscoped()
        .filter(survey=survey, status=ResponseStatus.SUBMITTED)
        .select_related("enterprise")
        .order_by("pk")
    )
    labels = {o.pk: o.label for q in questions for o in q.options.all()}
    for sheet in sheets.iterator(chunk_size=2000):
        by_q: dict[int, list[Answer]] = defaultdict(list)
        for a in Answer.objects.unscoped().filter(response=sheet).order_by("option__order", "pk"):
            by_q[a.question_id].append(a)
        row: list[Any] = [sheet.enterprise.name, sheet.enterprise.credit_code, sheet.submitted_at]
        for q in questions:
            answers = by_q.get(q.pk, [])
            if q.kind in CHOICE_KINDS:
                chosen = [a.option_id for a in answers if a.option_id]
                other = next((a.text for a in answers if not a.option_id), "")
                row.append(
                    "；".join(
                        [labels[c] for c in chosen if c in labels] + ([f"其他：{other}"] if other else [])
                    )
                )
                if q.kind == QuestionKind.MULTIPLE:
                    row += [1 if o.pk in chosen else 0 for o in q.options.all()]
                if q.allow_other:
                    row.append(other)
            else:
                a = answers[0] if answers else None
                row.append(None if a is None else (a.date or a.number if a.text == "" else a.text))
        yield row


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
