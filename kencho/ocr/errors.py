"""Errors the OCR services raise for a person to act on, in Japanese and English, naming the field."""

from __future__ import annotations

from typing import Any


class OcrError(Exception):
    def __init__(self, code: str, ja: str, en: str, *, field: str | None = None, status: int = 422) -> None:
        super().__init__(en)
        self.code = code
        self.ja = ja
        self.en = en
        self.field = field
        self.status = status

    def message(self, language: str) -> str:
        return self.en if language.lower().startswith("en") else self.ja

    def as_dict(self) -> dict[str, Any]:
        return {"field": self.field, "code": self.code, "message": {"ja": self.ja, "en": self.en}}


class OcrInvalid(Exception):
    """Several problems at once (box coordinates, answers of a page): each a dict in the API's shape."""

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        super().__init__(f"{len(errors)} problems")
        self.errors = errors
