"""ひらがなで書く語 of 公用文作成の考え方 (2022): 形式名詞 (こと, とき, ため), 補助動詞 and 補助形容詞
(〜てください, 〜ていただく, 〜ている), and some adverbs and 連体詞 (あらかじめ, ぜひ, その).

Whether 事 or 時 is a 形式名詞 depends on what comes before it, so each word has a condition:
  always        — always in kana in 公用文 (出来る, 下さる, 有る, 予め)
  formal_noun   — after a verb, an auxiliary, an adjective, a 連体詞 or の (行う事, その時)
  auxiliary     — after the て of a verb, or after お/ご and a noun (ご協力頂き, お願い致します)
The kana is Sudachi's reading of the word as written, so the ending stays as it was (下さい → ください).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import jaconv

from ..document import CheckedText, Word
from ..findings import Finding, Message
from .base import Rule, proofreading_rules

ALWAYS = "always"
FORMAL_NOUN = "formal_noun"
AUXILIARY = "auxiliary"

KANA_WORDS: dict[str, str] = {
    # verbs and adjectives, by dictionary form
    "出来る": ALWAYS,
    "下さる": ALWAYS,
    "有る": ALWAYS,
    "居る": ALWAYS,
    "無い": ALWAYS,
    "頂く": AUXILIARY,
    "致す": AUXILIARY,
    "貰う": AUXILIARY,
    "欲しい": AUXILIARY,
    "行く": AUXILIARY,
    "来る": AUXILIARY,
    "置く": AUXILIARY,
    "見る": AUXILIARY,
    "良い": AUXILIARY,
    # 形式名詞
    "事": FORMAL_NOUN,
    "時": FORMAL_NOUN,
    "為": FORMAL_NOUN,
    "訳": FORMAL_NOUN,
    "筈": FORMAL_NOUN,
    "様": FORMAL_NOUN,
    "通り": FORMAL_NOUN,
    # adverbs, 連体詞, particles
    "予め": ALWAYS,
    "是非": ALWAYS,
    "殆ど": ALWAYS,
    "沢山": ALWAYS,
    "色々": ALWAYS,
    "丁度": ALWAYS,
    "敢えて": ALWAYS,
    "何故": ALWAYS,
    "宜しく": ALWAYS,
    "有難う": ALWAYS,
    "其の": ALWAYS,
    "此の": ALWAYS,
    "迄": ALWAYS,
    "位": ALWAYS,
}
_NOT_AS = {"位": ("名詞",), "様": ("名詞", "接尾辞"), "通り": ("接尾辞",)}
_MODIFIERS = frozenset({"動詞", "助動詞", "形容詞", "連体詞"})
_COMPARATIVE = re.compile(r"(よい|良い|いい|望まし|多い|少な|早い|便利|安全|確実|適当)")


def _after_te(words: list[Word], index: int) -> bool:
    before = words[index - 1] if index > 0 else None
    if before is not None and before.surface in {"て", "で"} and before.pos[1] == "接続助詞":
        return True
    honorific = words[index - 2] if index > 1 else None
    return (
        honorific is not None
        and honorific.surface in {"お", "ご", "御"}
        and before is not None
        and before.pos[0] == "名詞"
    )


def _after_modifier(words: list[Word], index: int) -> bool:
    before = words[index - 1] if index > 0 else None
    if before is None:
        return False
    return before.pos[0] in _MODIFIERS or (before.surface == "の" and before.pos[1] == "格助詞")


@proofreading_rules.register("kana_words")
class KanaWordsRule(Rule):
    title = Message("ひらがなで書く語（公用文）", "Words written in kana in official documents")
    order = 110
    off_by_default_for = frozenset({"internal"})

    def check(self, doc: CheckedText) -> Iterator[Finding]:
        words = doc.words
        for index, word in enumerate(words):
            condition = KANA_WORDS.get(word.lemma)
            if condition is None or word.surface.isascii() or word.pos[0] in _NOT_AS.get(word.lemma, ()):
                continue
            if not any("\u4e00" <= c <= "\u9fff" for c in word.surface):
                continue
            if condition == AUXILIARY and not _after_te(words, index):
                continue
            if condition == FORMAL_NOUN and not _after_modifier(words, index):
                continue
            yield self._finding(word.start, word.end, word.surface, jaconv.kata2hira(word.reading))
        yield from self._comparative_hou(doc)

    def _comparative_hou(self, doc: CheckedText) -> Iterator[Finding]:
        """方 in a comparison (早く申し込んだ方がよい) is ほう; 方 meaning a person stays."""
        words = doc.words
        for index, word in enumerate(words[1:-1], start=1):
            if word.surface != "方" or words[index + 1].surface != "が" or not _after_modifier(words, index):
                continue
            rest = doc.text[words[index + 1].end : words[index + 1].end + 20]
            if _COMPARATIVE.match(rest.lstrip("、")):
                yield self._finding(word.start, word.end, "方", "ほう")

    def _finding(self, start: int, end: int, found: str, kana: str) -> Finding:
        return self.finding(
            start,
            end,
            f"公用文では「{found}」を「{kana}」と仮名で書きます。",
            f"Official documents write 「{found}」 in kana: 「{kana}」.",
            kana,
        )
