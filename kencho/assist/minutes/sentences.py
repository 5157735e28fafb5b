"""Cutting a turn into sentences, with each sentence's place in the turn so that staff can find it."""

from __future__ import annotations

import re
from dataclasses import dataclass

_SENTENCE = re.compile(r"[^。？！?!]*(?:[。？！?!]+」?|$)")


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int  # offset of the first character in the turn's text
    end: int


def split_sentences(text: str) -> list[Sentence]:
    """The sentences of the text: each ends at 。？！ (with a closing 」 kept with it)."""
    sentences = []
    for match in _SENTENCE.finditer(text):
        raw = match[0]
        stripped = raw.strip()
        if not stripped:
            continue
        offset = match.start() + (len(raw) - len(raw.lstrip()))
        sentences.append(Sentence(stripped, offset, offset + len(stripped)))
    return sentences
