"""The summary (発言要旨): per speaker turn, the sentences that carry its content, in 要旨 style.

Extractive and deterministic; no language model. Every sentence of the meeting gets a score:
- content: TF-IDF of its Sudachi content words (nouns, verbs, adjectives, in normalised form; the
  meeting's sentences are the documents), divided by the square root of its length so that long
  sentences do not win by length alone, scaled so the meeting's best sentence has 1;
- cue phrases: +0.5 for what minutes record (〜と考える, 〜について伺う, 〜を求める, 必要, 決定,
  了承, 検討, 対応, 予定, 方針, 課題, 要望);
- position: +0.15 for a turn's first sentence, +0.1 for its last (where questions are asked);
- courtesy (ありがとうございます, よろしくお願いします, 以上です, お疲れ様です) and sentences of
  under six characters score nothing and are never kept.
A turn keeps its best sentence when it has up to three, two of up to six, and three beyond, in the
order they were said; each kept sentence is rewritten by summary_style.py. Turns left with nothing
(greetings, "はい。") are not in the summary.

It does not paraphrase, merge sentences across turns or speakers, or judge what matters politically;
staff edit the result before it is exported.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from kencho.core.search import morphemes

from .sentences import split_sentences
from .style import MinutesStyle, minutes_style
from .summary_style import to_summary_style
from .transcript import Turn

_CONTENT_PARTS = frozenset({"名詞", "動詞", "形容詞", "形状詞"})
_STOP_WORDS = frozenset(
    {
        "こと",
        "もの",
        "ため",
        "よう",
        "方",
        "等",
        "件",
        "中",
        "時",
        "感じ",
        "形",
        "今",
        "点",
        "する",
        "ある",
        "いる",
        "なる",
        "できる",
        "思う",
        "言う",
    }
)
_CUES = re.compile(
    r"と考え|と思|伺|質問|問う|求め|お願い|要望|必要|べき|決定|了承|検討|対応|予定|方針|課題|懸念|提案|報告|承認|可決"
)
_COURTESY = re.compile(
    r"^(?:はい|ええ|では|それでは)?[、,]?"
    r"(?:ありがとうございま(?:す|した)|よろしくお願い(?:いた)?します|以上(?:です|でございます|となります)|"
    r"お疲れ(?:様|さま)でし?た?|おはようございます|こんにちは|失礼(?:いた)?します|承知(?:いた)?しました|"
    r"わかりました|分かりました|はい|ええ)[。！!]?$"
)


@dataclass(frozen=True)
class SummaryTurn:
    speaker: str
    points: list[str]


def _content_words(sentence: str) -> list[str]:
    return [
        m.normalized_form
        for m in morphemes(sentence)
        if m.part_of_speech[0] in _CONTENT_PARTS
        and m.part_of_speech[1] not in {"非自立可能", "数詞"}
        and m.normalized_form not in _STOP_WORDS
    ]


def _is_courtesy(sentence: str) -> bool:
    return len(sentence) < 6 or bool(_COURTESY.match(sentence))


def score_sentences(turns: Sequence[Turn]) -> list[list[tuple[str, float]]]:
    """Every turn's sentences with their scores, in order."""
    sentences = [[s.text for s in split_sentences(turn.text)] for turn in turns]
    words = [[_content_words(sentence) for sentence in turn] for turn in sentences]
    documents = [set(sentence_words) for turn in words for sentence_words in turn]
    frequency: Counter[str] = Counter(word for document in documents for word in document)
    count = len(documents)

    def content(sentence_words: list[str]) -> float:
        if not sentence_words:
            return 0.0
        counts = Counter(sentence_words)
        total = sum(n * (math.log((count + 1) / (frequency[w] + 1)) + 1) for w, n in counts.items())
        return total / math.sqrt(len(sentence_words))

    raw = [[content(sentence_words) for sentence_words in turn] for turn in words]
    best = max((score for turn in raw for score in turn), default=0.0) or 1.0
    scored: list[list[tuple[str, float]]] = []
    for turn_sentences, turn_scores in zip(sentences, raw, strict=True):
        result = []
        for index, (sentence, score) in enumerate(zip(turn_sentences, turn_scores, strict=True)):
            if _is_courtesy(sentence):
                result.append((sentence, 0.0))
                continue
            value = score / best + (0.5 if _CUES.search(sentence) else 0.0)
            value += 0.15 if index == 0 else 0.0
            value += 0.1 if index == len(turn_sentences) - 1 and index else 0.0
            result.append((sentence, value))
        scored.append(result)
    return scored


def _keep_count(sentence_count: int) -> int:
    return 1 if sentence_count <= 3 else 2 if sentence_count <= 6 else 3


def summarize(turns: Sequence[Turn], *, style: MinutesStyle | None = None) -> list[SummaryTurn]:
    """The 発言要旨 of the cleaned turns."""
    style = style or minutes_style()
    summary: list[SummaryTurn] = []
    for turn, scored in zip(turns, score_sentences(turns), strict=True):
        candidates = [(score, index) for index, (_, score) in enumerate(scored) if score > 0]
        keep = sorted(index for _, index in sorted(candidates, reverse=True)[: _keep_count(len(scored))])
        points = [to_summary_style(scored[index][0], ending=style.summary_ending) for index in keep]
        if points:
            summary.append(SummaryTurn(turn.speaker, points))
    return summary
