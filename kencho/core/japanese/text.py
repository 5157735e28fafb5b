"""Character-level normalisation shared by the other Japanese modules.

Knows the full-width ASCII block (U+FF01–U+FF5E), the many dash characters people type between
digits, and which invisible characters must never reach stored text.
"""

from __future__ import annotations

import unicodedata

# Full-width "！" (U+FF01) to "～" (U+FF5E) map one-to-one onto ASCII "!" to "~".
_FULLWIDTH_TO_ASCII = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}

# Characters typed as a hyphen between digits (postal codes, phone numbers, corporate numbers).
# The katakana prolonged sound mark ー is not here: it is a letter in names.
HYPHEN_CHARACTERS = frozenset(
    "-"  # hyphen-minus
    "\u2010"  # hyphen
    "\u2011"  # non-breaking hyphen
    "\u2012"  # figure dash
    "\u2013"  # en dash
    "\u2014"  # em dash
    "\u2015"  # horizontal bar
    "\u2212"  # minus sign
    "\ufe63"  # small hyphen-minus
    "\uff0d"  # full-width hyphen-minus
    "\uff70"  # half-width prolonged sound mark, often typed for "-" in half-width input
)

_ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff")
# Embeddings, overrides and isolates, plus the marks LRM, RLM and ALM that also reorder text.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
_NEWLINES = frozenset("\n\r\t")


def to_halfwidth_digits(text: str) -> str:
    """Turn full-width digits, letters and punctuation (１, Ａ, －, ．, ／, ：, （, ）) into ASCII.

    Only the full-width ASCII block is touched: katakana, the ideographic space and other
    compatibility characters stay as they are (NFKC would also turn ｶﾅ into カナ and ① into 1).
    """
    return text.translate(_FULLWIDTH_TO_ASCII)


def normalize_hyphens(text: str) -> str:
    """Replace every character in HYPHEN_CHARACTERS with an ASCII hyphen-minus."""
    return "".join("-" if char in HYPHEN_CHARACTERS else char for char in text)


def has_control_characters(text: str, *, allow_newlines: bool) -> bool:
    """Whether the text holds C0/C1 controls, zero-width characters or bidirectional controls.

    With allow_newlines, line feed, carriage return and tab are accepted (multi-line fields).
    """
    for char in text:
        if allow_newlines and char in _NEWLINES:
            continue
        if unicodedata.category(char) == "Cc" or char in _ZERO_WIDTH or char in _BIDI_CONTROLS:
            return True
    return False
