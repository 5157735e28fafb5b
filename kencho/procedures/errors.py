"""Errors the procedures services raise for a person to act on. Each carries both languages, because
the API answers in both and the web shows the visitor's."""

from __future__ import annotations

from dataclasses import dataclass, field

from kencho.forms.validation import FieldError

from .links import local_path_ok


@dataclass
class ProcedureError(Exception):
    code: str
    message_ja: str
    message_en: str
    http_status: int = 409

    def message(self, language: str) -> str:
        return self.message_en if language == "en" else self.message_ja

    def as_dict(self) -> dict[str, object]:
        return {"code": self.code, "message": {"ja": self.message_ja, "en": self.message_en}}


@dataclass
class InvalidAnswers(Exception):
    errors: list[FieldError] = field(default_factory=list)


def closed_error() -> ProcedureError:
    return ProcedureError(
        "closed",
        "この手続は現在受け付けていません。受付期間をご確認ください。",
        "This procedure is not accepting applications now. Check the application period.",
    )


def capacity_error() -> ProcedureError:
    return ProcedureError(
        "capacity_reached",
        "受付件数が上限に達したため、受付を終了しました。",
        "Applications are closed because the limit on the number of applications has been reached.",
    )


def idempotency_conflict_error() -> ProcedureError:
    return ProcedureError(
        "idempotency_key_reused",
        "同じ Idempotency-Key で内容の異なる申請が送られました。新しい申請には新しいキーを使ってください。",
        "An application with different content was sent with the same Idempotency-Key. "
        "Use a new key for a new application.",
        http_status=422,
    )


def transition_error_both(from_ja: str, from_en: str, to_ja: str, to_en: str) -> ProcedureError:
    return ProcedureError(
        "invalid_transition",
        f"「{from_ja}」の申請を「{to_ja}」にすることはできません。",
        f"An application that is '{from_en}' cannot be changed to '{to_en}'.",
    )


def start_elsewhere_error(start_url: str) -> ProcedureError:
    """An unlisted procedure opened directly: it is started from another page (its `start_url`, named
    only when it is a path on this site)."""
    if start_url and local_path_ok(start_url):
        return ProcedureError(
            "start_elsewhere",
            f"この手続は、ここから直接申請することはできません。{start_url} から始めてください。",
            f"This procedure cannot be applied for directly. Start from {start_url}.",
        )
    return ProcedureError(
        "start_elsewhere",
        "この手続は、ここから直接申請することはできません。担当課にお問い合わせください。",
        "This procedure cannot be applied for directly. Please contact the office in charge.",
    )


def link_error(field: str) -> ProcedureError:
    """A link that is not a path on this site (it could send the applicant to another site)."""
    return ProcedureError(
        f"invalid_{field}",
        f"{field} にはこのサイト内のパス（/ で始まるもの）を指定してください。他のサイトのURLは使えません。",
        f"{field} must be a path on this site starting with /; links to other sites are refused.",
        http_status=422,
    )
