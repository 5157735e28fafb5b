"""Query-string values read without trusting them: text without control characters, whole numbers
that may be missing or nonsense, and the page numbers to link to."""

from __future__ import annotations

import unicodedata


def plain_text(value: str) -> str:
    """The text with control and format characters turned into spaces and spaces collapsed."""
    return " ".join("".join(" " if unicodedata.category(c)[0] == "C" else c for c in value).split())


def whole_number(raw: str | None) -> int | None:
    try:
        return int(raw) if raw is not None and len(raw) < 10 else None
    except ValueError:
        return None


def page_numbers(page: int, pages: int) -> list[int | None]:
    """1 … 4 5 [6] 7 8 … 20: the first, the last and two either side; None marks a gap."""
    wanted = sorted({1, pages, *range(max(1, page - 2), min(pages, page + 2) + 1)})
    numbers: list[int | None] = []
    for number in wanted:
        if numbers and number - (numbers[-1] or 0) > 1:
            numbers.append(None)
        numbers.append(number)
    return numbers
