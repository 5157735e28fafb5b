"""The prefecture's own terms (三重県, 県政だより), kept by staff in the term dictionary: every
variant written in the text is flagged with the preferred form."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..document import CheckedText
from ..findings import Finding, Message
from .base import Rule, proofreading_rules


@proofreading_rules.register("terms")
class PrefectureTermsRule(Rule):
    title = Message("県の用語集", "The prefecture's term dictionary")
    order = 5

    def check(self, doc: CheckedText) -> Iterator[Finding]:
        preferred = {v: t.preferred for t in doc.terms for v in t.variants if v and v != t.preferred}
        if not preferred:
            return
        # longest first, so that 県政だより便り is matched before a shorter variant inside it
        pattern = re.compile("|".join(re.escape(v) for v in sorted(preferred, key=len, reverse=True)))
        for match in pattern.finditer(doc.text):
            found = match.group()
            suggestion = preferred[found]
            yield self.finding(
                match.start(),
                match.end(),
                f"県の用語集では「{found}」ではなく「{suggestion}」と書きます。",
                f"The prefecture's term dictionary writes 「{suggestion}」, not 「{found}」.",
                suggestion,
            )
