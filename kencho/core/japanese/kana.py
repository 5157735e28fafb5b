"""Katakana for names (フリガナ): one canonical form for what people type in hiragana or half-width.

Knows hiragana → katakana, half-width katakana → full-width (ｶﾞ becomes ガ, not カ plus a mark),
and that name parts are separated by one full-width space.
"""

from __future__ import annotations

import re

import jaconv

_WHITESPACE_RUN = re.compile(r"\s+")  # \s covers the ideographic space U+3000
_FULLWIDTH_SPACE = "\u3000"
# ァ (U+30A1) to ヺ (U+30FA): every full-width katakana letter, small ones and ヴ, ヵ, ヶ included.
_KATAKANA_LETTERS = frozenset(chr(code) for code in range(0x30A1, 0x30FB))
_NAME_MARKS = frozenset("ー・" + _FULLWIDTH_SPACE)


def normalize_katakana(text: str) -> str:
    """Hiragana and half-width katakana to full-width katakana, spaces to one full-width space.

    Leading and trailing spaces are dropped. Other characters (kanji, ASCII) pass through unchanged.
    """
    full_width = jaconv.h2z(text, kana=True, ascii=False, digit=False)
    katakana = jaconv.hira2kata(full_width)
    return _WHITESPACE_RUN.sub(_FULLWIDTH_SPACE, katakana).strip()


def is_katakana_name(text: str) -> bool:
    """Whether the text, once normalised, is a name in full-width katakana.

    Allowed: katakana letters, the prolonged sound mark ー, the middle dot ・ and full-width spaces;
    at least one letter is required.
    """
    name = normalize_katakana(text)
    return any(char in _KATAKANA_LETTERS for char in name) and all(
        char in _KATAKANA_LETTERS or char in _NAME_MARKS for char in name
    )
