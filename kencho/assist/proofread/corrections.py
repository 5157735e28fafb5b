"""Applying accepted findings to a text. Findings that overlap one already applied are skipped (the
first in text order wins), so the result never depends on the order they were accepted in."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .findings import Finding


@dataclass(frozen=True)
class Corrected:
    text: str
    applied: list[int]  # indices into the findings given
    skipped: list[int]


def non_overlapping(findings: Sequence[Finding]) -> tuple[list[int], list[int]]:
    """Indices of the findings with a suggestion that can be applied together, and of the rest."""
    order = sorted(range(len(findings)), key=lambda i: (findings[i].start, findings[i].end))
    applied: list[int] = []
    skipped: list[int] = []
    last_end = -1
    for index in order:
        finding = findings[index]
        if finding.suggestion is None or finding.start < last_end:
            skipped.append(index)
            continue
        applied.append(index)
        last_end = max(finding.end, finding.start + 1) if finding.start == finding.end else finding.end
    return applied, skipped


def apply_to_text(text: str, findings: Sequence[Finding]) -> Corrected:
    applied, skipped = non_overlapping(findings)
    pieces: list[str] = []
    position = 0
    for index in applied:
        finding = findings[index]
        pieces.append(text[position : finding.start])
        pieces.append(finding.suggestion or "")
        position = finding.end
    pieces.append(text[position:])
    return Corrected("".join(pieces), applied, skipped)
