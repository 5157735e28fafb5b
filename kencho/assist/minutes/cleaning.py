"""Verbatim-cleaned minutes (ケバ取り・整文): what was said, without the noise of speech.

Per speaker turn, in this order:
1. Consecutive utterances of one speaker become one turn (subtitle cues split sentences).
2. Width: full-width digits and letters to half-width, half-width katakana to full-width.
3. Fillers, by Sudachi's tags and a short list: words tagged 感動詞/フィラー (えー, あのー, えーっと,
   そのー, んー), hesitations Sudachi tags 感動詞/一般 (えっと, あー, うーん), and あの, その, まあ, ま,
   なんか when a comma follows them (あの件 stays). The comma after a removed filler goes too, and
   "ですね" or "ね" right after a particle (本日はですね、) is dropped.
4. Repeated words: the same one to four words said twice in a row (ここでここで) are said once.
5. False starts: a fragment before a comma that the next phrase restarts is dropped: こ、この /
   け、計画 (by reading) / 予算の、予算案の (a noun restarted as a longer one).
6. Numbers and dates in the house style (see numerals.py and style.py).
7. Punctuation tidied: doubled commas, a comma before a full stop, spaces between Japanese
   characters; a turn ends with a full stop.

It does not reorder words, correct grammar, fix misrecognised words or change the meaning: 「はい」
and 「ええ」 as answers, and every content word, stay.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from kencho.core.search import Morpheme, morphemes

from .numerals import arabic_numerals, normalize_width, restyle_dates
from .style import MinutesStyle, minutes_style
from .transcript import Turn, Utterance

_HESITATIONS = frozenset(
    {
        "えー",
        "えーー",
        "ええー",
        "えっ",
        "えーと",
        "ええと",
        "えーっと",
        "あー",
        "あーっ",
        "うーん",
        "うーむ",
        "んー",
        "うー",
    }
)
_FILLERS_BEFORE_COMMA = frozenset({"あの", "その", "まあ", "ま", "まー", "なんか", "こう"})
_COMMA = frozenset({"、", ",", "，"})
_PARTICLES_AT_END = "のがはをにでともへやから"
_KANA_ONLY = re.compile(r"^[\u3041-\u309f\u30a0-\u30ff]{1,2}$")
_HAS_KANJI_OR_KATAKANA = re.compile(r"[\u3400-\u9fff\u30a0-\u30ff]")
_JAPANESE = r"[\u3000-\u30ff\u3400-\u9fff\uff01-\uff5e]"
_SPACE_BETWEEN_JAPANESE = re.compile(rf"(?<={_JAPANESE})[ \u3000\t]+|[ \u3000\t]+(?={_JAPANESE})")


def _is_comma(morpheme: Morpheme) -> bool:
    return morpheme.surface in _COMMA or morpheme.part_of_speech[:2] == ("補助記号", "読点")


def _is_filler(morpheme: Morpheme) -> bool:
    return morpheme.part_of_speech[:2] == ("感動詞", "フィラー") or (
        morpheme.part_of_speech[0] == "感動詞" and morpheme.surface in _HESITATIONS
    )


def _is_space(morpheme: Morpheme) -> bool:
    return morpheme.part_of_speech[0] == "空白"


def merge_turns(utterances: Iterable[Utterance]) -> list[Turn]:
    """Consecutive utterances of one speaker joined into one turn."""
    turns: list[Turn] = []
    for utterance in utterances:
        text = utterance.text.strip()
        if not text:
            continue
        if turns and turns[-1].speaker == utterance.speaker:
            previous = turns[-1]
            joiner = " " if previous.text[-1:].isascii() and text[:1].isascii() else ""
            turns[-1] = Turn(previous.speaker, previous.text + joiner + text, previous.start)
        else:
            turns.append(Turn(utterance.speaker, text, utterance.start))
    return turns


def _drop_fillers(words: list[Morpheme]) -> list[Morpheme]:
    kept: list[Morpheme] = []
    index = 0
    while index < len(words):
        word = words[index]
        following = words[index + 1] if index + 1 < len(words) else None
        drop = 0
        if _is_filler(word):
            drop = 1
            # えっ + と, んー + と: the と belongs to the hesitation when a comma or nothing follows.
            after = words[index + 2] if index + 2 < len(words) else None
            if following is not None and following.surface == "と" and (after is None or _is_comma(after)):
                drop = 2
        elif word.surface in _FILLERS_BEFORE_COMMA and following is not None:
            drop = 1 if _is_comma(following) or _is_filler(following) else 0  # あの、 / あの+う
        elif word.surface == "です" and following is not None and following.surface == "ね":
            if not kept or kept[-1].part_of_speech[0] == "助詞" or _is_comma(kept[-1]):
                drop = 2  # 本日はですね、 → 本日は
        elif (
            word.surface in {"ね", "さ"}
            and word.part_of_speech[:2] == ("助詞", "終助詞")
            and kept
            and kept[-1].part_of_speech[0] == "助詞"
            and following is not None
            and _is_comma(following)
        ):
            drop = 1  # これがね、 → これが、
        if not drop:
            kept.append(word)
            index += 1
            continue
        index += drop
        if kept and not _is_comma(kept[-1]) and word.surface in {"ね", "さ"}:
            continue  # これがね、大事 → これが、大事: the comma stays where the particle was
        while index < len(words) and (_is_comma(words[index]) or _is_space(words[index])):
            index += 1
        if kept and _is_comma(kept[-1]) and index < len(words) and words[index].part_of_speech[1] == "句点":
            kept.pop()
    return kept


def _drop_repeats(words: list[Morpheme]) -> list[Morpheme]:
    """ここでここで → ここで: the same run of one to four words said twice without a pause."""
    index = 0
    result = list(words)
    while index < len(result):
        for size in (4, 3, 2, 1):
            first = result[index : index + size]
            second = result[index + size : index + 2 * size]
            if len(second) < size or [w.surface for w in first] != [w.surface for w in second]:
                continue
            text = "".join(w.surface for w in first)
            if (
                len(text) >= 2
                and any(w.part_of_speech[0] not in {"助詞", "助動詞", "補助記号", "空白"} for w in first)
                and not any(w.part_of_speech[1] == "数詞" for w in first)
            ):
                del result[index : index + size]
                break
        else:
            index += 1
    return result


def _segments(words: list[Morpheme]) -> list[list[Morpheme]]:
    """The words cut after each comma; a segment keeps its comma at its end."""
    segments: list[list[Morpheme]] = [[]]
    for word in words:
        segments[-1].append(word)
        if _is_comma(word):
            segments.append([])
    return [segment for segment in segments if segment]


def _katakana(text: str) -> str:
    return "".join(chr(ord(char) + 0x60) if "\u3041" <= char <= "\u3096" else char for char in text)


def _is_false_start(segment: list[Morpheme], following: list[Morpheme]) -> bool:
    if not segment or not _is_comma(segment[-1]) or not following:
        return False
    said = "".join(w.surface for w in segment[:-1]).strip()
    restart = "".join(w.surface for w in following).strip()
    if not said or said == restart:
        return bool(said) and len(said) <= 2  # "はい、はい" said twice
    if _KANA_ONLY.match(said):  # こ、この / け、計画
        reading = "".join(w.reading for w in following[:2])
        return restart.startswith(said) or reading.startswith(_katakana(said))
    core = said.rstrip(_PARTICLES_AT_END)
    return (
        len(said) <= 8
        and len(core) >= 2
        and bool(_HAS_KANJI_OR_KATAKANA.search(core))
        and restart.startswith(core)
    )


def _drop_false_starts(words: list[Morpheme]) -> list[Morpheme]:
    segments = _segments(words)
    kept: list[list[Morpheme]] = []
    for index, segment in enumerate(segments):
        following = segments[index + 1] if index + 1 < len(segments) else []
        if not _is_false_start(segment, following):
            kept.append(segment)
    return [word for segment in kept for word in segment]


def _tidy(text: str) -> str:
    text = _SPACE_BETWEEN_JAPANESE.sub("", text)
    text = re.sub(r" {2,}", " ", text)
    text = re.sub(r"、{2,}", "、", text)
    text = re.sub(r"、+(?=[。？！?!」）])", "", text)
    text = re.sub(r"(?<=[。？！?!])[、。]+", "", text)
    text = re.sub(r"^[、。\s]+", "", text).strip()
    if text and re.search(r"[\u3041-\u30ff\u3400-\u9fff\w]$", text):
        text += "。"
    return text


def clean_text(text: str, *, style: MinutesStyle | None = None) -> str:
    """One turn's words, verbatim-cleaned (steps 2 to 7 above)."""
    style = style or minutes_style()
    text = _SPACE_BETWEEN_JAPANESE.sub("", normalize_width(text)).strip()
    if not text:
        return ""
    words = _drop_false_starts(_drop_repeats(_drop_fillers(morphemes(text))))
    surfaces = arabic_numerals(words) if style.arabic_numerals else [w.surface for w in words]
    return restyle_dates(_tidy("".join(surfaces)), style.date_style)


def clean_transcript(utterances: Iterable[Utterance], *, style: MinutesStyle | None = None) -> list[Turn]:
    """The verbatim-cleaned turns; turns left empty (only fillers) are dropped and their neighbours
    merged when the same person spoke on both sides."""
    style = style or minutes_style()
    cleaned = [
        Utterance(t.speaker, clean_text(t.text, style=style), t.start) for t in merge_turns(utterances)
    ]
    return merge_turns(u for u in cleaned if u.text)
