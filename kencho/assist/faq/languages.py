"""Languages of FAQ entries and of questions.

An entry is written in Japanese; it may carry an やさしい日本語 version ("ja-easy") and translations.
The language of a question is guessed from its script when the caller does not say it: kana means
Japanese, Hangul Korean, Thai script Thai, Vietnamese and Portuguese letters those languages, other
Latin text English. Kanji alone count as Japanese (short Japanese questions are often all kanji)."""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _

EASY_JAPANESE = "ja-easy"

TRANSLATION_LANGUAGES = [
    ("en", "English"),
    ("zh-hans", "简体中文"),
    ("zh-hant", "繁體中文"),
    ("ko", "한국어"),
    ("pt", "Português"),
    ("es", "Español"),
    ("vi", "Tiếng Việt"),
    ("tl", "Tagalog"),
    ("id", "Bahasa Indonesia"),
    ("ne", "नेपाली"),
    ("th", "ไทย"),
]
SERVED_LANGUAGES = [("ja", "日本語"), (EASY_JAPANESE, _("やさしい日本語")), *TRANSLATION_LANGUAGES]
SERVED_LANGUAGE_CODES = frozenset(code for code, _label in SERVED_LANGUAGES)

_KANA = re.compile(r"[\u3040-\u30ff\uff66-\uff9f]")
_HANGUL = re.compile(r"[\uac00-\ud7af\u1100-\u11ff]")
_THAI = re.compile(r"[\u0e00-\u0e7f]")
_DEVANAGARI = re.compile(r"[\u0900-\u097f]")
_VIETNAMESE = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.IGNORECASE)
_PORTUGUESE = re.compile(r"[ãõç]", re.IGNORECASE)
_LATIN = re.compile(r"[A-Za-z]")


def detect_language(text: str) -> str:
    """The language code the question is most likely written in."""
    if _KANA.search(text):
        return "ja"
    if _HANGUL.search(text):
        return "ko"
    if _THAI.search(text):
        return "th"
    if _DEVANAGARI.search(text):
        return "ne"
    if _VIETNAMESE.search(text):
        return "vi"
    if _PORTUGUESE.search(text):
        return "pt"
    if _LATIN.search(text) and not re.search(r"[\u4e00-\u9fff]", text):
        return "en"
    return "ja"
