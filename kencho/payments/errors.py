"""Errors payments raise for a person to act on, in both languages. A PaymentError is a
ProcedureError, so the API's error envelope and the pages' messages handle it as they handle any
procedure error."""

from __future__ import annotations

from dataclasses import dataclass

from kencho.procedures.errors import ProcedureError


@dataclass
class PaymentError(ProcedureError):
    pass


def not_payable_error() -> PaymentError:
    return PaymentError(
        "not_payable",
        "この手数料は現在お支払いいただけません（支払済・免除・取消のいずれかです）。",
        "This fee cannot be paid now: it has been paid, waived or cancelled.",
    )


def provider_unknown_error() -> PaymentError:
    return PaymentError(
        "unknown_provider",
        "選んだお支払い方法は利用できません。別の方法を選んでください。",
        "The payment method you chose is not available. Choose another one.",
        422,
    )


def provider_unavailable_error() -> PaymentError:
    return PaymentError(
        "provider_unavailable",
        "決済サービスに接続できませんでした。しばらくしてからもう一度お試しください。",
        "The payment service could not be reached. Try again in a few minutes.",
        503,
    )


def no_fee_error() -> PaymentError:
    return PaymentError("no_fee", "この申請に手数料はありません。", "This application has no fee.", 404)
