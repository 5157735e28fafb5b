"""Template helpers of the FAQ pages: answers rendered as safe HTML, and a form field's error messages
in English for the Japanese page (a visitor who reads no Japanese still learns what to fix)."""

from __future__ import annotations

from django import template
from django.forms import BoundField
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from ..richtext import sanitize_answer

register = template.Library()


@register.filter
def faq_answer(html: str) -> SafeString:
    """An answer as HTML. Answers are sanitised when they are saved; this cleans them again on the
    way out, so that an answer that reached the database another way cannot run a script."""
    return mark_safe(sanitize_answer(html or ""))  # noqa: S308 - nh3 keeps only the safe subset


_LANG_ATTRIBUTES = {"ja-easy": "ja", "zh-hans": "zh-Hans", "zh-hant": "zh-Hant"}


@register.filter
def faq_lang(code: str) -> str:
    """A served language code (languages.SERVED_LANGUAGES) as an HTML lang attribute."""
    return _LANG_ATTRIBUTES.get(code, code or "ja")


@register.simple_tag
def english_errors(field: BoundField) -> list[str]:
    """The field's error messages rendered in English."""
    with translation.override("en"):
        return [str(message) for message in field.errors]
