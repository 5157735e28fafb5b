"""The checked text cut into pieces for the results page: plain text, and marked spans that point to
their findings. Where findings overlap, a piece belongs to the first finding that covers it."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Piece:
    text: str
    finding: int | None  # index of the finding, or None for plain text
    number: int | None  # the finding's number as staff see it (index + 1)
    starts: bool  # the first piece of its finding (where the reference link goes)
    decision: str


def pieces(text: str, findings: list[dict[str, Any]], decisions: dict[str, str]) -> list[Piece]:
    bounds = {0, len(text)}
    for f in findings:
        bounds.update((f["start"], f["end"]))
    ordered = sorted(b for b in bounds if 0 <= b <= len(text))
    result: list[Piece] = []
    started: set[int] = set()
    for start, end in itertools.pairwise(ordered):
        owner = next((i for i, f in enumerate(findings) if f["start"] <= start and end <= f["end"]), None)
        if owner is None:
            result.append(Piece(text[start:end], None, None, False, ""))
            continue
        result.append(
            Piece(text[start:end], owner, owner + 1, owner not in started, decisions.get(str(owner), ""))
        )
        started.add(owner)
    return result
