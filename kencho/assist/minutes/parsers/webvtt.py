"""WebVTT (W3C), as Teams, Zoom and Webex write it: a "WEBVTT" header, then cues of a timing line
"00:00:03.120 --> 00:00:07.450" and text. Teams names speakers with voice tags <v 名前>; Zoom
starts the text with "名前: ". NOTE, STYLE and REGION blocks are skipped."""

from __future__ import annotations

import re

from ..transcript import Utterance, timestamp_seconds
from .base import TranscriptFormat, transcript_formats
from .cue_text import cue_utterances

TIMING = re.compile(r"^\s*((?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})\s+-->\s+((?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})")


@transcript_formats.register("webvtt")
class WebVTT(TranscriptFormat):
    label = "WebVTT (Teams / Zoom / Webex)"

    def confidence(self, text: str) -> float:
        first = text.lstrip("\ufeff").lstrip().split("\n", 1)[0]
        return 1.0 if re.match(r"WEBVTT(\s|$)", first) else 0.0

    def parse(self, text: str) -> list[Utterance]:
        utterances: list[Utterance] = []
        # The header block is read like the others: lines before a timing line (the "WEBVTT" header,
        # a cue identifier such as Teams' "0f5e…/12-0") are not text.
        for block in re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n").replace("\r", "\n")):
            lines = block.strip("\n").split("\n")
            if lines[0].startswith(("NOTE", "STYLE", "REGION")):
                continue
            timing_at = next((i for i, line in enumerate(lines) if TIMING.match(line)), None)
            if timing_at is None:
                continue
            match = TIMING.match(lines[timing_at])
            assert match is not None  # noqa: S101 - matched just above
            payload = "\n".join(lines[timing_at + 1 :])
            utterances.extend(
                cue_utterances(payload, timestamp_seconds(match[1]), timestamp_seconds(match[2]))
            )
        return utterances
