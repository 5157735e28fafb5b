"""逆接の「が」 twice in one sentence (…したが、…だが、…): the reader loses which way it turns."""

from __future__ import annotations

from collections.abc import Iterator

from ..document import CheckedText
from ..findings import Finding, Message
from .base import Rule, proofreading_rules


@proofreading_rules.register("doubled_ga")
class DoubledAdversativeGaRule(Rule):
    title = Message("逆接の「が」の連続", "Adversative が twice in a sentence")
    order = 52

    def check(self, doc: CheckedText) -> Iterator[Finding]:
        for sentence in doc.sentences:
            seen = 0
            for word in doc.words_between(sentence.start, sentence.end):
                if word.surface == "が" and word.pos[:2] == ("助詞", "接続助詞"):
                    seen += 1
                    if seen == 2:
                        yield self.finding(
                            word.start,
                            word.end,
                            "逆接の「が」が一つの文に2回あります。文を分けてください。",
                            "The adversative 「が」 (but) appears twice in one sentence; split the sentence.",
                        )
