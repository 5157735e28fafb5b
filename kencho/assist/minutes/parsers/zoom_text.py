"""Zoom's text files: the cloud-recording transcript and the meeting chat.

    [田中 一郎] 10:01:23                   10:01:23 From 田中 一郎 to Everyone:
    えー、それでは始めます。                 	資料を共有します。
    [佐藤 花子] 10:01:40 はい。             10:02:05	 From  佐藤 花子 : 了解です。

The talk may follow on the same line or on the next lines.
"""

from __future__ import annotations

import re

from ..transcript import Utterance, timestamp_seconds
from .base import TranscriptFormat, head_lines, share, transcript_formats

_BRACKETED = re.compile(r"^\[([^\]\n]{1,50})\]\s+(\d{1,2}:\d{2}:\d{2})\s*(.*)$")
_CHAT = re.compile(
    r"^(\d{1,2}:\d{2}:\d{2})\s+(?:From|送信元)\s+(.+?)\s+(?:(?:to|宛先)\s+(?:.+?)\s*:|:)\s*(.*)$"
)


def _header(line: str) -> tuple[str, float | None, str] | None:
    if match := _BRACKETED.match(line):
        return match[1].strip(), timestamp_seconds(match[2]), match[3].strip()
    if match := _CHAT.match(line):
        return match[2].strip(), timestamp_seconds(match[1]), match[3].strip()
    return None


@transcript_formats.register("zoom_text")
class ZoomText(TranscriptFormat):
    label = "Zoom（文字起こし .txt / チャット）"

    def confidence(self, text: str) -> float:
        lines = head_lines(text)
        matches = sum(1 for line in lines if _header(line))
        return min(0.9, 0.3 + share(lines, matches)) if matches >= 2 else 0.0

    def parse(self, text: str) -> list[Utterance]:
        utterances: list[Utterance] = []
        current: tuple[str, float | None] | None = None
        talk: list[str] = []

        def flush() -> None:
            if current is not None and talk:
                utterances.append(Utterance(current[0], " ".join(talk), current[1]))

        for raw in text.splitlines():
            line = raw.strip()
            if not line:
                continue
            if header := _header(line):
                flush()
                current, talk = (header[0], header[1]), [header[2]] if header[2] else []
            elif current is not None:
                talk.append(line)
        flush()
        return utterances
