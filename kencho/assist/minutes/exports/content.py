"""What an exported record holds, whichever file it goes into."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from kencho.core.japanese.wareki import format_date

from ..record_text import text_to_turns
from ..transcript import Turn

STYLES = ("verbatim", "summary")


@dataclass(frozen=True)
class ActionItem:
    text: str
    assignee: str
    due: str


@dataclass(frozen=True)
class MinutesContent:
    title: str
    meeting_date: datetime.date | None
    place: str
    attendees: list[tuple[str, str]]
    style: str  # "verbatim" or "summary"
    turns: list[Turn]
    decisions: list[str] = field(default_factory=list)
    action_items: list[ActionItem] = field(default_factory=list)
    open_questions: list[str] = field(default_factory=list)

    @property
    def date_text(self) -> str:
        return format_date(self.meeting_date, language="ja", wareki=True) if self.meeting_date else ""

    @property
    def body_heading(self) -> str:
        return "発言要旨" if self.style == "summary" else "議事の経過"


def due_text(finding: dict[str, Any]) -> str:
    """2025年12月12日（来週金曜） for a resolved deadline, the words alone otherwise."""
    phrase = str(finding.get("due_phrase") or "")
    if not finding.get("due_date"):
        return phrase
    day = datetime.date.fromisoformat(str(finding["due_date"]))
    written = format_date(day, language="ja", wareki=False)
    return f"{written}（{phrase}）" if phrase and phrase != written else written


def minutes_content(
    *,
    title: str,
    meeting_date: datetime.date | None,
    place: str,
    attendees: list[tuple[str, str]],
    style: str,
    text: str,
    findings: list[dict[str, Any]],
) -> MinutesContent:
    """The content of an export: `text` is the cleaned text or the summary in the editable layout."""
    actions = [
        ActionItem(str(f.get("text", "")), str(f.get("assignee", "")), due_text(f))
        for f in findings
        if f.get("kind") == "action"
    ]
    return MinutesContent(
        title=title,
        meeting_date=meeting_date,
        place=place,
        attendees=attendees,
        style=style,
        turns=text_to_turns(text),
        decisions=[str(f.get("text", "")) for f in findings if f.get("kind") == "decision"],
        action_items=actions,
        open_questions=[str(f.get("text", "")) for f in findings if f.get("kind") == "open_question"],
    )
