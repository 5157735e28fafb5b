"""Transcript formats behind one registry. Each format says how sure it is that a text is its kind
(`confidence`), and reads it (`parse`); `detection.py` asks every format and lets the surest read.

Formats look at content, never at the file name: a Teams .vtt saved as .txt still reads as WebVTT.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import ClassVar

from kencho.core.registry import Registry

from ..transcript import Utterance


class TranscriptFormat(ABC):
    plugin_id: ClassVar[str]
    label: ClassVar[str]  # for people: "WebVTT (Teams / Zoom)"

    @abstractmethod
    def confidence(self, text: str) -> float:
        """0 when the text is surely not this format, 1 when it surely is. Cheap: looks at the start."""

    @abstractmethod
    def parse(self, text: str) -> list[Utterance]:
        """Every utterance, in order. Lines the format does not understand are skipped, not guessed."""


transcript_formats: Registry[TranscriptFormat] = Registry("transcript format")


def head_lines(text: str, count: int = 80) -> list[str]:
    """The first non-empty lines, stripped, for confidence checks."""
    lines = []
    for line in text.splitlines():
        if line.strip():
            lines.append(line.strip())
            if len(lines) >= count:
                break
    return lines


def share(lines: list[str], matches: int) -> float:
    return matches / len(lines) if lines else 0.0
