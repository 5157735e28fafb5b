"""From a read transcript to the generated parts of minutes: the cleaned text, the summary and the
findings. Pure: no database, so that the web pages and the command line make the same minutes."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .cleaning import clean_transcript
from .findings import find_items
from .record_text import speaker_name, turns_to_text
from .style import MinutesStyle, minutes_style
from .summary import summarize
from .transcript import Utterance


@dataclass(frozen=True)
class GeneratedMinutes:
    cleaned_text: str
    summary_text: str
    findings: list[dict[str, Any]]


def generate_minutes(
    utterances: Sequence[Utterance],
    *,
    speaker_names: dict[str, str],
    meeting_date: datetime.date | None,
    style: MinutesStyle | None = None,
) -> GeneratedMinutes:
    style = style or minutes_style()
    turns = clean_transcript(utterances, style=style)
    cleaned = turns_to_text((speaker_name(t.speaker, speaker_names), t.text) for t in turns)
    summary = turns_to_text(
        (speaker_name(s.speaker, speaker_names), "".join(s.points)) for s in summarize(turns, style=style)
    )
    names = {label: speaker_name(label, speaker_names) for label in {t.speaker for t in turns}}
    findings = [f.as_dict() for f in find_items(turns, meeting_date=meeting_date, speaker_names=names)]
    return GeneratedMinutes(cleaned, summary, findings)
