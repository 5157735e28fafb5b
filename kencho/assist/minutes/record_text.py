"""The editable text of minutes: one paragraph per turn, in the council-record layout staff know.

    ○田中委員　看護職員の確保について伺います。

    ○医療政策課長　お答えいたします。

A line starting with ○ begins a turn; the speaker runs to the first space (full- or half-width).
Lines without ○ continue the turn above (as a new paragraph). The same layout is used for the
cleaned text and the summary, so staff edit both the same way.

Findings are edited one per line; action items as 「内容 | 担当 | 期限」.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable
from typing import Any

from kencho.core.japanese.wareki import InvalidDate, parse_date

from .transcript import Turn

UNKNOWN_SPEAKER = "発言者"
_TURN_LINE = re.compile(r"^[○◯]\s*(\S+?)(?:[\u3000 ]+(.*))?$")


def speaker_name(label: str, names: dict[str, str]) -> str:
    return (names.get(label) or label or UNKNOWN_SPEAKER).strip()


def turns_to_text(turns: Iterable[tuple[str, str]]) -> str:
    """(speaker name, text) pairs as the editable text."""
    return "\n\n".join(f"○{speaker}\u3000{text}" for speaker, text in turns)


def text_to_turns(text: str) -> list[Turn]:
    """The editable text read back into turns; text before the first ○ is a turn without a speaker."""
    turns: list[Turn] = []
    speaker: str | None = None
    paragraphs: list[str] = []

    def flush() -> None:
        body = "\n".join(p for p in paragraphs if p)
        if body or speaker:
            turns.append(Turn(speaker or "", body))

    for raw in text.replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        if match := _TURN_LINE.match(line):
            if speaker is not None or any(paragraphs):
                flush()
            speaker, paragraphs = match[1], [(match[2] or "").strip()]
        elif line:
            paragraphs.append(line)
    if speaker is not None or any(paragraphs):
        flush()
    return turns


def findings_to_lines(findings: list[dict[str, Any]], kind: str) -> str:
    lines = []
    for finding in findings:
        if finding.get("kind") != kind:
            continue
        if kind == "action":
            due = finding.get("due_date") or finding.get("due_phrase") or ""
            lines.append(" | ".join([finding.get("text", ""), finding.get("assignee", ""), due]).rstrip(" |"))
        else:
            lines.append(str(finding.get("text", "")))
    return "\n".join(lines)


def lines_to_findings(kind: str, text: str) -> list[dict[str, Any]]:
    findings: list[dict[str, Any]] = []
    for line in text.replace("\r\n", "\n").split("\n"):
        if not line.strip():
            continue
        if kind == "action":
            parts = [part.strip() for part in line.split("|")] + ["", ""]
            finding = {"kind": kind, "text": parts[0], "assignee": parts[1], "due_phrase": parts[2]}
            with contextlib.suppress(InvalidDate):  # words such as 次回会議まで stay words
                finding.update(due_date=parse_date(parts[2]).isoformat(), due_phrase="")
            findings.append(finding)
        else:
            findings.append({"kind": kind, "text": line.strip()})
    return findings
