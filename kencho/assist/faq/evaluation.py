"""Measuring retrieval on a labelled query set, and choosing the fusion parameters from it.

Metrics over the queries that have an answer: hit@1 and hit@3 (a relevant entry among the first 1 or
3), nDCG@10 (binary relevance) and MRR. For the "nothing fits" threshold, the flag is scored as a
classifier of "the top answer is wrong" over all queries, those without an answer included: balanced
accuracy, the mean of the share of wrong tops flagged and of right tops left alone.

Choosing: the RRF k and the dense weight (BM25's weight fixed at 1, since only the ratio matters)
maximise MRR, ties broken by nDCG@10; the threshold then maximises balanced accuracy. The figures
to trust are the cross-validated ones: parameters chosen on four fifths of the queries, measured on the
fifth left out, for each fifth in turn."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import product

import numpy as np

from .fusion import FusionParameters
from .index import CollectionIndex
from .retrieval import Retriever, Signals, rank

RRF_K_GRID = (1, 3, 5, 10, 20, 40, 60)
DENSE_WEIGHT_GRID = (0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0, 4.0)
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


def flag_metrics(cases: Sequence[Case], params: FusionParameters) -> FlagMetrics:
    wrong = wrong_flagged = right = right_kept = 0
    for case in cases:
        ranking = rank(case.index, case.signals, params, k=1, with_phrasings=False)
        top_right = bool(ranking.hits) and ranking.hits[0].entry_id in case.relevant
        if top_right:
            right += 1
            right_kept += not ranking.no_good_match
        else:
            wrong += 1
            wrong_flagged += ranking.no_good_match
    flagged_share = wrong_flagged / wrong if wrong else 1.0
    kept_share = right_kept / right if right else 1.0
    return FlagMetrics((flagged_share + kept_share) / 2, flagged_share, kept_share)


def choose_fusion(
    cases: Sequence[Case],
    *,
    rrf_ks: Iterable[int] = RRF_K_GRID,
    dense_weights: Iterable[float] = DENSE_WEIGHT_GRID,
    thresholds: Iterable[float] = THRESHOLD_GRID,
) -> FusionParameters:
    base = FusionParameters.defaults()
    best: tuple[float, float] | None = None
    chosen = base
    for k, weight in product(rrf_ks, dense_weights):
        params = FusionParameters(k, 1.0, weight, base.no_match_threshold)
        metrics = retrieval_metrics(cases, params, Retriever.HYBRID)
        score = (round(metrics.mrr, 6), round(metrics.ndcg_at_10, 6))
        if best is None or score > best:
            best, chosen = score, params
    best_accuracy = -1.0
    for threshold in thresholds:
        params = FusionParameters(chosen.rrf_k, 1.0, chosen.dense_weight, threshold)
        accuracy = flag_metrics(cases, params).balanced_accuracy
        if accuracy > best_accuracy + 1e-9:
            best_accuracy, best_params = accuracy, params
    return best_params


def cross_validated(cases: Sequence[Case], *, folds: int = 5) -> tuple[Metrics, FlagMetrics]:
    """Hybrid metrics on held-out queries: each fold measured with parameters chosen on the others."""
    held_out_metrics: list[tuple[int, Metrics]] = []
    flags: list[tuple[int, FlagMetrics]] = []
    for fold in range(folds):
        train = [c for i, c in enumerate(cases) if i % folds != fold]
        test = [c for i, c in enumerate(cases) if i % folds == fold]
        params = choose_fusion(train)
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
