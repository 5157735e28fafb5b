"""Proofreading a text: run the enabled rules over one analysis of it and gather their findings.

This is the one entry point the staff pages, the API, the command line and the benchmark share. It
knows nothing of the database: which rules are on and which terms the prefecture uses are passed in
(selectors.py reads them).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from .document import CheckedText
from .document_types import DocumentType
from .findings import Finding
from .rules import Rule, rule_classes
from .terms import TermEntry


def rule_on_by_default(rule: type[Rule], document_type: str) -> bool:
    return document_type not in rule.off_by_default_for


def default_rule_ids(document_type: str = DocumentType.PUBLIC_NOTICE) -> list[str]:
    return [cls.plugin_id for cls in rule_classes() if rule_on_by_default(cls, document_type)]


def all_rule_ids() -> list[str]:
    return [cls.plugin_id for cls in rule_classes()]


def proofread(
    text: str,
    *,
    rules: Collection[str] | None = None,
    terms: Iterable[TermEntry] = (),
    markdown: bool = False,
) -> list[Finding]:
    """Findings for `text` in text order. `rules` are rule ids (None: the public-notice defaults).

    Two rules that flag the same span with the same suggestion give one finding (the first rule in
    the order staff see them). Findings inside URLs, and in Markdown inside code, are dropped.
    """
    enabled = set(default_rule_ids() if rules is None else rules)
    doc = CheckedText(text, markdown=markdown, terms=tuple(terms))
    seen: set[tuple[int, int, str | None]] = set()
    findings: list[Finding] = []
    for cls in rule_classes():
        if cls.plugin_id not in enabled:
            continue
        for finding in cls().check(doc):
            key = (finding.start, finding.end, finding.suggestion)
            if key in seen or doc.is_ignored(finding.start, finding.end):
                continue
            seen.add(key)
            findings.append(finding)
    findings.sort(key=lambda f: (f.start, f.end))
    return findings
