"""SubRip (.srt): numbered cues of a timing line "00:00:01,000 --> 00:00:04,000" and text. SRT has
no speaker field; a speaker named at the start of the text ("田中：", "[田中]") is used."""

from __future__ import annotations

import re

from ..transcript import Utterance, timestamp_seconds
from .base import TranscriptFormat, head_lines, transcript_formats
from .cue_text import cue_utterances

_TIMING = re.compile(r"^(\d{1,2}:\d{2}:\d{2}[,.]\d{1,3})\s*-->\s*(\d{1,2}:\d{2}:\d{2}[,.]\d{1,3})")


@transcript_formats.register("srt")
class SubRip(TranscriptFormat):
    label = "SRT (SubRip)"

    def confidence(self, text: str) -> float:
        lines = head_lines(text, 12)
        if len(lines) >= 2 and lines[0].lstrip("\ufeff").isdigit() and _TIMING.match(lines[1]):
            return 0.95
        return 0.0

    def parse(self, text: str) -> list[Utterance]:
        utterances: list[Utterance] = []
        for block in re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n").replace("\r", "\n")):
            lines = block.strip("\n\ufeff").split("\n")
            timing_at = next((i for i, line in enumerate(lines[:3]) if _TIMING.match(line.strip())), None)
            if timing_at is None:
                continue
            match = _TIMING.match(lines[timing_at].strip())
            assert match is not None  # noqa: S101 - matched just above
            payload = "\n".join(lines[timing_at + 1 :])
            utterances.extend(
                cue_utterances(payload, timestamp_seconds(match[1]), timestamp_seconds(match[2]))
            )
        return utterances
