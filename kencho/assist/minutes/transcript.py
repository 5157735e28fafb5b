"""What every transcript format is read into: who said what, and when.

An `Utterance` is one cue or line of a transcript. Speaker labels are kept exactly as the tool wrote
them ("田中 一郎", "議長（三重太郎君）"); staff map them to names and titles later.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Utterance:
    speaker: str
    text: str
    start: float | None = None  # seconds from the start of the recording, when the format gives it
    end: float | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"speaker": self.speaker, "text": self.text, "start": self.start, "end": self.end}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Utterance:
        return cls(
            speaker=str(data.get("speaker", "")),
            text=str(data.get("text", "")),
            start=data.get("start"),
            end=data.get("end"),
        )


@dataclass(frozen=True)
class Transcript:
    format_id: str  # the parser that read it: "webvtt", "srt", "teams_text", ...
    utterances: list[Utterance]
    container: str = "text"  # "text" or "docx" (a Teams transcript saved as Word)

    @property
    def speakers(self) -> list[str]:
        """Each speaker label once, in order of first appearance."""
        return list(dict.fromkeys(u.speaker for u in self.utterances if u.speaker))


@dataclass(frozen=True)
class Turn:
    """What one speaker said before the next spoke: consecutive utterances of a speaker merged."""

    speaker: str
    text: str
    start: float | None = None


class TranscriptError(ValueError):
    """A transcript that cannot be read, with what to do about it in Japanese and English.

    code: "empty", "too_large", "binary", "audio", "encoding", "unknown_format", "no_speech",
    "docx" (a Word file that is not a readable document), "stt_unavailable".
    """

    def __init__(self, code: str, message_ja: str, message_en: str) -> None:
        super().__init__(f"{message_ja} / {message_en}")
        self.code = code
        self.message_ja = message_ja
        self.message_en = message_en

    def message_for(self, language: str | None) -> str:
        return self.message_en if (language or "").lower().startswith("en") else self.message_ja


def timestamp_seconds(text: str) -> float | None:
    """Seconds in "01:02:03.456", "1:02:03,456", "02:03.4", "0:0:3.12" or "1:02"; None when unreadable."""
    parts = text.strip().replace(",", ".").split(":")
    if not 2 <= len(parts) <= 3:
        return None
    try:
        numbers = [float(part) for part in parts]
    except ValueError:
        return None
    seconds = 0.0
    for number in numbers:
        seconds = seconds * 60 + number
    return seconds
