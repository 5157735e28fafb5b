from __future__ import annotations

from celery import shared_task

from .models import FaqCollection
from .vectors import entries_embed


@shared_task(acks_late=True)
def embed_entries(*, collection_id: int, entry_ids: list[int]) -> int:
    """Embed changed entries after an edit or an import. Safe to run twice: current rows are skipped."""
    collection = FaqCollection.objects.filter(pk=collection_id).first()
    if collection is None:
        return 0
    return entries_embed(collection=collection, entry_ids=entry_ids)
