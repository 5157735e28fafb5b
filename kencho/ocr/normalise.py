"""Turning what an engine read into the value a form field stores: 和暦 and Gregorian dates to ISO,
full-width digits to ASCII, postal codes and phone numbers to their usual shape. Uses the helpers in
kencho.core.japanese; returns None when the text cannot be such a value."""

from __future__ import annotations

import re
from typing import Any

from kencho.core.japanese.phone import InvalidPhoneNumber, normalize_phone_number
from kencho.core.japanese.postal import InvalidPostalCode, normalize_postal_code
from kencho.core.japanese.text import normalize_hyphens, to_halfwidth_digits
from kencho.core.japanese.wareki import InvalidDate, parse_date

DIGIT_TYPES = {"integer", "yen", "decimal", "corporate_number"}
_NOT_DIGITS = re.compile(r"[^0-9]")
# What OCR often returns for 年, 月, 日 and separators in handwritten dates.
_DATE_FIXES = str.maketrans({"目": "日", "曰": "日", "\u3000": "", " ": "", "．": ".", "。": "."})


def compact_text(text: str) -> str:
    """One line of text: surrounding space dropped, runs of spaces made one ASCII space."""
    return " ".join(to_halfwidth_digits(text).replace("\u3000", " ").split())


def normalise(text: str, *, field_type: str) -> Any:
    """The value for a field of `field_type` read from `text`, or None when it cannot be one."""
    text = text.strip()
    if not text:
        return None
    if field_type == "date":
        try:
            return parse_date(text.translate(_DATE_FIXES)).isoformat()
        except InvalidDate:
            return None
    if field_type == "postal_code":
        try:
            return normalize_postal_code(text.lstrip("〒"))
        except InvalidPostalCode:
            return None
    if field_type == "phone":
        try:
            return normalize_phone_number(text)
        except InvalidPhoneNumber:
            return None
    if field_type in DIGIT_TYPES:
        digits = _NOT_DIGITS.sub("", normalize_hyphens(to_halfwidth_digits(text)).replace(",", ""))
        if not digits:
            return None
        return digits if field_type in {"decimal", "corporate_number"} else int(digits)
    return compact_text(text)


def display(value: Any) -> str:
    """A stored value as staff see and edit it in the review queue."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "✓" if value else ""
    if isinstance(value, dict):
        return str(value.get("name") or value.get("address") or "")
    return str(value)


def same_value(a: Any, b: Any) -> bool:
    """Two readings agree when their normalised values are equal (spaces in text ignored)."""
    if isinstance(a, str) and isinstance(b, str):
        return a.replace(" ", "") == b.replace(" ", "")
    if isinstance(a, dict) and isinstance(b, dict):
        return same_value(display(a), display(b))
    return bool(a == b)
