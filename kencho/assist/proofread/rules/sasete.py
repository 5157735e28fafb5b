"""「〜させていただく」 overused. Once can be courteous; from the second time in a document each one is
flagged, with 「いたします」 offered where a する-noun comes before it (開催させていただきます)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from ..document import CheckedText
from ..findings import Finding, Message
from .base import Rule, proofreading_rules

_PLAIN = re.compile(r"させて(?:いただ|頂)(?:き(ます|ました)?|く|け)")


@proofreading_rules.register("sasete_itadaku")
class SaseteItadakuRule(Rule):
    title = Message("「させていただく」の多用", "Overuse of させていただく")
    order = 120
    allowed: ClassVar[int] = 1

    def check(self, doc: CheckedText) -> Iterator[Finding]:
        matches = list(_PLAIN.finditer(doc.text))
        if len(matches) <= self.allowed:
            return
        for match in matches:
            ending = match.group(1)
            before = doc.text[max(0, match.start() - 2) : match.start()]
            after_noun = re.fullmatch(r"[\u4e00-\u9fff]{2}", before)
            suggestion = f"いたし{ending}" if ending and after_noun else None
            yield self.finding(
                match.start(),
                match.end(),
                f"「させていただく」が{len(matches)}回使われています。「いたします」「します」で足りないか見直してください。",
                f"「させていただく」 is used {len(matches)} times; consider いたします or します.",
                suggestion,
            )
