"""Measuring OCR against known answers (tests and bench/ocr.py): character edit distance."""

from __future__ import annotations


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance: characters inserted, deleted or replaced to turn `a` into `b`."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def best_window_distance(text: str, truth: str) -> int:
    """The distance of `truth` to the closest stretch of `text` of the same length (a field looked
    for in a whole page's text)."""
    if not truth or truth in text:
        return 0
    width = len(truth)
    if len(text) <= width:
        return edit_distance(text, truth)
    return min(edit_distance(text[i : i + width], truth) for i in range(len(text) - width + 1))
