"""Computing and storing the embeddings of entries' phrasings (FaqEmbedding), so that a search only has
to embed the question. Entries whose stored vectors were computed from the same texts with the same
model are skipped, so running it again is cheap."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.db import transaction

from .embeddings import DIMENSION, MODEL_NAME, embed_phrasings, source_hash, vectors_to_bytes
from .index import index_version_bump
from .models import FaqCollection, FaqEmbedding, FaqEntry
from .phrasings import entry_phrasings

_BUMP_SECONDS = 60


def entries_embed(
    *,
    collection: FaqCollection,
    entry_ids: list[int] | None = None,
    progress: Callable[[int, int], None] | None = None,
    chunk: int = 64,
) -> int:
    """Embed the phrasings of the collection's entries (or of `entry_ids`) that have no current
    vectors. Returns how many entries were embedded. `progress(done, total)` reports texts embedded.
    Works in chunks of entries, each saved in its own transaction, so an interrupted run resumes where
    it stopped. The index version is raised at the end and at most once a minute before, so that the
    processes serving questions do not rebuild their index after every chunk of a long import."""
    entries = FaqEntry.objects.filter(collection=collection).prefetch_related("translations")
    if entry_ids is not None:
        entries = entries.filter(pk__in=entry_ids)
    current = dict(
        FaqEmbedding.objects.filter(entry__collection=collection).values_list("entry_id", "source_hash")
    )
    pending = []
    for entry in entries.order_by("position", "id"):
        texts = [p.text for p in entry_phrasings(entry)]
        digest = source_hash(texts)
        if current.get(entry.pk) != digest:
            pending.append((entry, texts, digest))
    total = sum(len(texts) for _, texts, _ in pending)
    done = 0
    last_bump = time.monotonic()
    for start in range(0, len(pending), chunk):
        part = pending[start : start + chunk]
        flat = [text for _, texts, _ in part for text in texts]
        offset = done

        def report(n: int, offset: int = offset) -> None:
            if progress is not None:
                progress(offset + n, total)

        vectors = embed_phrasings(flat, progress=report)
        row = 0
        with transaction.atomic():
            for entry, texts, digest in part:
                FaqEmbedding.objects.update_or_create(
                    entry=entry,
                    defaults={
                        "model_name": MODEL_NAME,
                        "dimension": DIMENSION,
                        "texts": texts,
                        "vectors": vectors_to_bytes(vectors[row : row + len(texts)]),
                        "source_hash": digest,
                    },
                )
                row += len(texts)
            if time.monotonic() - last_bump > _BUMP_SECONDS:
                index_version_bump(collection.pk)
                last_bump = time.monotonic()
        done += len(flat)
    if pending:
        index_version_bump(collection.pk)
    return len(pending)
