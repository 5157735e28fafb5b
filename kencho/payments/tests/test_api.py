"""The payments API: the applicant's fee and starting a payment (with Idempotency-Key), the receipt,
staff's view with refunds and their approval, the reconciliation report, and webhook errors in the
bilingual envelope."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from kencho.core.tokens import api_token_create

from ..models import PaymentAttempt, Refund
from .conftest import demo_finish

pytestmark = pytest.mark.django_db


def token_of(user: Any) -> str:
    return "Bearer " + api_token_create(user=user, name="test")[1]


def fee_url(application: Any) -> str:
    return f"/api/v1/applications/{application.receipt_number}/fee"


def test_the_applicant_reads_the_fee_with_the_secret(client: Client, application: Any) -> None:
    assert client.get(fee_url(application)).status_code == 404
    response = client.get(fee_url(application), HTTP_X_APPLICATION_SECRET=application.secret)
    assert response.status_code == 200
    body = response.json()
    assert (body["state"], body["amount"], body["gross_amount"], body["can_pay"]) == ("due", 600, 600, True)
    assert body["state_label"] == {"ja": "未納", "en": "Unpaid"}
    assert body["breakdown"][0] == {
        "label": {"ja": "証明書", "en": "Certificate"},
        "amount": 600,
        "unit_amount": 300,
        "quantity": 2,
    }
    assert body["providers"] == ["demo"] and body["receipt_url"] is None


def test_starting_a_payment_is_idempotent_and_paid_only_after_the_webhook(
    client: Client, application: Any
) -> None:
    url = f"/api/v1/applications/{application.receipt_number}/payments"
    headers = {"HTTP_X_APPLICATION_SECRET": application.secret, "HTTP_IDEMPOTENCY_KEY": "pay-1"}
    first = client.post(url, {"provider": "demo"}, content_type="application/json", **headers)
    assert first.status_code == 201
    assert "/payments/demo/checkout/" in first.json()["redirect_url"]
    again = client.post(url, {"provider": "demo"}, content_type="application/json", **headers)
    assert again.status_code == 200 and again.json()["attempt_id"] == first.json()["attempt_id"]
    assert PaymentAttempt.objects.count() == 1
    assert (
        client.get(fee_url(application), HTTP_X_APPLICATION_SECRET=application.secret).json()["state"]
        == "pending"
    )

    demo_finish(PaymentAttempt.objects.get())

    body = client.get(fee_url(application), HTTP_X_APPLICATION_SECRET=application.secret).json()
    assert body["state"] == "paid" and body["latest_payment"]["state"] == "succeeded"
    assert body["receipt_url"].endswith(f"/api/v1/applications/{application.receipt_number}/receipt.pdf")
    pdf = client.get(body["receipt_url"], HTTP_X_APPLICATION_SECRET=application.secret)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


@pytest.mark.parametrize(
    ("payload", "status", "code"),
    [
        ({"provider": "cash"}, 422, "unknown_provider"),
        ({"provider": "demo", "return_url": "javascript:alert(1)"}, 422, "invalid_return_url"),
        ({"provider": "demo", "extra": 1}, 422, "extra_forbidden"),
    ],
)
def test_bad_payment_requests_get_bilingual_errors(
    client: Client, application: Any, payload: dict[str, Any], status: int, code: str
) -> None:
    response = client.post(
        f"/api/v1/applications/{application.receipt_number}/payments",
        payload,
        content_type="application/json",
        HTTP_X_APPLICATION_SECRET=application.secret,
    )
    assert response.status_code == status
    error = response.json()["errors"][0]
    assert error["code"] == code and error["message"]["ja"] and error["message"]["en"]


def test_staff_see_payments_request_and_approve_refunds(
    client: Client,
    application: Any,
    paid: Any,
    officer: Any,
    section_chief: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    officer_token, chief_token = token_of(officer), token_of(section_chief)
    detail = client.get(
        f"/api/v1/staff/applications/{application.receipt_number}/fee", HTTP_AUTHORIZATION=officer_token
    ).json()
    assert detail["state"] == "paid" and detail["payments"][0]["attempt_id"] == str(paid.public_id)

    created = client.post(
        f"/api/v1/staff/applications/{application.receipt_number}/refunds",
        {"attempt_id": str(paid.public_id), "amount": 600, "comment": "過誤納"},
        content_type="application/json",
        HTTP_AUTHORIZATION=officer_token,
    )
    assert created.status_code == 201 and created.json()["state"] == "requested"
    decision = f"/api/v1/staff/refunds/{created.json()['refund_id']}/decision"
    own = client.post(
        decision, {"approve": True}, content_type="application/json", HTTP_AUTHORIZATION=officer_token
    )
    assert own.status_code == 403 and own.json()["errors"][0]["code"] == "not_approver"
    with django_capture_on_commit_callbacks(execute=True):
        approved = client.post(
            decision, {"approve": True}, content_type="application/json", HTTP_AUTHORIZATION=chief_token
        )
    assert approved.status_code == 200 and approved.json()["decided_by"] == section_chief.email
    assert Refund.objects.get().state == Refund.State.SUCCEEDED

    report = client.get(
        "/api/v1/staff/payments/reconciliation",
        {"date": timezone.localdate().isoformat()},
        HTTP_AUTHORIZATION=officer_token,
    )
    assert report.status_code == 200 and report.content[:2] == b"PK"


def test_residents_cannot_use_the_staff_payment_endpoints(
    client: Client, application: Any, resident: Any
) -> None:
    response = client.get(
        f"/api/v1/staff/applications/{application.receipt_number}/fee", HTTP_AUTHORIZATION=token_of(resident)
    )
    assert response.status_code == 403


def test_webhook_errors_use_the_envelope(client: Client) -> None:
    bad = client.post("/api/v1/payments/webhooks/demo", "not json", content_type="application/json")
    assert bad.status_code == 400
    assert set(bad.json()["errors"][0]["message"]) == {"ja", "en"}
    unknown = client.post("/api/v1/payments/webhooks/paypal", json.dumps({}), content_type="application/json")
    assert unknown.status_code == 404
