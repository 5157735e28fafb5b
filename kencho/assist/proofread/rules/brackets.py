"""Brackets opened and not closed, or closed and never opened, within a paragraph. A closing
parenthesis after a short label at the start of a line (1) ア） (a)) numbers a list and is fine."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..document import CheckedText
from ..findings import Finding, Message
from .base import Rule, proofreading_rules

_PAIRS = {
    "「": "」", "『": "』", "（": "）", "(": ")", "【": "】", "［": "］", "[": "]", "〔": "〕", "｛": "｝",
}  # fmt: skip
_CLOSERS = {closer: opener for opener, closer in _PAIRS.items()}
_LIST_LABEL = re.compile(r"\s*[(（]?[0-9０-９a-zA-Zａ-ｚア-ンｱ-ﾝ一二三四五六七八九十]{1,3}$")


@proofreading_rules.register("brackets")
class UnmatchedBracketRule(Rule):
    title = Message("括弧の対応", "Unmatched brackets")
    order = 90

    def check(self, doc: CheckedText) -> Iterator[Finding]:
        text = doc.text
        for line in doc.lines():
            stack: list[tuple[int, str]] = []
            for index in range(line.start, line.end):
                char = text[index]
                if char in _PAIRS:
                    stack.append((index, char))
                elif char in _CLOSERS:
                    if stack and stack[-1][1] == _CLOSERS[char]:
                        stack.pop()
                    elif not stack and _LIST_LABEL.fullmatch(text[line.start : index]):
                        continue
                    else:
                        yield self.finding(
                            index,
                            index + 1,
                            f"閉じ括弧「{char}」に対応する開き括弧がありません。",
                            f"The closing bracket 「{char}」 has no opening bracket.",
                        )
            for index, char in stack:
                yield self.finding(
                    index,
                    index + 1,
                    f"開き括弧「{char}」が閉じられていません。「{_PAIRS[char]}」を補ってください。",
                    f"The bracket 「{char}」 is never closed; add 「{_PAIRS[char]}」.",
                )
