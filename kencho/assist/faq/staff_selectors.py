"""Reads for the staff pages of the FAQ that selectors.py does not cover: every entry of a collection
(published or not) with its feedback, how far the embeddings of a collection have come, one entry by
key inside a collection already fetched through access.py, and a draft entry made from questions
residents asked (an unanswered-questions group)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Max, Q, QuerySet

from kencho.core.models import User

from .embeddings import source_hash
from .models import FaqCollection, FaqEmbedding, FaqEntry, FaqFeedback, FaqInquiry, FaqUnansweredQuery
from .phrasings import entry_phrasings
from .selectors import collections_for_staff, entry_feedback_counts

MAX_DRAFT_QUESTIONS = 50


@dataclass(frozen=True)
class EntryRow:
    entry: FaqEntry
    helpful: int
    unhelpful: int


def collections_overview(*, user: User) -> QuerySet[FaqCollection]:
    """The staff member's collections with counts: entries, open unanswered questions, new inquiries."""
    return collections_for_staff(user=user).annotate(
        entry_count=Count("entries", distinct=True),
        open_unanswered=Count("unanswered", filter=Q(unanswered__resolved_at__isnull=True), distinct=True),
        new_inquiries=Count("inquiries", filter=Q(inquiries__status=FaqInquiry.Status.NEW), distinct=True),
    )


def entry_rows(*, collection: FaqCollection) -> list[EntryRow]:
    """Every entry of the collection in its order, with (helpful, not helpful) feedback counts."""
    counts = entry_feedback_counts(collection=collection)
    entries = (
        FaqEntry.objects.filter(collection=collection)
        .select_related("category")
        .prefetch_related("translations")
        .order_by("position", "id")
    )
    return [EntryRow(entry, *counts.get(entry.pk, (0, 0))) for entry in entries]


def entry_in_collection(*, collection: FaqCollection, key: str) -> FaqEntry | None:
    """The entry with `key` in a collection the caller may manage (fetched through access.py)."""
    return (
        FaqEntry.objects.filter(collection=collection, key=key)
        .select_related("category")
        .prefetch_related("translations")
        .first()
    )


def embedding_progress(*, collection: FaqCollection) -> tuple[int, int]:
    """(entries whose stored embeddings match their current texts, entries): the searching by meaning
    is complete when both are equal. Computed from hashes only; nothing is embedded here."""
    stored = dict(
        FaqEmbedding.objects.filter(entry__collection=collection).values_list("entry_id", "source_hash")
    )
    entries = FaqEntry.objects.filter(collection=collection).prefetch_related("translations")
    done = total = 0
    for entry in entries:
        total += 1
        if stored.get(entry.pk) == source_hash([p.text for p in entry_phrasings(entry)]):
            done += 1
    return done, total


def category_names(*, collection: FaqCollection) -> list[str]:
    return list(collection.categories.order_by("position", "id").values_list("name_ja", flat=True))


def new_entry_key(*, collection: FaqCollection) -> str:
    """A key for an entry whose editor left the key empty: entry-<n>, the first n not in use."""
    last = FaqEntry.objects.filter(collection=collection).aggregate(m=Max("id"))["m"] or 0
    used = set(FaqEntry.objects.filter(collection=collection).values_list("key", flat=True))
    number = last + 1
    while f"entry-{number}" in used:
        number += 1
    return f"entry-{number}"


@dataclass(frozen=True)
class EntryDraft:
    """What a new entry starts from: the first question as the question, the others as alternative
    phrasings, and the unanswered questions that the entry will close once it is saved."""

    question: str
    alternatives: list[str]
    unanswered_ids: list[int]


def draft_from_asked(
    *, collection: FaqCollection, unanswered_ids: list[int], feedback_ids: list[int]
) -> EntryDraft | None:
    """A draft from the questions of a group (selectors.unanswered_groups), given by their record ids.
    Ids of other collections are ignored; None when none of the ids is the collection's."""
    unanswered = list(
        FaqUnansweredQuery.objects.filter(
            collection=collection, pk__in=unanswered_ids[:MAX_DRAFT_QUESTIONS]
        ).order_by("-created_at")
    )
    unhelpful = list(
        FaqFeedback.objects.filter(
            collection=collection, helpful=False, pk__in=feedback_ids[:MAX_DRAFT_QUESTIONS]
        )
        .exclude(query="")
        .order_by("-created_at")
    )
    asked = [row.query.strip() for row in unanswered] + [row.query.strip() for row in unhelpful]
    texts = list(dict.fromkeys(text for text in asked if text))
    if not texts:
        return None
    return EntryDraft(
        question=texts[0][:300],
        alternatives=[text[:300] for text in texts[1:]],
        unanswered_ids=[row.pk for row in unanswered if row.resolved_at is None],
    )
