"""Pay-easy payment numbers: issued once per fee until their deadline, confirmed by a 消込 file or a
signed notice, expired after the deadline, refunded by bank transfer."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from kencho.conftest import staff_client

from ..confirmation import attempts_sync
from ..models import Fee, PaymentAttempt, Refund
from ..payeasy_import import payeasy_file_import
from ..providers.payeasy import customer_number_valid, luhn_check_digit, new_customer_number
from ..providers.signing import signature_header
from ..refunds import refund_decide, refund_mark_completed, refund_request
from .conftest import fee_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def payeasy(payment_settings: Any) -> Any:
    payment_settings.KENCHO_PAYMENT_PROVIDERS = ["payeasy", "demo"]
    payment_settings.KENCHO_PAYEASY_BILLER_NUMBER = "58021"
    payment_settings.KENCHO_PAYEASY_DEADLINE_DAYS = 14
    payment_settings.KENCHO_PAYEASY_WEBHOOK_SECRETS = ["payeasy-secret"]
    return payment_settings


def issue(client: Client, application: Any) -> PaymentAttempt:
    response = client.post(
        f"/payments/applications/{application.receipt_number}/",
        {"provider": "payeasy", "key": application.secret},
    )
    assert response.status_code == 303
    assert "/payments/attempts/" in response["Location"]
    return PaymentAttempt.objects.filter(provider="payeasy").latest("created_at")


def file_line(attempt: PaymentAttempt, receipt_id: str, amount: int = 600) -> str:
    numbers = attempt.instructions
    return (
        f"20250401,58021,{numbers['customer_number']},{numbers['confirmation_number']},{amount},{receipt_id}"
    )


def test_customer_numbers_carry_a_luhn_check_digit() -> None:
    assert luhn_check_digit("7992739871") == "3"
    for _ in range(50):
        number = new_customer_number()
        assert customer_number_valid(number)
        assert not customer_number_valid(number[:-1] + str((int(number[-1]) + 1) % 10))


def test_a_payment_number_is_issued_once_and_shown_with_its_deadline(
    client: Client, application: Any
) -> None:
    attempt = issue(client, application)
    numbers = attempt.instructions
    assert numbers["biller_number"] == "58021"
    assert customer_number_valid(numbers["customer_number"])
    assert len(numbers["confirmation_number"]) == 6
    assert timezone.localdate(attempt.expires_at) == timezone.localdate() + datetime.timedelta(days=14)
    page = client.get(
        f"/payments/attempts/{attempt.public_id}/", {"key": application.secret}
    ).content.decode()
    assert numbers["customer_number"] in page and "58021" in page
    assert client.get(f"/payments/attempts/{attempt.public_id}/").status_code == 404
    status = client.get(
        f"/applications/{application.receipt_number}/", {"key": application.secret}
    ).content.decode()
    assert 'data-state="awaiting_payment"' in status and "お支払い番号を見る" in status

    assert issue(client, application) == attempt  # the same number again, not a second one
    assert PaymentAttempt.objects.count() == 1


def test_a_reconciliation_file_confirms_the_payment_once(
    client: Client, application: Any, officer: Any
) -> None:
    attempt = issue(client, application)
    content = (
        "収納日,収納機関番号,お客様番号,確認番号,金額,収納番号\r\n" + file_line(attempt, "A0001") + "\r\n"
    ).encode("cp932")
    upload = SimpleUploadedFile("kesikomi.csv", content, content_type="text/csv")
    response = staff_client(officer).post("/staff/payments/payeasy-import/", {"file": upload})
    assert response.status_code == 302
    assert fee_of(application).state == Fee.State.PAID

    again = payeasy_file_import(content=content, actor=officer)
    assert again.results == {"duplicate": 1}
    assert PaymentAttempt.objects.get().confirmed_amount == 600


def test_unreadable_lines_and_unknown_numbers_are_reported(application: Any, officer: Any) -> None:
    content = b"20250401,58021,0000000000000000,000000,600,B1\nnot,a,line\n2025-04-01,58021,1,2,600,B2\n"
    summary = payeasy_file_import(content=content, actor=officer)
    assert summary.results == {"unknown_attempt": 1}
    assert [p.line for p in summary.problems] == [2, 3]


def test_a_signed_notice_also_confirms(client: Client, application: Any) -> None:
    attempt = issue(client, application)
    body = json.dumps(
        {
            "id": "n-1",
            "type": "payment.succeeded",
            "customer_number": attempt.provider_reference,
            "amount": 600,
        }
    ).encode()
    response = client.post(
        "/api/v1/payments/webhooks/payeasy",
        body,
        content_type="application/json",
        HTTP_X_PAYEASY_SIGNATURE=signature_header("payeasy-secret", body),
    )
    assert response.status_code == 200 and response.json()["result"] == "paid"


def test_a_number_past_its_deadline_expires_and_a_late_payment_still_counts(
    client: Client, application: Any
) -> None:
    attempt = issue(client, application)
    past = timezone.now() - datetime.timedelta(days=30)
    PaymentAttempt.objects.filter(pk=attempt.pk).update(created_at=past, expires_at=past)

    assert attempts_sync() == {"expired": 1}
    assert fee_of(application).state == Fee.State.DUE

    payeasy_file_import(content=file_line(attempt, "A0002").encode(), actor=None)
    assert fee_of(application).state == Fee.State.PAID


def test_a_payeasy_refund_is_paid_by_transfer_and_recorded_by_staff(
    client: Client,
    application: Any,
    officer: Any,
    section_chief: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    attempt = issue(client, application)
    payeasy_file_import(content=file_line(attempt, "A0003").encode(), actor=None)
    attempt.refresh_from_db()
    refund = refund_request(attempt=attempt, amount=600, comment="過誤納", actor=officer)
    with django_capture_on_commit_callbacks(execute=True):
        refund_decide(refund=refund, approve=True, actor=section_chief)
    refund.refresh_from_db()
    assert (refund.state, refund.manual) == (Refund.State.APPROVED, True)
    assert "口座振込で返金してください" in staff_client(officer).get("/staff/payments/").content.decode()

    refund_mark_completed(refund=refund, actor=officer)
    refund.refresh_from_db()
    assert refund.state == Refund.State.SUCCEEDED
    assert fee_of(application).state == Fee.State.REFUNDED
