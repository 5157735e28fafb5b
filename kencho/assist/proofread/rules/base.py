"""What every proofreading rule is: an id, a title in both languages, the document types it is off
for unless staff switch it on, and `check`, which yields findings for a text."""

from __future__ import annotations

import abc
from collections.abc import Iterator
from typing import ClassVar

from kencho.core.registry import Registry

from ..document import CheckedText
from ..findings import Finding, Message


class Rule(abc.ABC):
    plugin_id: ClassVar[str]  # set by @proofreading_rules.register
    title: ClassVar[Message]
    order: ClassVar[int] = 100  # place in lists shown to staff
    off_by_default_for: ClassVar[frozenset[str]] = frozenset()

    @abc.abstractmethod
    def check(self, doc: CheckedText) -> Iterator[Finding]:
        """Every problem in the text, each with the exact span it is about."""

    def finding(self, start: int, end: int, ja: str, en: str, suggestion: str | None = None) -> Finding:
        return Finding(start, end, self.plugin_id, Message(ja, en), suggestion)


proofreading_rules: Registry[Rule] = Registry("proofreading rule")


def rule_classes() -> list[type[Rule]]:
    """Every registered rule, in the order staff see them."""
    classes = [proofreading_rules.get(rule_id) for rule_id in proofreading_rules]
    return sorted(classes, key=lambda cls: (cls.order, cls.plugin_id))
