"""Measuring retrieval on a labelled query set, and choosing the fusion parameters from it.

Metrics over the queries that have an answer: hit@1 and hit@3 (a relevant entry among the first 1 or
3), nDCG@10 (binary relevance) and MRR. For the "nothing fits" thresholds, the flag is scored as a
classifier of "the top answer is wrong" over all queries, those without an answer included: balanced
accuracy, the mean of the share of wrong tops flagged and of right tops left alone. Japanese questions
and questions in other languages get a threshold each, chosen on their own queries.

Choosing: the RRF k, the dense weight (BM25's weight for Japanese questions fixed at 1, since only
the ratio matters) and BM25's weight for questions in other languages maximise MRR, ties broken by
nDCG@10; the thresholds then maximise balanced accuracy. The figures to trust are the cross-validated
ones: parameters chosen on four fifths of the queries, measured on the fifth left out, in turn."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from itertools import product
from typing import Any

import numpy as np

from .fusion import FusionParameters
from .index import CollectionIndex
from .retrieval import Retriever, Signals, rank

RRF_K_GRID = (1, 3, 5, 10, 20, 40, 60)
DENSE_WEIGHT_GRID = (0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0, 4.0)
OTHER_LANGUAGES_BM25_GRID = (0.0, 0.25, 0.5, 1.0)
THRESHOLD_GRID = tuple(round(0.80 + 0.005 * i, 3) for i in range(61))  # 0.80 … 1.10


@dataclass(frozen=True)
class Case:
    """One labelled query with its precomputed signals."""

    query: str
    index: CollectionIndex
    signals: Signals
    relevant: frozenset[int]  # entry ids; empty when nothing in the collection answers it


@dataclass(frozen=True)
class Metrics:
    queries: int
    hit_at_1: float
    hit_at_3: float
    ndcg_at_10: float
    mrr: float

    def row(self) -> str:
        return (
            f"{self.hit_at_1:6.3f} {self.hit_at_3:6.3f} {self.ndcg_at_10:8.3f} {self.mrr:6.3f}"
            f"   (n={self.queries})"
        )


@dataclass(frozen=True)
class FlagMetrics:
    balanced_accuracy: float
    wrong_flagged: float  # share of queries with a wrong (or no) top answer that are flagged
    right_kept: float  # share of queries with a right top answer that are not flagged


def _ranked_ids(case: Case, params: FusionParameters, retriever: Retriever, k: int) -> list[int]:
    ranking = rank(case.index, case.signals, params, k=k, retriever=retriever, with_phrasings=False)
    return [hit.entry_id for hit in ranking.hits]


def retrieval_metrics(cases: Sequence[Case], params: FusionParameters, retriever: Retriever) -> Metrics:
    answerable = [c for c in cases if c.relevant]
    if not answerable:
        return Metrics(0, 0.0, 0.0, 0.0, 0.0)
    hit1 = hit3 = ndcg = mrr = 0.0
    for case in answerable:
        ids = _ranked_ids(case, params, retriever, 10)
        gains = [1.0 if entry in case.relevant else 0.0 for entry in ids]
        hit1 += any(gains[:1])
        hit3 += any(gains[:3])
        dcg = sum(g / math.log2(r + 2) for r, g in enumerate(gains))
        ideal = sum(1 / math.log2(r + 2) for r in range(min(len(case.relevant), 10)))
        ndcg += dcg / ideal
        first = next((r for r, g in enumerate(gains) if g), None)
        mrr += 0.0 if first is None else 1 / (first + 1)
    n = len(answerable)
    return Metrics(n, hit1 / n, hit3 / n, ndcg / n, mrr / n)


@dataclass(frozen=True)
class _TopOutcome:
    right: bool  # the top entry is relevant
    confidence: float | None
    japanese: bool


def _top_outcomes(cases: Sequence[Case], params: FusionParameters) -> list[_TopOutcome]:
    outcomes = []
    for case in cases:
        ranking = rank(case.index, case.signals, params, k=1, with_phrasings=False)
        right = bool(ranking.hits) and ranking.hits[0].entry_id in case.relevant
        outcomes.append(_TopOutcome(right, ranking.confidence, case.signals.language == "ja"))
    return outcomes


def _flag_scores(outcomes: Sequence[_TopOutcome], ja_threshold: float, other_threshold: float) -> FlagMetrics:
    wrong = wrong_flagged = right = right_kept = 0
    for outcome in outcomes:
        threshold = ja_threshold if outcome.japanese else other_threshold
        flagged = outcome.confidence is None or outcome.confidence < threshold
        if outcome.right:
            right += 1
            right_kept += not flagged
        else:
            wrong += 1
            wrong_flagged += flagged
    flagged_share = wrong_flagged / wrong if wrong else 1.0
    kept_share = right_kept / right if right else 1.0
    return FlagMetrics((flagged_share + kept_share) / 2, flagged_share, kept_share)


def flag_metrics(cases: Sequence[Case], params: FusionParameters) -> FlagMetrics:
    return _flag_scores(
        _top_outcomes(cases, params), params.no_match_threshold, params.no_match_threshold_other_languages
    )


def _best_threshold(outcomes: Sequence[_TopOutcome], thresholds: Iterable[float]) -> float:
    best_accuracy, best = -1.0, FusionParameters.defaults().no_match_threshold
    for threshold in thresholds:
        accuracy = _flag_scores(outcomes, threshold, threshold).balanced_accuracy
        if accuracy > best_accuracy + 1e-9:
            best_accuracy, best = accuracy, threshold
    return best


def choose_fusion(
    cases: Sequence[Case],
    *,
    rrf_ks: Iterable[int] = RRF_K_GRID,
    dense_weights: Iterable[float] = DENSE_WEIGHT_GRID,
    other_language_weights: Iterable[float] = OTHER_LANGUAGES_BM25_GRID,
    thresholds: Iterable[float] = THRESHOLD_GRID,
) -> FusionParameters:
    base = FusionParameters.defaults()
    best: tuple[float, float] | None = None
    chosen = base
    for k, weight, other in product(rrf_ks, dense_weights, other_language_weights):
        params = replace(
            base, rrf_k=k, bm25_weight=1.0, bm25_weight_other_languages=other, dense_weight=weight
        )
        metrics = retrieval_metrics(cases, params, Retriever.HYBRID)
        score = (round(metrics.mrr, 6), round(metrics.ndcg_at_10, 6))
        if best is None or score > best:
            best, chosen = score, params
    # The thresholds for Japanese questions and for others, each on its own questions: similarities
    # across languages run lower than within Japanese.
    outcomes = _top_outcomes(cases, chosen)
    thresholds = tuple(thresholds)
    japanese = [o for o in outcomes if o.japanese]
    others = [o for o in outcomes if not o.japanese]
    return replace(
        chosen,
        no_match_threshold=_best_threshold(japanese, thresholds),
        no_match_threshold_other_languages=_best_threshold(others, thresholds),
    )


def cross_validated(cases: Sequence[Case], *, folds: int = 5, **grid: Any) -> tuple[Metrics, FlagMetrics]:
    """Hybrid metrics on held-out queries: each fold measured with parameters chosen on the others
    (`grid` narrows choose_fusion's grids)."""
    held_out_metrics: list[tuple[int, Metrics]] = []
    flags: list[tuple[int, FlagMetrics]] = []
    for fold in range(folds):
        train = [c for i, c in enumerate(cases) if i % folds != fold]
        test = [c for i, c in enumerate(cases) if i % folds == fold]
        params = choose_fusion(train, **grid)
        metrics = retrieval_metrics(test, params, Retriever.HYBRID)
        held_out_metrics.append((metrics.queries, metrics))
        flags.append((len(test), flag_metrics(test, params)))
    return _weighted(held_out_metrics), _weighted_flags(flags)


def _weighted(parts: list[tuple[int, Metrics]]) -> Metrics:
    total = sum(n for n, _ in parts) or 1
    values = np.array([[m.hit_at_1, m.hit_at_3, m.ndcg_at_10, m.mrr] for _, m in parts])
    weights = np.array([n for n, _ in parts], dtype=float)
    mean = (values * weights[:, None]).sum(axis=0) / total
    return Metrics(int(weights.sum()), *map(float, mean))


def _weighted_flags(parts: list[tuple[int, FlagMetrics]]) -> FlagMetrics:
    total = sum(n for n, _ in parts) or 1
    return FlagMetrics(
        *(sum(n * getattr(f, name) for n, f in parts) / total for name in FlagMetrics.__dataclass_fields__)
    )
