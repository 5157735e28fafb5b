"""Control characters and invisible format characters (zero-width spaces, direction marks, soft
hyphens, a stray BOM) that come in with copied text and break search and screen readers."""

from __future__ import annotations

import functools
import re
import sys
import unicodedata
from collections.abc import Iterator

from ..document import CheckedText
from ..findings import Finding, Message
from .base import Rule, proofreading_rules

_ALLOWED = frozenset("\n\r\t")


@functools.lru_cache(maxsize=1)
def _invisible() -> re.Pattern[str]:
    """Every character of the categories Cc and Cf but line feed, carriage return and tab."""
    chars = (chr(code) for code in range(sys.maxunicode + 1))
    wanted = [c for c in chars if unicodedata.category(c) in {"Cc", "Cf"} and c not in _ALLOWED]
    return re.compile("[" + "".join(re.escape(c) for c in wanted) + "]")


@proofreading_rules.register("invisible")
class InvisibleCharacterRule(Rule):
    title = Message("制御文字・ゼロ幅文字", "Control and zero-width characters")
    order = 91

    def check(self, doc: CheckedText) -> Iterator[Finding]:
        for match in _invisible().finditer(doc.text):
            index, char = match.start(), match.group()
            code = f"U+{ord(char):04X}"
            name = unicodedata.name(char, "control character")
            yield self.finding(
                index,
                index + 1,
                f"目に見えない文字（{code} {name}）があります。削除してください。",
                f"An invisible character ({code} {name}); delete it.",
                "",
            )
