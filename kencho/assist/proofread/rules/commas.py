"""Too many 読点 in one sentence: more than three 「、」 usually means two sentences."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from ..document import CheckedText
from ..findings import Finding, Message
from .base import Rule, proofreading_rules

_COMMAS = frozenset("、，,")


@proofreading_rules.register("too_many_commas")
class TooManyCommasRule(Rule):
    title = Message("読点が多すぎる文", "Too many commas in a sentence")
    order = 61
    max_commas: ClassVar[int] = 3

    def check(self, doc: CheckedText) -> Iterator[Finding]:
        for sentence in doc.sentences:
            count = 0
            for index in range(sentence.start, sentence.end):
                char = doc.text[index]
                # a comma between digits (1,000) is a thousands separator, not a 読点
                if char == "," and doc.text[index - 1 : index].isdigit():
                    continue
                if char in _COMMAS:
                    count += 1
                    if count == self.max_commas + 1:
                        yield self.finding(
                            index,
                            index + 1,
                            f"一文に読点が{self.max_commas}個を超えています。文を分けてください。",
                            f"More than {self.max_commas} commas in one sentence; split it.",
                        )
