"""Long runs of kanji (地域公共交通網形成計画策定) are hard to read. Runs longer than eight kanji
are flagged, except the prefecture's own terms, which staff keep in the term dictionary."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from ..document import CheckedText
from ..findings import Finding, Message
from .base import Rule, proofreading_rules

_KANJI_RUN = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf々〆ヶ]+")


@proofreading_rules.register("kanji_run")
class KanjiRunRule(Rule):
    title = Message("漢字の連続", "Long runs of kanji")
    order = 62
    max_run: ClassVar[int] = 8
    off_by_default_for = frozenset({"internal"})

    def check(self, doc: CheckedText) -> Iterator[Finding]:
        known = {variant for term in doc.terms for variant in (term.preferred, *term.variants)}
        for match in _KANJI_RUN.finditer(doc.text):
            run = match.group()
            if len(run) <= self.max_run or run in known:
                continue
            yield self.finding(
                match.start(),
                match.end(),
                f"漢字が{len(run)}字続いています。「の」を補うなどして読みやすくしてください。",
                f"{len(run)} kanji in a row; break the run (for example with の) to make it readable.",
            )
