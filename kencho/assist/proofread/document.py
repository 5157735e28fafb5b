"""A text being proofread: its words (Sudachi, tokenised once and shared by every rule), its
sentences, and the parts no rule should touch (code and URLs in Markdown).

Every offset is a Python str index into `text` (a Unicode code point), the same offsets findings use.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from kencho.core.search import Morpheme, morphemes

from .terms import TermEntry

_SENTENCE_END = frozenset("。！？!?")
_OPENING_QUOTES = frozenset("「『（(")
_CLOSING_QUOTES = frozenset("」』）)")
_URL = re.compile(r"https?://[!-~]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_MARKDOWN_CODE = re.compile(r"^(```|~~~).*?^\1[^\n]*$|`[^`\n]+`", re.DOTALL | re.MULTILINE)
_MARKDOWN_LINK_TARGET = re.compile(r"\]\([^)\n]*\)")


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Word:
    """A morpheme with its place in the text."""

    start: int
    end: int
    surface: str
    pos: tuple[str, ...]  # 品詞 (four levels), 活用型, 活用形
    lemma: str  # dictionary form as written (見れる, 打合せ)
    normalized: str  # Sudachi's one spelling (見る, 打ち合わせ)
    reading: str  # katakana (クダサイ)

    @property
    def conjugation_type(self) -> str:
        return self.pos[4]

    @property
    def conjugation_form(self) -> str:
        return self.pos[5]


def _words(text: str) -> list[Word]:
    result: list[Word] = []
    offset = 0
    found: list[Morpheme] = morphemes(text) if text.strip() else []
    for m in found:
        end = offset + len(m.surface)
        result.append(
            Word(offset, end, m.surface, m.part_of_speech, m.dictionary_form, m.normalized_form, m.reading)
        )
        offset = end
    if offset != len(text):  # the surfaces must give the text back, or every offset would be wrong
        raise RuntimeError("Sudachi's morphemes do not cover the text")
    return result


class CheckedText:
    def __init__(self, text: str, *, markdown: bool = False, terms: tuple[TermEntry, ...] = ()) -> None:
        self.text = text
        self.markdown = markdown
        self.terms = terms

    @cached_property
    def words(self) -> list[Word]:
        return _words(self.text)

    @cached_property
    def _word_starts(self) -> list[int]:
        return [w.start for w in self.words]

    def words_between(self, start: int, end: int) -> list[Word]:
        """The words that begin inside [start, end)."""
        starts = self._word_starts
        return self.words[bisect.bisect_left(starts, start) : bisect.bisect_left(starts, end)]

    @cached_property
    def sentences(self) -> list[Span]:
        """Sentences end at 。！？ outside quotes and brackets, and at every line end."""
        spans: list[Span] = []
        text = self.text
        start = 0
        depth = 0
        index = 0
        length = len(text)
        while index < length:
            char = text[index]
            if char in _OPENING_QUOTES:
                depth += 1
            elif char in _CLOSING_QUOTES:
                depth = max(0, depth - 1)
            elif char == "\n" or (char in _SENTENCE_END and depth == 0):
                end = index + 1
                while end < length and text[end] in _CLOSING_QUOTES:
                    end += 1
                if char == "\n":
                    depth = 0
                spans.append(Span(start, end))
                start = index = end
                continue
            index += 1
        if start < length:
            spans.append(Span(start, length))
        return [s for s in spans if text[s.start : s.end].strip()]

    def sentence_text(self, span: Span) -> str:
        return self.text[span.start : span.end]

    @cached_property
    def ignored(self) -> list[Span]:
        """URLs and e-mail addresses; in Markdown also code and link targets."""
        patterns = [_URL]
        if self.markdown:
            patterns += [_MARKDOWN_CODE, _MARKDOWN_LINK_TARGET]
        spans = [Span(m.start(), m.end()) for p in patterns for m in p.finditer(self.text)]
        return sorted(spans, key=lambda s: s.start)

    def is_ignored(self, start: int, end: int) -> bool:
        return any(s.start < end and start < s.end for s in self.ignored)

    def lines(self) -> Iterator[Span]:
        start = 0
        for line in self.text.splitlines(keepends=True):
            yield Span(start, start + len(line.rstrip("\r\n")))
            start += len(line)
