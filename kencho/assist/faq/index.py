"""The in-memory search index of a collection, one per app process.

Built from the database on first use and rebuilt when the collection's `index_version` differs from the
version the index was built at. Services raise the version in the same transaction as any change to
entries or embeddings, and every query reads the collection row, so each process (there may be many,
on several machines) notices a change on its next query without any message between processes."""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np
from django.db.models import F

from kencho.core.search import search_tokens

from .bm25 import BM25Index
from .embeddings import DIMENSION, MODEL_NAME, vectors_from_bytes
from .models import FaqCollection, FaqEmbedding, FaqEntry
from .phrasings import Phrasing, entry_phrasings


@dataclass(frozen=True)
class CollectionIndex:
    collection_id: int
    version: int
    entry_ids: np.ndarray  # the active entries, in index order
    phrasings: list[Phrasing]  # every phrasing of every entry, grouped by entry
    phrasing_entry: np.ndarray  # for each phrasing, the number of its entry (into entry_ids)
    entry_starts: np.ndarray  # the number of each entry's first phrasing
    bm25: BM25Index
    vectors: np.ndarray  # unit vectors of the phrasings that have one (rows of `vector_phrasing`)
    vector_phrasing: np.ndarray  # the phrasing number of each vector row
    vector_language_groups: list[np.ndarray]  # vector rows by language (Japanese incl. easy), if ≥ 5
    tokens: dict[str, list[str]]  # the search tokens of each phrasing text, reused by the next build

    @property
    def size(self) -> int:
        return len(self.entry_ids)

    @property
    def entries_with_vectors(self) -> int:
        return len(np.unique(self.phrasing_entry[self.vector_phrasing])) if len(self.vector_phrasing) else 0


_cache: dict[int, CollectionIndex] = {}
_build_lock = threading.Lock()


def index_for(collection: FaqCollection) -> CollectionIndex:
    """The collection's index, rebuilt first when the collection changed since it was built."""
    index = _cache.get(collection.pk)
    if index is not None and index.version == collection.index_version:
        return index
    with _build_lock:
        index = _cache.get(collection.pk)
        if index is None or index.version != collection.index_version:
            index = build_index(collection, previous=index)
            _cache[collection.pk] = index
    return index


def forget_indexes() -> None:
    """Drop every cached index of this process (tests, and after bulk loads in the same process)."""
    _cache.clear()


def index_version_bump(collection_id: int) -> None:
    """Tell every process that the collection's search index is out of date. Call it inside the
    transaction of the change."""
    FaqCollection.objects.filter(pk=collection_id).update(index_version=F("index_version") + 1)


def build_index(collection: FaqCollection, *, previous: CollectionIndex | None = None) -> CollectionIndex:
    """Everything a query needs, from the database. Tokens of texts the previous index had are reused:
    after an edit or a batch of new embeddings most texts are unchanged, and Sudachi is the slow part."""
    entries = list(
        FaqEntry.objects.filter(collection=collection, is_active=True)
        .prefetch_related("translations")
        .order_by("position", "id")
    )
    stored = {
        e.entry_id: e
        for e in FaqEmbedding.objects.filter(
            entry__collection=collection, entry__is_active=True, model_name=MODEL_NAME, dimension=DIMENSION
        )
    }
    phrasings: list[Phrasing] = []
    phrasing_entry: list[int] = []
    starts: list[int] = []
    vector_rows: list[np.ndarray] = []
    vector_phrasing: list[int] = []
    for number, entry in enumerate(entries):
        starts.append(len(phrasings))
        own = entry_phrasings(entry)
        embedding = stored.get(entry.pk)
        if embedding is not None:
            vectors = vectors_from_bytes(embedding.vectors, embedding.dimension)
            by_text = dict(zip(embedding.texts, vectors, strict=False))
            for offset, phrasing in enumerate(own):
                vector = by_text.get(phrasing.text)
                if vector is not None:
                    vector_rows.append(vector)
                    vector_phrasing.append(len(phrasings) + offset)
        phrasings += own
        phrasing_entry += [number] * len(own)
    known = previous.tokens if previous is not None else {}
    tokens = {p.text: known.get(p.text) or search_tokens(p.text) for p in phrasings}
    languages = np.array([_language_family(phrasings[n].language) for n in vector_phrasing], dtype=object)
    groups = [np.flatnonzero(languages == family) for family in dict.fromkeys(languages.tolist())]
    return CollectionIndex(
        collection_id=collection.pk,
        version=collection.index_version,
        entry_ids=np.array([e.pk for e in entries], dtype=np.int64),
        phrasings=phrasings,
        phrasing_entry=np.array(phrasing_entry, dtype=np.int64),
        entry_starts=np.array(starts, dtype=np.int64),
        bm25=BM25Index([tokens[p.text] for p in phrasings]),
        vectors=np.vstack(vector_rows) if vector_rows else np.zeros((0, DIMENSION), dtype=np.float32),
        vector_phrasing=np.array(vector_phrasing, dtype=np.int64),
        vector_language_groups=[group for group in groups if len(group) >= _MIN_LANGUAGE_GROUP],
        tokens=tokens,
    )


_MIN_LANGUAGE_GROUP = 5


def _language_family(code: str) -> str:
    return "ja" if code.startswith("ja") else code
