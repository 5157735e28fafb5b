"""Answering a question from a collection: the ranked entries in the language the asker reads, and
whether anything fits at all. The one entry point for the API, the chat widget and the full page.

A question for which nothing fits is logged (FaqUnansweredQuery) with its embedding, so staff can see
similar unanswered questions grouped (selectors.unanswered_groups)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .embeddings import vectors_to_bytes
from .fusion import FusionParameters
from .index import index_for
from .languages import EASY_JAPANESE, SERVED_LANGUAGE_CODES, detect_language
from .models import FaqCollection, FaqEntry, FaqUnansweredQuery
from .retrieval import Hit, Retriever, query_signals, rank

MAX_QUERY_LENGTH = 500
MAX_RESULTS = 20


@dataclass(frozen=True)
class Answer:
    entry: FaqEntry
    rank: int
    score: float
    similarity: float | None
    bm25: float
    matched_phrasing: str
    language: str  # the language served: "ja", "ja-easy" or a translation's code
    question: str
    answer_html: str


@dataclass(frozen=True)
class SearchResult:
    query: str
    query_language: str
    answers: list[Answer]
    no_good_match: bool
    confidence: float | None

    @property
    def top(self) -> Answer | None:
        return self.answers[0] if self.answers and not self.no_good_match else None

    @property
    def alternatives(self) -> list[Answer]:
        """The answers after the top one (2–4 of them for the chat)."""
        return self.answers[1:] if self.top else self.answers


def served_text(entry: FaqEntry, language: str) -> tuple[str, str, str]:
    """(language, question, answer) of the entry for a reader of `language`, falling back to Japanese."""
    if language == EASY_JAPANESE and entry.easy_question and entry.easy_answer:
        return EASY_JAPANESE, entry.easy_question, entry.easy_answer
    for translation in entry.translations.all():
        if translation.language == language:
            return language, translation.question, translation.answer
    return "ja", entry.question, entry.answer


_SPACES = re.compile(r"\s+")


def question_from_input(text: str) -> str:
    """A question as typed into a search box or a URL: control characters (NUL among them, which
    PostgreSQL refuses) dropped, runs of white space made one space, cut to MAX_QUERY_LENGTH."""
    printable = "".join(ch if ch.isprintable() else " " for ch in text)
    return _SPACES.sub(" ", printable).strip()[:MAX_QUERY_LENGTH]


def faq_search(
    *,
    collection: FaqCollection,
    query: str,
    k: int = 5,
    language: str | None = None,
    log_unanswered: bool = True,
    retriever: Retriever = Retriever.HYBRID,
) -> SearchResult:
    """Rank the collection's entries for `query` (cut to 500 characters), k between 1 and 20.
    `language` is what the asker reads (detected from the question when None)."""
    query = question_from_input(query)
    k = max(1, min(MAX_RESULTS, k))
    query_language = language if language in SERVED_LANGUAGE_CODES else detect_language(query)
    if not query:
        return SearchResult(query, query_language, [], True, None)
    index = index_for(collection)
    signals = query_signals(index, query, with_vector=retriever is not Retriever.BM25)
    ranking = rank(index, signals, FusionParameters.for_collection(collection), k=k, retriever=retriever)
    answers = _answers(ranking.hits, query_language)
    if ranking.no_good_match and log_unanswered:
        best = ranking.hits[0] if ranking.hits else None
        FaqUnansweredQuery.objects.create(
            collection=collection,
            query=query,
            language=query_language,
            best_entry_id=best.entry_id if best else None,
            best_score=ranking.confidence,
            vector=vectors_to_bytes(signals.vector) if signals.vector is not None else None,
        )
    return SearchResult(query, query_language, answers, ranking.no_good_match, ranking.confidence)


def _answers(hits: list[Hit], language: str) -> list[Answer]:
    entries = FaqEntry.objects.select_related("category").prefetch_related("translations")
    by_id = {e.pk: e for e in entries.filter(pk__in=[h.entry_id for h in hits])}
    answers: list[Answer] = []
    for hit in hits:
        entry = by_id.get(hit.entry_id)
        if entry is None:  # deleted since the index was built
            continue
        served, question, answer = served_text(entry, language)
        answers.append(
            Answer(
                entry=entry,
                rank=len(answers) + 1,
                score=hit.score,
                similarity=hit.similarity,
                bm25=hit.bm25,
                matched_phrasing=hit.phrasing,
                language=served,
                question=question,
                answer_html=answer,
            )
        )
    return answers
