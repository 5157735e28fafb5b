"""Pay-easy (ペイジー) style payment numbers: paid at a bank ATM or in online banking, confirmed later.

Kencho issues, per attempt, the three numbers a payer types in — 収納機関番号 (the biller, 5 digits,
KENCHO_PAYEASY_BILLER_NUMBER), お客様番号 (16 digits: 15 random digits and a Luhn check digit, unique)
and 確認番号 (6 random digits) — and a deadline (KENCHO_PAYEASY_DEADLINE_DAYS days, 23:59 JST).

Confirmation comes in one of two ways, both through the same code as every other provider:

1. a 消込 file from the 収納代行 company, imported by staff or `manage.py payeasy_import`; its assumed
   format (CSV, UTF-8 or Shift_JIS, header optional) is one row per payment:
       収納日(YYYYMMDD),収納機関番号,お客様番号,確認番号,金額,収納番号
   where 収納番号 is the company's unique id of the payment (re-importing a file changes nothing);
2. a webhook from the company (assumed format): JSON {"id", "type": "payment.succeeded",
   "customer_number", "amount", "paid_at"} signed with header X-Payeasy-Signature in the same
   t=…,v1=… HMAC-SHA256 scheme (KENCHO_PAYEASY_WEBHOOK_SECRETS).

Adapt `parse_reconciliation_file` and `parse_and_verify_webhook` to the company's real layout. There is
no refund API: refunds are paid by bank transfer and recorded by staff ("manual")."""

from __future__ import annotations

import csv
import datetime
import io
import json
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import timezone

from .base import (
    Checkout,
    CheckoutRequest,
    Notice,
    Outcome,
    PaymentProvider,
    ProviderStatus,
    RefundResult,
    WebhookRejected,
    payment_providers,
)
from .signing import verify_signature, webhook_tolerance

SIGNATURE_HEADER = "X-Payeasy-Signature"


def luhn_check_digit(digits: str) -> str:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return str((10 - total % 10) % 10)


def customer_number_valid(number: str) -> bool:
    return len(number) == 16 and number.isdigit() and luhn_check_digit(number[:-1]) == number[-1]


def new_customer_number() -> str:
    body = "".join(secrets.choice("0123456789") for _ in range(15))
    return body + luhn_check_digit(body)


def _deadline(days: int) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 59, 59)))


@payment_providers.register("payeasy")
class PayeasyProvider(PaymentProvider):
    label_ja = "ペイジー（銀行ATM・ネットバンキング）"
    label_en = "Pay-easy (bank ATM or online banking)"
    kind = "number"

    def __init__(self) -> None:
        self.biller_number = str(getattr(settings, "KENCHO_PAYEASY_BILLER_NUMBER", ""))
        self.deadline_days = int(getattr(settings, "KENCHO_PAYEASY_DEADLINE_DAYS", 14))
        self.webhook_secrets = list(getattr(settings, "KENCHO_PAYEASY_WEBHOOK_SECRETS", []))

    def create_checkout(self, request: CheckoutRequest) -> Checkout:
        customer_number = new_customer_number()
        expires_at = _deadline(self.deadline_days)
        instructions = {
            "biller_number": self.biller_number,
            "customer_number": customer_number,
            "confirmation_number": f"{secrets.randbelow(1_000_000):06d}",
            "deadline": expires_at.isoformat(),
            "amount": request.amount,
        }
        return Checkout(reference=customer_number, instructions=instructions, expires_at=expires_at)

    def parse_and_verify_webhook(self, body: bytes, headers: Mapping[str, str]) -> Notice:
        signed_at = verify_signature(
            headers.get(SIGNATURE_HEADER), body, self.webhook_secrets, tolerance=webhook_tolerance()
        )
        try:
            event = json.loads(body)
            event_id, event_type = str(event["id"]), str(event["type"])
            customer_number = str(event.get("customer_number", ""))
        except (ValueError, KeyError, TypeError):
            raise WebhookRejected("bad_payload", "the body is not a payment notice") from None
        amount = event.get("amount")
        outcome = Outcome.SUCCEEDED if event_type == "payment.succeeded" else Outcome.IGNORED
        return Notice(
            event_id=event_id,
            event_type=event_type,
            outcome=outcome,
            reference=customer_number,
            amount=amount if isinstance(amount, int) else None,
            signed_at=signed_at,
            data={"paid_at": str(event.get("paid_at", ""))[:40]},
        )

    def fetch_status(self, reference: str) -> ProviderStatus:
        # No status API: a payment is known only from a notice or a 消込 file. Expiry after the
        # deadline is handled for every provider by confirmation.attempts_sync.
        return ProviderStatus(Outcome.PENDING)

    def refund(
        self, *, reference: str, data: Mapping[str, Any], amount: int, idempotency_key: str
    ) -> RefundResult:
        return RefundResult("manual")


@dataclass(frozen=True)
class FileProblem:
    line: int
    message_ja: str
    message_en: str


def _decode(content: bytes) -> str:
    for encoding in ("utf-8-sig", "cp932"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValueError("the file is neither UTF-8 nor Shift_JIS")


def parse_reconciliation_file(content: bytes) -> tuple[list[Notice], list[FileProblem]]:
    """The payments of a 消込 file as notices, and the lines that could not be read."""
    notices: list[Notice] = []
    problems: list[FileProblem] = []
    try:
        text = _decode(content)
    except ValueError:
        return [], [
            FileProblem(0, "文字コードを読み取れません（UTF-8 か Shift_JIS）。", "Use UTF-8 or Shift_JIS.")
        ]
    for number, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        cells = [c.strip() for c in row]
        if not any(cells) or (number == 1 and not cells[0].isdigit()):
            continue  # blank lines and the header
        if len(cells) < 6 or not (cells[0].isdigit() and cells[4].isdigit() and cells[5]):
            problems.append(
                FileProblem(number, "6つの項目がそろっていません。", "The line does not have the six fields.")
            )
            continue
        paid_on, _biller, customer_number, _confirmation, amount, receipt_id = cells[:6]
        try:
            day = datetime.datetime.strptime(paid_on, "%Y%m%d").date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            problems.append(
                FileProblem(number, "収納日が YYYYMMDD ではありません。", "The date is not YYYYMMDD.")
            )
            continue
        notices.append(
            Notice(
                event_id=f"file:{receipt_id}",
                event_type="payeasy.reconciliation_file",
                outcome=Outcome.SUCCEEDED,
                reference=customer_number,
                amount=int(amount),
                data={"paid_on": day.isoformat()},
            )
        )
    return notices, problems
