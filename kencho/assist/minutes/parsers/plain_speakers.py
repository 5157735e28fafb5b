"""Plain text with a speaker at the start of each turn: "田中委員：えー、二点伺います。" (full- or
half-width colon, or 「」 after the name: 田中「…」). Lines without a label continue the turn
before them. Also the last resort for talk without any labels, read as one unnamed speaker, as long
as it is mostly Japanese prose (so that JSON, CSV or HTML is refused rather than misread)."""

from __future__ import annotations

import re

from ..transcript import Utterance
from .base import TranscriptFormat, head_lines, share, transcript_formats

_LABELLED = re.compile(r"^([^\s:：「」。、！？()（）\[\]<>{}]{1,20}?)\s*(?:[:：]\s*(.+)|「(.+)」)$")
_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
_MARKUP = re.compile(r"^\s*[{\[<]|[,;]{3}|</?\w+>")


def _labelled(line: str) -> tuple[str, str] | None:
    if (match := _LABELLED.match(line)) and not match[1].isdigit():
        return match[1], (match[2] or match[3]).strip()
    return None


def _japanese_share(text: str) -> float:
    letters = [char for char in text if not char.isspace()]
    return len(_JAPANESE.findall(text)) / len(letters) if letters else 0.0


@transcript_formats.register("speaker_text")
class SpeakerText(TranscriptFormat):
    label = "テキスト（氏名：発言）"

    def confidence(self, text: str) -> float:
        lines = head_lines(text)
        labelled = sum(1 for line in lines if _labelled(line))
        if labelled >= 2 and share(lines, labelled) >= 0.3:
            return 0.6 + 0.2 * share(lines, labelled)
        sample = "\n".join(lines)
        if lines and _japanese_share(sample) >= 0.5 and not _MARKUP.search(sample):
            return 0.1  # prose without speakers
        return 0.0

    def parse(self, text: str) -> list[Utterance]:
        utterances: list[Utterance] = []
        speaker = ""
        talk: list[str] = []

        def flush() -> None:
            if talk:
                utterances.append(Utterance(speaker, "".join(talk)))

        for raw in text.splitlines():
            line = raw.strip().lstrip("\ufeff")
            if not line:
                continue
            if found := _labelled(line):
                flush()
                speaker, talk = found[0], [found[1]]
            else:
                talk.append(line)
        flush()
        return utterances
