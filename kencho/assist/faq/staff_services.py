"""Writes of the staff pages that combine the core's services: saving an entry written for a group of
unanswered questions closes those questions in the same transaction."""

from __future__ import annotations

from django.db import transaction

from kencho.core.models import User

from .models import FaqCollection, FaqEntry
from .records import unanswered_resolve
from .services import EntryContent, entry_save


def entry_save_answering(
    *, collection: FaqCollection, content: EntryContent, answers: list[int], actor: User
) -> FaqEntry:
    """Save the entry (services.entry_save, which raises ValidationError on bad content) and mark the
    unanswered questions `answers` (ids of the collection's FaqUnansweredQuery) as answered by it."""
    with transaction.atomic():
        entry = entry_save(collection=collection, content=content, actor=actor)
        if answers:
            unanswered_resolve(collection=collection, query_ids=answers, entry=entry, actor=actor)
    return entry
