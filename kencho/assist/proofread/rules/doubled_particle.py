"""The same case particle twice in one clause (会議室で会議で決めた), which makes the sentence hard
to follow. A clause ends at a 読点 or a predicate (a verb, an adjective, an auxiliary): in
影響を受けている学生の食生活を支える each を has a verb of its own, and that is fine.
の, に, と, も, や and か are left alone: they repeat naturally (AとBと, 県の職員の).
逆接の「が」 has a rule of its own."""

from __future__ import annotations

from collections.abc import Iterator

from ..document import CheckedText
from ..findings import Finding, Message
from .base import Rule, proofreading_rules

_WATCHED = frozenset({"は", "が", "を", "で", "へ", "より"})
_KINDS = frozenset({"格助詞", "係助詞"})
_CLAUSE_ENDS = frozenset({"動詞", "形容詞", "助動詞"})
_BREAKS = frozenset({"「", "」", "（", "）", "(", ")", "、", "，"})


@proofreading_rules.register("doubled_particle")
class DoubledParticleRule(Rule):
    title = Message("同じ助詞の連続", "The same particle twice in a sentence")
    order = 50

    def check(self, doc: CheckedText) -> Iterator[Finding]:
        for sentence in doc.sentences:
            seen: dict[str, int] = {}
            for word in doc.words_between(sentence.start, sentence.end):
                if word.pos[0] in _CLAUSE_ENDS or word.surface in _BREAKS:
                    seen.clear()
                    continue
                if word.pos[0] != "助詞" or word.pos[1] not in _KINDS or word.surface not in _WATCHED:
                    continue
                following = doc.text[word.end : word.end + 1]
                if word.surface in {"で", "と", "へ"} and following in {"は", "も"}:
                    continue  # では, でも, とは: the particle belongs to the pair
                if word.surface in seen:
                    yield self.finding(
                        word.start,
                        word.end,
                        f"一つの文に助詞「{word.surface}」が2回使われています。"
                        "文を分けるか言い換えてください。",
                        f"The particle 「{word.surface}」 appears twice in one clause; split it or rephrase.",
                    )
                seen[word.surface] = word.start
