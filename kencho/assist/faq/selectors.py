"""Reads for the FAQ pages: what a visitor may ask, entries to browse, and for staff the inquiries of
their units and the questions the FAQ did not answer, grouped by similarity."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

import numpy as np
from django.db.models import Count, Q, QuerySet

from kencho.core.access import staff_unit_ids
from kencho.core.models import User

from .embeddings import embed_query, vectors_from_bytes
from .models import FaqCollection, FaqEntry, FaqFeedback, FaqInquiry, FaqUnansweredQuery

GROUP_SIMILARITY = 0.9  # two questions this similar (cosine, E5) are put in one group


def collections_for_asker(*, user: User | None) -> QuerySet[FaqCollection]:
    collections = FaqCollection.objects.filter(is_active=True)
    if user is None or not user.is_authenticated or user.kind != User.Kind.STAFF:
        collections = collections.filter(audience=FaqCollection.Audience.PUBLIC)
    return collections.order_by("slug")


def collections_for_staff(*, user: User) -> QuerySet[FaqCollection]:
    units = staff_unit_ids(user)
    collections = FaqCollection.objects.select_related("owner_unit")
    return collections if units is None else collections.filter(owner_unit_id__in=units)


def collection_entries(*, collection: FaqCollection, category_id: int | None = None) -> QuerySet[FaqEntry]:
    """The active entries for browsing, in their order, with category and translations."""
    entries = FaqEntry.objects.filter(collection=collection, is_active=True)
    if category_id is not None:
        entries = entries.filter(category_id=category_id)
    return entries.select_related("category").prefetch_related("translations").order_by("position", "id")


def inquiries_for_staff(*, viewer: User, status: str | None = None) -> QuerySet[FaqInquiry]:
    """Inquiries of the viewer's units, for a list: without the personal fields (open one through
    access.inquiry_for_staff, which is audited)."""
    units = staff_unit_ids(viewer)
    inquiries = FaqInquiry.objects.select_related("collection", "unit").only(
        "id",
        "created_at",
        "status",
        "query",
        "language",
        "collection__slug",
        "collection__title_ja",
        "collection__title_en",
        "unit__name_ja",
        "unit__name_en",
    )
    if units is not None:
        inquiries = inquiries.filter(unit_id__in=units)
    if status:
        inquiries = inquiries.filter(status=status)
    return inquiries.order_by("-created_at")


def entry_feedback_counts(*, collection: FaqCollection) -> dict[int, tuple[int, int]]:
    """Per entry id: (helpful, not helpful)."""
    rows = (
        FaqFeedback.objects.filter(collection=collection, entry__isnull=False)
        .values("entry_id")
        .annotate(yes=Count("id", filter=Q(helpful=True)), no=Count("id", filter=Q(helpful=False)))
    )
    return {row["entry_id"]: (row["yes"], row["no"]) for row in rows}


@dataclass(frozen=True)
class AskedQuestion:
    text: str
    kind: str  # "unanswered" (nothing fitted) or "unhelpful" (the answer was rated as not solving it)
    record_id: int
    created_at: datetime.datetime
    entry_id: int | None  # the entry shown (unhelpful) or the nearest one (unanswered)


@dataclass
class QuestionGroup:
    """Similar questions, for one new or better entry. `text` is the first question of the group."""

    text: str
    questions: list[AskedQuestion] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.questions)


def unanswered_groups(
    *,
    collection: FaqCollection,
    since: datetime.datetime | None = None,
    similarity: float = GROUP_SIMILARITY,
    limit: int = 500,
) -> list[QuestionGroup]:
    """Open unanswered questions and questions whose answer was rated unhelpful, grouped greedily by
    the cosine similarity of their embeddings; the largest groups first."""
    unanswered = FaqUnansweredQuery.objects.filter(collection=collection, resolved_at__isnull=True)
    unhelpful = FaqFeedback.objects.filter(collection=collection, helpful=False).exclude(query="")
    if since is not None:
        unanswered = unanswered.filter(created_at__gte=since)
        unhelpful = unhelpful.filter(created_at__gte=since)
    asked: list[tuple[AskedQuestion, np.ndarray]] = []
    for row in unanswered.order_by("-created_at")[:limit]:
        vector = vectors_from_bytes(row.vector)[0] if row.vector else embed_query(row.query)
        asked.append(
            (AskedQuestion(row.query, "unanswered", row.pk, row.created_at, row.best_entry_id), vector)
        )
    for feedback in unhelpful.order_by("-created_at")[:limit]:
        question = AskedQuestion(
            feedback.query, "unhelpful", feedback.pk, feedback.created_at, feedback.entry_id
        )
        asked.append((question, embed_query(feedback.query)))
    groups: list[QuestionGroup] = []
    centres: list[np.ndarray] = []
    for question, vector in asked:
        scores = [float(centre @ vector) for centre in centres]
        best = int(np.argmax(scores)) if scores else -1
        if best >= 0 and scores[best] >= similarity:
            groups[best].questions.append(question)
        else:
            groups.append(QuestionGroup(question.text, [question]))
            centres.append(vector)
    return sorted(groups, key=lambda g: -g.size)
