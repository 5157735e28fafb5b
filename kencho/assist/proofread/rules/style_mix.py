"""である調 and ですます調 mixed in one document. The style most sentences use wins; each sentence
ending in the other style is flagged. Headings and list items without 。 are not counted."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..document import CheckedText
from ..findings import Finding, Message
from .base import Rule, proofreading_rules

_END = r"(?=[」』）)]*[。！？!?]\s*$)"
_POLITE = re.compile(r"(です|ます|でした|ました|ません|でしょう|ましょう|ください)" + _END)
_PLAIN = re.compile(r"(である|であった|であろう|ではない|ではなかった|だった|だ)" + _END)
_TO_POLITE = {
    "である": "です",
    "であった": "でした",
    "であろう": "でしょう",
    "ではない": "ではありません",
    "ではなかった": "ではありませんでした",
    "だった": "でした",
    "だ": "です",
}
_TO_PLAIN = {"です": "である", "でした": "であった", "でしょう": "であろう"}


@proofreading_rules.register("style_mix")
class StyleMixRule(Rule):
    title = Message("である調・ですます調の混在", "Mixed plain and polite styles")
    order = 70

    def check(self, doc: CheckedText) -> Iterator[Finding]:
        polite: list[tuple[int, int, str]] = []
        plain: list[tuple[int, int, str]] = []
        for sentence in doc.sentences:
            text = doc.sentence_text(sentence)
            if match := _POLITE.search(text):
                polite.append((sentence.start + match.start(), sentence.start + match.end(), match.group()))
            elif match := _PLAIN.search(text):
                plain.append((sentence.start + match.start(), sentence.start + match.end(), match.group()))
        if not polite or not plain:
            return
        if len(polite) >= len(plain):
            for start, end, ending in plain:
                yield self.finding(
                    start,
                    end,
                    f"ですます調の文書に、である調の「{ending}」があります。",
                    f"「{ending}」 is plain style in a document written in the polite style.",
                    _TO_POLITE.get(ending),
                )
        else:
            for start, end, ending in polite:
                yield self.finding(
                    start,
                    end,
                    f"である調の文書に、ですます調の「{ending}」があります。",
                    f"「{ending}」 is polite style in a document written in the plain style.",
                    _TO_PLAIN.get(ending),
                )
