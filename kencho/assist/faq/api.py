"""GET /api/v1/faq/{collection}/search?q=...&k=5 — the ranked entries for a question.

Anonymous for public collections (limited per client address, throttle.py); staff-only collections
answer staff API tokens and are "not found" to everyone else. Scores: `score` is the fused rank score
(reciprocal rank fusion, only comparable within one response), `similarity` the cosine similarity of
the question to the entry's best phrasing, `bm25` the keyword score. `no_good_match` is true when the
top entry probably does not answer the question: show the contact (hand-over) form then."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from pydantic import field_validator

from kencho.core.api import ErrorsOut
from kencho.core.tokens import OptionalTokenAuth

from .access import collection_for_asker
from .languages import SERVED_LANGUAGE_CODES
from .richtext import answer_plain_text
from .search import MAX_QUERY_LENGTH, MAX_RESULTS, faq_search
from .throttle import search_allowed, searches_per_minute

router = Router(tags=["FAQ"])


class SearchIn(Schema):
    q: str = Field(..., min_length=1, max_length=MAX_QUERY_LENGTH, description="質問 / the question")
    k: int = Field(5, ge=1, le=MAX_RESULTS, description="件数 / number of entries (1–20)")
    lang: str | None = Field(
        None,
        description="回答の言語（ja, ja-easy, en ...）。省略時は質問の文字から推定 / language to answer in",
    )

    @field_validator("lang")
    @classmethod
    def _known_language(cls, value: str | None) -> str | None:
        if value is not None and value not in SERVED_LANGUAGE_CODES:
            raise ValueError(f"unknown language; use one of {', '.join(sorted(SERVED_LANGUAGE_CODES))}")
        return value


class ResultOut(Schema):
    id: int
    key: str
    rank: int
    score: float
    similarity: float | None
    bm25: float
    question: str
    answer: str = Field(..., description="回答（安全なHTML）/ the answer as sanitised HTML")
    answer_text: str = Field(..., description="回答（テキスト）/ the answer as plain text")
    category: str | None
    language: str = Field(..., description="返した言語 / the language served")
    matched_phrasing: str


class SearchOut(Schema):
    collection: str
    query: str
    query_language: str
    no_good_match: bool
    confidence: float | None
    results: list[ResultOut]


def _error(status: int, code: str, ja: str, en: str, field: str | None = None) -> Status:
    return Status(status, {"errors": [{"field": field, "code": code, "message": {"ja": ja, "en": en}}]})


@router.get(
    "/faq/{collection}/search",
    response={200: SearchOut, 404: ErrorsOut, 422: ErrorsOut, 429: ErrorsOut},
    summary="FAQを検索する / Search a FAQ collection",
    auth=OptionalTokenAuth(),
)
def faq_search_api(request: HttpRequest, collection: str, params: Query[SearchIn]) -> Any:
    user = request.auth if getattr(request.auth, "is_authenticated", False) else None  # type: ignore[attr-defined]
    found = collection_for_asker(user=user, slug=collection)
    if not params.q.strip():
        return _error(422, "blank", "質問を入力してください。", "Type a question.", "q")
    if user is None and not search_allowed(request):
        return _error(
            429,
            "rate_limited",
            f"検索が多すぎます。1分あたり{searches_per_minute()}回までです。少し待ってからお試しください。",
            f"Too many searches: at most {searches_per_minute()} a minute. Wait a moment and try again.",
        )
    result = faq_search(collection=found, query=params.q, k=params.k, language=params.lang)
    return {
        "collection": found.slug,
        "query": result.query,
        "query_language": result.query_language,
        "no_good_match": result.no_good_match,
        "confidence": result.confidence,
        "results": [
            {
                "id": a.entry.pk,
                "key": a.entry.key,
                "rank": a.rank,
                "score": a.score,
                "similarity": a.similarity,
                "bm25": a.bm25,
                "question": a.question,
                "answer": a.answer_html,
                "answer_text": answer_plain_text(a.answer_html),
                "category": a.entry.category.name if a.entry.category else None,
                "language": a.language,
                "matched_phrasing": a.matched_phrasing,
            }
            for a in result.answers
        ],
    }
