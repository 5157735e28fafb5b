"""The prefecture's own terms as the rules see them: one preferred form and the variants to flag."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class TermEntry:
    preferred: str
    variants: tuple[str, ...]
