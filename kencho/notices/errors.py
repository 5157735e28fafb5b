"""Errors the notices services raise for a person to act on; `message` is shown in the active language."""

from __future__ import annotations

from django.utils.functional import Promise


class NoticeError(Exception):
    def __init__(self, code: str, message: Promise | str, status: int = 400) -> None:
        super().__init__(str(message))
        self.code = code
        self.message = message
        self.status = status
