"""派单建议: from the federation's own closed appeals, suggest the handling unit and the category of a new one.

TF-IDF over jieba-segmented title and content, a logistic regression per target (scikit-learn), trained
locally — no external model or service. The scheduled job (jobs.py) retrains nightly and stores the fitted
pipelines in `DispatchModel` (serialized with joblib; only this module writes or reads them). With fewer
than MIN_HISTORY closed appeals it says so and suggests nothing. The desk accepts or overrides; an override
is noted on the dispatch step's timeline entry and audit row.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from shanglian.appeals.models import Appeal, AppealCategory, AppealState, DispatchModel
from shanglian.orgs.models import Organization

MIN_HISTORY = 30
TOP = 3
TRAINED_STATES = (AppealState.CLOSED, AppealState.RATED)


@dataclass(frozen=True)
class Guess:
    pk: int
    name: str
    confidence: float  # 0..1


@dataclass(frozen=True)
class Suggestion:
    units: list[Guess]
    categories: list[Guess]
    message: str  # what the desk reads when there is nothing to suggest


def _tokens(text: str) -> list[str]:
    import jieba

    return [t for t in jieba.lcut(text) if t.strip()]


def _text(appeal: Appeal) -> str:
    return f"{appeal.title} {appeal.content}"


def history(federation: Organization) -> list[Appeal]:
    return list(
        Appeal.objects.unscoped()
        .filter(federation=federation, state__in=TRAINED_STATES, lead_unit__isnull=False)
        .only("pk", "title", "content", "lead_unit_id", "category_id")
        .order_by("pk")
    )


def _fit(texts: list[str], labels: list[int]) -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    pipeline = make_pipeline(
        TfidfVectorizer(tokenizer=_tokens, token_pattern=None, lowercase=False, ngram_range=(1, 2)),
        LogisticRegression(max_iter=1000),
    )
    pipeline.fit(texts, labels)
    return pipeline


def _top(pipeline: Any, text: str, names: dict[int, str]) -> list[Guess]:
    probabilities = pipeline.predict_proba([text])[0]
    ranked = sorted(zip(pipeline.classes_, probabilities, strict=True), key=lambda p: -p[1])[:TOP]
    return [Guess(int(pk), names.get(int(pk), "?"), float(p)) for pk, p in ranked]


def _dump(obj: Any) -> bytes:
    import joblib

    buffer = io.BytesIO()
    joblib.dump(obj, buffer)
    return buffer.getvalue()


def _load(blob: bytes) -> Any:
    import joblib

    return joblib.load(io.BytesIO(blob))


@transaction.atomic
def retrain(federation: Organization) -> DispatchModel | None:
    """Fit on the federation's closed appeals and store it; None (and any old model removed) if too few."""
    rows = history(federation)
    DispatchModel.objects.filter(federation=federation).delete()
    units = [a for a in rows if a.lead_unit_id]
    if len(units) < MIN_HISTORY or len({a.lead_unit_id for a in units}) < 2:
        return None
    texts = [_text(a) for a in units]
    unit_model = _fit(texts, [int(a.lead_unit_id or 0) for a in units])
    with_category = [a for a in units if a.category_id]
    category_model = None
    if len({a.category_id for a in with_category}) >= 2:
        category_model = _fit(
            [_text(a) for a in with_category], [int(a.category_id or 0) for a in with_category]
        )
    return DispatchModel.objects.create(
        federation=federation,
        samples=len(units),
        blob=_dump({"unit": unit_model, "category": category_model}),
    )


_CACHE: dict[int, tuple[Any, Any]] = {}


def _models(federation: Organization) -> tuple[DispatchModel | None, Any]:
    row = DispatchModel.objects.filter(federation=federation).only("pk", "trained_at", "samples").first()
    if row is None:
        return None, None
    cached = _CACHE.get(federation.pk)
    if cached is None or cached[0] != row.trained_at:
        blob = DispatchModel.objects.filter(pk=row.pk).values_list("blob", flat=True).get()
        cached = (row.trained_at, _load(bytes(blob)))
        _CACHE[federation.pk] = cached
    return row, cached[1]


def suggest(appeal: Appeal) -> Suggestion:
    row, models = _models(appeal.federation)
    if row is None or models is None:
        return Suggestion(
            [], [], f"本工商联已办结的诉求不足 {MIN_HISTORY} 条，历史数据太少，暂不提供派单建议。"
        )
    text = _text(appeal)
    unit_names = dict(
        Organization.objects.unscoped().filter(pk__in=list(models["unit"].classes_)).values_list("pk", "name")
    )
    units = _top(models["unit"], text, unit_names)
    categories: list[Guess] = []
    if models["category"] is not None:
        names = dict(
            AppealCategory.objects.unscoped()
            .filter(pk__in=list(models["category"].classes_))
            .values_list("pk", "name")
        )
        categories = _top(models["category"], text, names)
    trained = timezone.localtime(row.trained_at)
    return Suggestion(units, categories, f"依据 {row.samples} 条已办结诉求（{trained:%Y-%m-%d %H:%M} 训练）")


def evaluate(federation: Organization, *, holdout: float = 0.2, seed: int = 7) -> tuple[float, float, int]:
    """Top-1 and top-3 accuracy of the unit suggestion on a held-out share of the closed appeals."""
    rows = history(federation)
    random.Random(seed).shuffle(rows)
    cut = max(1, int(len(rows) * holdout))
    test, train = rows[:cut], rows[cut:]
    model = _fit([_text(a) for a in train], [int(a.lead_unit_id or 0) for a in train])
    hits1 = hits3 = 0
    for a in test:
        ranked = [g.pk for g in _top(model, _text(a), {})]
        hits1 += ranked[:1] == [a.lead_unit_id]
        hits3 += a.lead_unit_id in ranked
    return hits1 / len(test), hits3 / len(test), len(test)
