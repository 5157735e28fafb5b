"""Errors of the catalogue for a person or a client to act on, each in Japanese and English.

They map one-to-one onto CKAN's error types, so the Action API can answer with CKAN's envelope and
HTTP status, and the staff pages can show the same words next to the field."""

from __future__ import annotations

from dataclasses import dataclass, field

Message = tuple[str, str]  # (Japanese, English)


def both(message: Message) -> str:
    """One string carrying both languages, for clients that expect a plain string (CKAN's)."""
    return f"{message[0]} / {message[1]}"


@dataclass
class CatalogError(Exception):
    message_ja: str = ""
    message_en: str = ""

    ckan_type = "Error"
    http_status = 400

    def message(self, language: str) -> str:
        return self.message_en if language == "en" else self.message_ja


@dataclass
class NotFound(CatalogError):
    ckan_type = "Not Found Error"
    http_status = 404


@dataclass
class NotAuthorized(CatalogError):
    ckan_type = "Authorization Error"
    http_status = 403


@dataclass
class SearchQueryError(CatalogError):
    ckan_type = "Search Query Error"
    http_status = 400


@dataclass
class InvalidInput(CatalogError):
    """Per-field problems: {"name": [(ja, en), ...], "resources": [...]}."""

    errors: dict[str, list[Message]] = field(default_factory=dict)

    ckan_type = "Validation Error"
    http_status = 409

    def add(self, field_name: str, message: Message) -> None:
        self.errors.setdefault(field_name, []).append(message)

    def __bool__(self) -> bool:
        return bool(self.errors)


def not_found(what_ja: str, what_en: str, key: str) -> NotFound:
    return NotFound(
        f"{what_ja}「{key}」が見つかりません。名前またはIDを確かめてください。",
        f'{what_en} "{key}" was not found. Check the name or id.',
    )


def not_authorized(action_ja: str, action_en: str) -> NotAuthorized:
    return NotAuthorized(
        f"{action_ja}権限がありません。公開組織の担当職員としてAPIトークンを付けて送信してください。",
        f"You are not allowed to {action_en}. Send the request with an API token of a member of the "
        "publishing organisation.",
    )
