"""Sentences rewritten in the 要旨 style of summary minutes (〜である調), where it can be done
reliably: only the end of a sentence is touched, and only when Sudachi's analysis of it matches one
of the rules below; any other sentence is kept word for word.

- polite verb endings to plain ones, using the verb's conjugation type from Sudachi:
  検討しております → 検討している, 進めてまいります → 進めていく, 決めました → 決めた,
  書きました → 書いた, ありません → ない, 対応していませんでした → 対応していなかった;
- です after a noun → である (必要です → 必要である), after an adjective or たい/ない it is dropped
  (大きいです → 大きい); でした → であった; でございます → である; でしょう → だろう;
- questions: 〜について伺います / 質問します / お聞きしたいと思います → 〜について問う;
  a direct question 〜ですか / 〜でしょうか / 〜していますか → 〜か問う;
- requests: 〜をお願いします / お願いしたい → 〜を求める;
- with the "tonokoto" ending, statements end 〜とのこと (検討しているとのこと, 課題とのこと).

It does not shorten sentences, resolve pronouns, merge sentences or change any word before the
ending.
"""

from __future__ import annotations

import re

from kencho.core.search import Morpheme, morphemes

# Humble and polite verbs and their plain counterparts: (dictionary form, 連用形, conjugation type).
_PLAIN_VERBS = {
    "おる": ("いる", "い", "上一段"),
    "いたす": ("する", "し", "サ行変格"),
    "致す": ("する", "し", "サ行変格"),
    "まいる": ("いく", "いき", "五段-カ行"),
    "参る": ("いく", "いき", "五段-カ行"),
    "ござる": ("ある", "あり", "五段-ラ行"),
}
_GODAN_PAST = {"く": "いた", "ぐ": "いだ", "す": "した", "つ": "った", "る": "った", "う": "った"}
_GODAN_PAST.update(dict.fromkeys("ぬぶむ", "んだ"))
_GODAN_NEGATIVE = {
    "く": "か",
    "ぐ": "が",
    "す": "さ",
    "つ": "た",
    "る": "ら",
    "う": "わ",
    "ぬ": "な",
    "ぶ": "ば",
    "む": "ま",
}
_NOUN_LIKE = frozenset({"名詞", "代名詞", "形状詞", "接尾辞", "助詞"})
_QUESTION = re.compile(
    r"(?:お?伺い(?:する|したい|いたす)|伺う|伺いたい|お尋ね(?:する|したい)|お聞き(?:する|したい)|"
    r"ご?質問(?:する|したい|させていただく))(?:と思う|と考える)?$"
)
_REQUEST = re.compile(r"(を|よう|ように)?お願い(?:する|したい|いたす)(?:と思う|と考える)?$")


def _verb(word: Morpheme) -> tuple[str, str, str]:
    """(dictionary form, 連用形 as said, conjugation type), humble verbs made plain."""
    if word.dictionary_form in _PLAIN_VERBS:
        return _PLAIN_VERBS[word.dictionary_form]
    return word.dictionary_form, word.surface, word.part_of_speech[4]


def _past(word: Morpheme) -> str | None:
    base, stem, kind = _verb(word)
    if kind.startswith("五段"):
        if base in {"行く", "いく"}:
            return base[:-1] + "った"
        return base[:-1] + _GODAN_PAST[base[-1]] if base[-1:] in _GODAN_PAST else None
    return stem + "た"


def _negative_stem(word: Morpheme) -> str | None:
    """The verb before ない: 書か, 見, し. None for ある (whose negative is ない alone)."""
    base, stem, kind = _verb(word)
    if base == "ある":
        return ""
    if kind.startswith("五段"):
        return base[:-1] + _GODAN_NEGATIVE[base[-1]] if base[-1:] in _GODAN_NEGATIVE else None
    return stem


def _plain_ending(words: list[Morpheme]) -> str | None:
    """The sentence with its polite ending made plain, or None when no rule fits."""
    surfaces = [w.surface for w in words]
    tail = surfaces[-5:]

    def before(count: int) -> str:
        return "".join(surfaces[: len(surfaces) - count])

    def word(back: int) -> Morpheme | None:
        return words[-back] if len(words) >= back else None

    if tail[-3:] == ["で", "ござい", "ます"]:
        return before(3) + "である"
    if tail[-4:] == ["ませ", "ん", "でし", "た"] and (verb := word(5)):
        stem = _negative_stem(verb) if verb.part_of_speech[0] == "動詞" else None
        return None if stem is None else before(5) + stem + "なかった"
    if tail[-2:] == ["ませ", "ん"] and (verb := word(3)) and verb.part_of_speech[0] == "動詞":
        stem = _negative_stem(verb)
        return None if stem is None else before(3) + stem + "ない"
    if tail[-2:] == ["まし", "た"] and (verb := word(3)) and verb.part_of_speech[0] == "動詞":
        past = _past(verb)
        return None if past is None else before(3) + past
    if tail[-1:] == ["ます"] and (verb := word(2)) and verb.part_of_speech[0] == "動詞":
        return before(2) + _verb(verb)[0]
    if tail[-2:] == ["でし", "た"] and (noun := word(3)) and noun.part_of_speech[0] in _NOUN_LIKE:
        return before(2) + "であった"
    if tail[-1:] == ["でしょう"]:
        return before(1) + "だろう"
    if tail[-1:] == ["です"] and (previous := word(2)):
        if previous.part_of_speech[0] in _NOUN_LIKE:
            return before(1) + "である"
        if previous.part_of_speech[0] in {"形容詞", "助動詞"}:
            return before(1)
    return None


def to_summary_style(sentence: str, *, ending: str = "plain") -> str:
    """The sentence in 要旨 style, or as it was when no rule fits. Ends with 。"""
    body = sentence.strip().rstrip("。．.")
    question = body.endswith(("？", "?", "か"))
    if question:
        body = body.rstrip("？?")
        body = body[:-1] if body.endswith("か") else body
    words = [w for w in morphemes(body) if w.part_of_speech[0] != "空白"]
    if not words:
        return sentence
    plain = _plain_ending(words)
    if plain is None:
        return sentence.strip()
    if _QUESTION.search(plain):
        return _QUESTION.sub("問う", plain) + "。"
    if question:
        return plain.removesuffix("である") + "か問う。"
    if match := _REQUEST.search(plain):
        return plain[: match.start()] + (match[1] or "を") + "求める。"
    if ending == "tonokoto":
        return plain.removesuffix("である") + "とのこと。"
    return plain + "。"
