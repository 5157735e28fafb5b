"""Long sentences. 公用文作成の考え方 (2022) asks for sentences of about 50 to 60 characters; the
rule flags those over 100 (the figure textlint's technical-writing preset uses), counting characters
without surrounding spaces."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from ..document import CheckedText
from ..findings import Finding, Message
from .base import Rule, proofreading_rules


@proofreading_rules.register("sentence_length")
class SentenceLengthRule(Rule):
    title = Message("長すぎる文", "Long sentences")
    order = 60
    max_length: ClassVar[int] = 100

    def check(self, doc: CheckedText) -> Iterator[Finding]:
        for sentence in doc.sentences:
            text = doc.sentence_text(sentence)
            body = text.strip()
            if len(body) <= self.max_length:
                continue
            start = sentence.start + (len(text) - len(text.lstrip()))
            yield self.finding(
                start,
                start + len(body),
                f"一文が{len(body)}字あります。{self.max_length}字以内を目安に分けてください。",
                f"This sentence has {len(body)} characters; split it to {self.max_length} or fewer.",
            )
