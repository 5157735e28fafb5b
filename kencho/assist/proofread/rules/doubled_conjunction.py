"""The same conjunction opening two sentences in a row (しかし、…。しかし、…。)."""

from __future__ import annotations

from collections.abc import Iterator

from ..document import CheckedText
from ..findings import Finding, Message
from .base import Rule, proofreading_rules


@proofreading_rules.register("doubled_conjunction")
class DoubledConjunctionRule(Rule):
    title = Message("同じ接続詞の連続", "The same conjunction in consecutive sentences")
    order = 51

    def check(self, doc: CheckedText) -> Iterator[Finding]:
        previous = ""
        for sentence in doc.sentences:
            words = [w for w in doc.words_between(sentence.start, sentence.end) if w.pos[0] != "空白"]
            first = words[0] if words else None
            current = first.surface if first is not None and first.pos[0] == "接続詞" else ""
            if first is not None and current and current == previous:
                yield self.finding(
                    first.start,
                    first.end,
                    f"前の文と同じ接続詞「{current}」で始まっています。",
                    f"This sentence opens with 「{current}」, like the one before it.",
                )
            previous = current
