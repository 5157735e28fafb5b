"""The texts an entry can be found by: its question, the alternative phrasings, the やさしい日本語
question and the questions of its translations. Search indexes and embeddings are built from these."""

from __future__ import annotations

from dataclasses import dataclass

from .languages import EASY_JAPANESE, detect_language
from .models import FaqEntry


@dataclass(frozen=True)
class Phrasing:
    text: str
    language: str


def entry_phrasings(entry: FaqEntry) -> list[Phrasing]:
    """In a fixed order (question first), without repeats. Reads prefetched translations when there are."""
    found: list[Phrasing] = [Phrasing(entry.question.strip(), "ja")]
    for alternative in entry.alternative_questions or []:
        text = str(alternative).strip()
        found.append(Phrasing(text, detect_language(text)))
    if entry.easy_question.strip():
        found.append(Phrasing(entry.easy_question.strip(), EASY_JAPANESE))
    found += [Phrasing(t.question.strip(), t.language) for t in entry.translations.all()]
    seen: set[str] = set()
    unique = []
    for phrasing in found:
        if phrasing.text and phrasing.text not in seen:
            seen.add(phrasing.text)
            unique.append(phrasing)
    return unique
