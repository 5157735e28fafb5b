"""Reciprocal rank fusion of the BM25 and the embedding rankings, and the parameters it needs.

An entry's fused score is the sum, over the retrievers that ranked it, of weight / (k + rank), with
rank 1 for the best. RRF needs no calibration between BM25 scores and cosine similarities, which live
on unrelated scales. The weights, k and the "nothing fits" threshold are chosen by
`manage.py faq_evaluate` on the labelled query set (see docs in kencho/assist/faq/README.md) and kept on
the collection; KENCHO_FAQ_FUSION in settings holds the defaults for a collection that has none."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from django.conf import settings

from .models import FaqCollection

# Chosen by faq_evaluate on the demo collections' labelled queries (see README.md in this app).
DEFAULTS = {
    "rrf_k": 3,
    "bm25_weight": 1.0,
    "bm25_weight_other_languages": 0.0,
    "dense_weight": 1.25,
    "no_match_threshold": 0.945,
    "no_match_threshold_other_languages": 0.885,
}
_FIELDS = tuple(DEFAULTS)


@dataclass(frozen=True)
class FusionParameters:
    rrf_k: int
    bm25_weight: float  # for questions in Japanese
    bm25_weight_other_languages: float  # for other questions, which only translations match by words
    dense_weight: float
    no_match_threshold: float  # for questions in Japanese
    no_match_threshold_other_languages: float

    @classmethod
    def defaults(cls) -> FusionParameters:
        configured = {**DEFAULTS, **getattr(settings, "KENCHO_FAQ_FUSION", {})}
        return cls(
            rrf_k=int(configured["rrf_k"]),
            bm25_weight=float(configured["bm25_weight"]),
            bm25_weight_other_languages=float(configured["bm25_weight_other_languages"]),
            dense_weight=float(configured["dense_weight"]),
            no_match_threshold=float(configured["no_match_threshold"]),
            no_match_threshold_other_languages=float(configured["no_match_threshold_other_languages"]),
        )

    @classmethod
    def for_collection(cls, collection: FaqCollection) -> FusionParameters:
        chosen = {
            name: getattr(collection, name) for name in _FIELDS if getattr(collection, name) is not None
        }
        return replace(cls.defaults(), **chosen)


def ranks_of(scores: np.ndarray, *, present: np.ndarray | None = None) -> np.ndarray:
    """1-based rank of every item by descending score; 0 for items without a score (`present` False)."""
    order = np.argsort(-scores, kind="stable")
    ranks = np.empty(len(scores), dtype=np.int64)
    ranks[order] = np.arange(1, len(scores) + 1)
    if present is not None:
        ranks[~present] = 0
    return ranks


def reciprocal_rank_fusion(rankings: list[tuple[np.ndarray, float]], *, k: int, size: int) -> np.ndarray:
    """Fused scores from (ranks, weight) pairs; a rank of 0 means "not ranked" and adds nothing."""
    fused = np.zeros(size, dtype=np.float64)
    for ranks, weight in rankings:
        if weight == 0:
            continue
        ranked = ranks > 0
        fused[ranked] += weight / (k + ranks[ranked])
    return fused
