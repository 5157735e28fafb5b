"""Conjunctions in 公用文: 及び, 並びに, 又は, 若しくは are written in kanji, and other conjunctions
in kana (ただし, なお, したがって, しかし, すなわち), as 公用文作成の考え方 (2022) sets out."""

from __future__ import annotations

from collections.abc import Iterator

from ..document import CheckedText
from ..findings import Finding, Message
from .base import Rule, proofreading_rules

TO_KANJI = {"および": "及び", "ならびに": "並びに", "もしくは": "若しくは", "並に": "並びに", "及": "及び"}
TO_KANA = {
    "但し": "ただし",
    "尚": "なお",
    "猶": "なお",
    "従って": "したがって",
    "然し": "しかし",
    "即ち": "すなわち",
    "或いは": "あるいは",
    "然るに": "しかるに",
    "故に": "ゆえに",
    "又": "また",
}


@proofreading_rules.register("koyobun_conjunctions")
class OfficialConjunctionsRule(Rule):
    title = Message(
        "接続詞の表記（及び・並びに・又は・若しくは）", "How conjunctions are written (及び, 又は...)"
    )
    order = 100
    off_by_default_for = frozenset({"internal"})

    def check(self, doc: CheckedText) -> Iterator[Finding]:
        words = doc.words
        for index, word in enumerate(words):
            following = words[index + 1] if index + 1 < len(words) else None
            is_conjunction = word.pos[0] == "接続詞"
            # または and 又は are また/又 followed by は
            followed_by_ha = following is not None and following.surface == "は"
            if word.surface == "また" and is_conjunction and following is not None and followed_by_ha:
                yield self._finding(word.start, following.end, "または", "又は")
            elif word.surface == "又" and followed_by_ha:
                continue
            elif is_conjunction and word.surface in TO_KANJI:
                yield self._finding(word.start, word.end, word.surface, TO_KANJI[word.surface])
            elif is_conjunction and word.surface in TO_KANA:
                yield self._finding(word.start, word.end, word.surface, TO_KANA[word.surface])
            elif word.surface == "従っ" and following is not None and following.surface == "て":
                start_of_sentence = index == 0 or words[index - 1].pos[0] in {"補助記号", "空白"}
                if start_of_sentence and doc.text[following.end : following.end + 1] in {"、", "，"}:
                    yield self._finding(word.start, following.end, "従って", "したがって")

    def _finding(self, start: int, end: int, found: str, suggestion: str) -> Finding:
        if suggestion in TO_KANJI.values() or suggestion == "又は":
            ja = f"公用文では接続詞「{found}」を漢字で「{suggestion}」と書きます。"
            en = f"Official documents write the conjunction 「{found}」 in kanji: 「{suggestion}」."
        else:
            ja = f"公用文では接続詞「{found}」を仮名で「{suggestion}」と書きます。"
            en = f"Official documents write the conjunction 「{found}」 in kana: 「{suggestion}」."
        return self.finding(start, end, ja, en, suggestion)
