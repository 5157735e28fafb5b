"""The two languages Kencho speaks: Japanese first, English beside it."""

from __future__ import annotations

from django.utils import translation
from django.utils.functional import Promise

LANGUAGES = ("ja", "en")


def current_language() -> str:
    """'en' when the page is being shown in English, otherwise 'ja'."""
    return "en" if (translation.get_language() or "ja").startswith("en") else "ja"


def in_language(ja: str, en: str) -> str:
    """The English text when the page is shown in English and there is one; otherwise the Japanese."""
    return en if en and current_language() == "en" else ja


def in_both_languages(text: str | Promise) -> dict[str, str]:
    """A translatable string rendered in Japanese and in English, for answers that carry both."""
    rendered = {}
    for language in LANGUAGES:
        with translation.override(language):
            rendered[language] = str(text)
    return rendered
