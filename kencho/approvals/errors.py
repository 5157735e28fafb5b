"""Errors the approvals services raise for a person to act on, in both languages. An ApprovalError is
a ProcedureError, so the API's error envelope and the pages handle it as any procedure error."""

from __future__ import annotations

from dataclasses import dataclass

from kencho.procedures.errors import ProcedureError


@dataclass
class ApprovalError(ProcedureError):
    field: str | None = None


def frozen_error() -> ApprovalError:
    return ApprovalError(
        "frozen",
        "この起案は決裁済みで確定しているため、変更できません。",
        "This document has been decided and frozen; it cannot be changed.",
    )


def not_your_turn_error() -> ApprovalError:
    return ApprovalError(
        "not_your_turn",
        "この起案は今あなたの処理を待っていません。画面を再読み込みして最新の状況を確認してください。",
        "This document is not waiting for you. Reload the page to see where it stands.",
    )


def state_error(action_ja: str, action_en: str) -> ApprovalError:
    return ApprovalError(
        "invalid_state",
        f"この起案の今の状況では「{action_ja}」はできません。画面を再読み込みしてください。",
        f"You cannot {action_en} this document in its present state. Reload the page.",
    )


def comment_required_error() -> ApprovalError:
    return ApprovalError(
        "comment_required",
        "コメント欄に理由を入力してください。",
        "Enter the reason in the comment field.",
        422,
        field="comment",
    )
