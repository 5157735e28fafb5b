"""The text of one subtitle cue (WebVTT or SRT) and the speaker named in it, if any.

Knows the ways tools name a speaker inside a cue: WebVTT voice tags `<v 田中 一郎>` (Teams),
"田中 一郎: text" (Zoom), "[田中] text", "（田中）text" and "田中：text". Other markup (<c>, <b>,
<i>, inline timestamps) and HTML entities are removed.
"""

from __future__ import annotations

import html
import re

from ..transcript import Utterance

_VOICE = re.compile(r"<v(?:\.[\w.-]+)?\s+([^>]+)>(.*?)(?:</v>|(?=<v[\s.])|$)", re.DOTALL)
_TAG = re.compile(r"</?[a-zA-Z][^>]*>|<\d{1,2}:\d{2}(?::\d{2})?[.,]\d{3}>")
# A label is short and has no sentence punctuation; "会議は: 10時から" must not become a speaker.
_LABEL = r"[^\s:：\[\]（）()「」。、！？][^:：\[\]（）()「」。、！？\n]{0,29}?"
_SPEAKER_PREFIXES = (
    re.compile(rf"^\[({_LABEL})\]\s*(.+)$", re.DOTALL),
    re.compile(rf"^[（(]({_LABEL})[）)]\s*(.+)$", re.DOTALL),
    re.compile(rf"^({_LABEL})\s*[:：]\s*(.+)$", re.DOTALL),
)


def strip_markup(text: str) -> str:
    return html.unescape(_TAG.sub("", text)).strip()


def cue_utterances(payload: str, start: float | None, end: float | None) -> list[Utterance]:
    """The utterances of one cue: one per voice span, or one with the speaker named at its start."""
    voices = [(name.strip(), strip_markup(text)) for name, text in _VOICE.findall(payload)]
    if voices:
        return [Utterance(name, text, start, end) for name, text in voices if text]
    text = strip_markup(" ".join(line.strip() for line in payload.splitlines() if line.strip()))
    if not text:
        return []
    speaker, text = split_speaker(text)
    return [Utterance(speaker, text, start, end)]


def split_speaker(text: str) -> tuple[str, str]:
    """("田中", "text") for "田中：text" and the other prefix forms; ("", text) otherwise."""
    for pattern in _SPEAKER_PREFIXES:
        if (match := pattern.match(text)) and match[2].strip():
            label = match[1].strip()
            if not label.isdigit():  # "10: …" is a list item or a time, not a person
                return label, match[2].strip()
    return "", text
