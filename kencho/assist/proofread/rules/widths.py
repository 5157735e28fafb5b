"""Character widths: 全角 letters and digits (公用文 writes them in half width) and 半角カナ."""

from __future__ import annotations

import re
from collections.abc import Iterator

import jaconv

from kencho.core.japanese.text import to_halfwidth_digits

from ..document import CheckedText
from ..findings import Finding, Message
from .base import Rule, proofreading_rules

_FULLWIDTH_ALNUM = re.compile(r"[０-９Ａ-Ｚａ-ｚ]+(?:[．，：][０-９]+)*")
_HALFWIDTH_KANA = re.compile(r"[\uff66-\uff9f]+")


@proofreading_rules.register("fullwidth_alnum")
class FullwidthAlnumRule(Rule):
    title = Message("全角の英数字", "Full-width letters and digits")
    order = 80

    def check(self, doc: CheckedText) -> Iterator[Finding]:
        for match in _FULLWIDTH_ALNUM.finditer(doc.text):
            found = match.group()
            suggestion = to_halfwidth_digits(found)
            yield self.finding(
                match.start(),
                match.end(),
                f"全角の英数字「{found}」は半角で「{suggestion}」と書きます。",
                f"Write the full-width 「{found}」 in half width: {suggestion}.",
                suggestion,
            )


@proofreading_rules.register("halfwidth_kana")
class HalfwidthKanaRule(Rule):
    title = Message("半角カナ", "Half-width katakana")
    order = 81

    def check(self, doc: CheckedText) -> Iterator[Finding]:
        for match in _HALFWIDTH_KANA.finditer(doc.text):
            found = match.group()
            suggestion = jaconv.h2z(found, kana=True, ascii=False, digit=False)
            yield self.finding(
                match.start(),
                match.end(),
                f"半角カナ「{found}」は全角で「{suggestion}」と書きます。",
                f"Write the half-width katakana 「{found}」 in full width: 「{suggestion}」.",
                suggestion,
            )
