"""並びに and 若しくは join the larger groups only when 及び or 又は join the smaller ones inside the
same sentence (A及びB並びにC; A若しくはB又はC). Alone, 及び and 又は are the words to use."""

from __future__ import annotations

from collections.abc import Iterator

from ..document import CheckedText
from ..findings import Finding, Message
from .base import Rule, proofreading_rules

_LEVELS = {"並びに": ("及び", "および"), "若しくは": ("又は", "または")}


@proofreading_rules.register("conjunction_levels")
class ConjunctionLevelsRule(Rule):
    title = Message("並びに・若しくはの使い方", "並びに and 若しくは without 及び or 又は")
    order = 101
    off_by_default_for = frozenset({"internal", "newsletter"})

    def check(self, doc: CheckedText) -> Iterator[Finding]:
        for sentence in doc.sentences:
            text = doc.sentence_text(sentence)
            for upper, lower in _LEVELS.items():
                position = text.find(upper)
                if position < 0 or any(word in text for word in lower):
                    continue
                start = sentence.start + position
                yield self.finding(
                    start,
                    start + len(upper),
                    f"「{upper}」は「{lower[0]}」と組み合わせて使います。"
                    f"一段階だけの接続なら「{lower[0]}」です。",
                    f"「{upper}」 is used only above 「{lower[0]}」 in the same sentence; "
                    f"alone, write 「{lower[0]}」.",
                    lower[0],
                )
