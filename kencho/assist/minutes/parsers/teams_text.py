"""The transcript Teams saves as .docx (and as text when copied), in its two layouts:

    田中 一郎   0:03                      0:0:0.0 --> 0:0:5.270
    えー、それでは始めます。                田中 一郎
                                          えー、それでは始めます。

(left: Teams since 2022, times as m:ss or h:mm:ss; right: earlier Teams). Lines before the first
speaker (the meeting title, date, "…がトランスクリプトを開始しました") are not part of the talk.
"""

from __future__ import annotations

import re

from ..transcript import Utterance, timestamp_seconds
from .base import TranscriptFormat, head_lines, share, transcript_formats

_SPEAKER_TIME = re.compile(r"^(\S.{0,48}?)[ \t\u3000]+(\d{1,2}:\d{2}(?::\d{2})?)$")
_OLD_TIMING = re.compile(r"^(\d+:\d+:\d+(?:\.\d+)?)\s*-->\s*(\d+:\d+:\d+(?:\.\d+)?)$")
_EVENTS = re.compile(r"(トランスクリプトを(開始|停止|終了)しました|(started|stopped) transcription)$")


@transcript_formats.register("teams_text")
class TeamsText(TranscriptFormat):
    label = "Microsoft Teams（.docx / テキスト）"

    def confidence(self, text: str) -> float:
        lines = head_lines(text)
        if lines and lines[0].startswith("WEBVTT"):
            return 0.0
        new = sum(1 for line in lines if _SPEAKER_TIME.match(line))
        old = sum(1 for line in lines if _OLD_TIMING.match(line))
        # Each speaker line is followed by at least one line of talk: at most half the lines.
        best = max(new, old)
        return min(0.9, 2 * share(lines, best)) if best >= 2 else 0.0

    def parse(self, text: str) -> list[Utterance]:
        lines = [line.strip() for line in text.splitlines()]
        if sum(1 for line in lines if _OLD_TIMING.match(line)) > sum(
            1 for line in lines if _SPEAKER_TIME.match(line)
        ):
            return _parse_old(lines)
        return _parse_new(lines)


def _parse_new(lines: list[str]) -> list[Utterance]:
    utterances: list[Utterance] = []
    speaker: str | None = None
    start: float | None = None
    talk: list[str] = []

    def flush() -> None:
        if speaker is not None and talk:
            utterances.append(Utterance(speaker, " ".join(talk), start))

    for line in lines:
        if not line or _EVENTS.search(line):
            continue
        if match := _SPEAKER_TIME.match(line):
            flush()
            speaker, start, talk = match[1].strip(), timestamp_seconds(match[2]), []
        elif speaker is not None:
            talk.append(line)
    flush()
    return utterances


def _parse_old(lines: list[str]) -> list[Utterance]:
    utterances: list[Utterance] = []
    index = 0
    while index < len(lines):
        match = _OLD_TIMING.match(lines[index])
        index += 1
        if not match:
            continue
        block: list[str] = []
        while index < len(lines) and lines[index] and not _OLD_TIMING.match(lines[index]):
            block.append(lines[index])
            index += 1
        if len(block) >= 2:
            speaker, talk = block[0], " ".join(block[1:])
        elif block:
            speaker, talk = "", block[0]
        else:
            continue
        utterances.append(Utterance(speaker, talk, timestamp_seconds(match[1]), timestamp_seconds(match[2])))
    return utterances
