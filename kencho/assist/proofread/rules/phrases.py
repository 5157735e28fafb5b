"""Rules that are a table of phrases: each entry is a regular expression and what to write instead
(a `re` replacement template, or None when the writer must rephrase)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import cached_property
from typing import ClassVar

from ..document import CheckedText
from ..findings import Finding
from .base import Rule


class PhraseRule(Rule):
    """A subclass gives `phrases` and says why in `reason(found, suggestion)`."""

    phrases: ClassVar[Sequence[tuple[str, str | None]]] = ()

    @cached_property
    def _compiled(self) -> list[tuple[re.Pattern[str], str | None]]:
        return [(re.compile(pattern), replacement) for pattern, replacement in self.phrases]

    def extra_phrases(self) -> Sequence[tuple[str, str | None]]:
        """Phrases that come from elsewhere than the class (a dictionary); literal, not patterns."""
        return ()

    def reason(self, found: str, suggestion: str | None) -> tuple[str, str]:
        raise NotImplementedError

    def check(self, doc: CheckedText) -> Iterator[Finding]:
        compiled = self._compiled + [(re.compile(re.escape(a)), b) for a, b in self.extra_phrases()]
        for pattern, replacement in compiled:
            for match in pattern.finditer(doc.text):
                suggestion = match.expand(replacement) if replacement is not None else None
                ja, en = self.reason(match.group(), suggestion)
                yield self.finding(match.start(), match.end(), ja, en, suggestion)
