"""Stripe and PAY.JP against a local fake of their HTTP APIs: the calls sent (endpoints, auth,
idempotency keys, bodies), the webhooks taken, refunds, and what happens when the provider is down.
What only the providers' own test modes can show is listed in docs/payments.md."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from kencho.conftest import staff_client

from ..confirmation import attempts_sync
from ..models import Fee, PaymentAttempt, Refund, WebhookEvent
from ..providers.signing import signature_header
from .conftest import fee_of
from .fake_gateway import FakeGateway, running

pytestmark = pytest.mark.django_db

WHSEC = "whsec_kencho_test"
PAYJP_TOKEN = "whook_kencho_test"


@pytest.fixture
def gateway(payment_settings: Any) -> Iterator[FakeGateway]:
    with running() as fake:
        payment_settings.KENCHO_STRIPE_SECRET_KEY = "sk_test_kencho"
        payment_settings.KENCHO_STRIPE_WEBHOOK_SECRETS = [WHSEC]
        payment_settings.KENCHO_STRIPE_API_BASE = fake.url
        payment_settings.KENCHO_PAYJP_SECRET_KEY = "sk_test_payjp"
        payment_settings.KENCHO_PAYJP_WEBHOOK_TOKENS = [PAYJP_TOKEN]
        payment_settings.KENCHO_PAYJP_API_BASE = fake.url
        payment_settings.KENCHO_PAYMENT_PROVIDERS = ["stripe", "payjp"]
        yield fake


def start(client: Client, application: Any, provider: str) -> Any:
    return client.post(
        f"/payments/applications/{application.receipt_number}/",
        {"provider": provider, "key": application.secret},
    )


def stripe_webhook(
    client: Client, session: dict[str, Any], event_type: str = "checkout.session.completed"
) -> Any:
    body = json.dumps(
        {"id": f"evt_{event_type}_{session['id']}", "type": event_type, "data": {"object": session}}
    )
    header = signature_header(WHSEC, body.encode())
    return client.post(
        "/api/v1/payments/webhooks/stripe",
        body,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=header,
    )


def test_stripe_checkout_session_is_created_as_documented(
    client: Client, application: Any, gateway: Any
) -> None:
    response = start(client, application, "stripe")

    assert response.status_code == 303
    assert response["Location"] == "https://checkout.stripe.test/c/pay/cs_test_1"
    call = gateway.last("POST", "/v1/checkout/sessions")
    attempt = PaymentAttempt.objects.get()
    assert call.headers["Authorization"] == "Bearer sk_test_kencho"
    assert call.headers["Idempotency-Key"] == f"kencho-checkout-{attempt.public_id}"
    assert call.form["mode"] == "payment"
    assert call.form["line_items[0][price_data][currency]"] == "jpy"
    assert call.form["line_items[0][price_data][unit_amount]"] == "600"
    assert call.form["client_reference_id"] == str(attempt.public_id)
    assert call.form["success_url"].endswith(
        f"/payments/attempts/{attempt.public_id}/return/?outcome=success"
    )
    assert (attempt.provider_reference, fee_of(application).state) == ("cs_test_1", Fee.State.PENDING)


def test_stripe_webhook_pays_and_a_refund_goes_back_with_the_payment_intent(
    client: Client,
    application: Any,
    gateway: Any,
    officer: Any,
    section_chief: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    start(client, application, "stripe")
    session = {
        **gateway.sessions["cs_test_1"],
        "status": "complete",
        "payment_status": "paid",
        "payment_intent": "pi_9",
    }

    response = stripe_webhook(client, session)

    assert response.status_code == 200 and response.json()["result"] == "paid"
    attempt = PaymentAttempt.objects.get()
    assert attempt.provider_data == {"payment_intent": "pi_9"}
    assert fee_of(application).state == Fee.State.PAID

    staff_client(officer).post(
        f"/staff/payments/applications/{application.receipt_number}/",
        {"attempt": str(attempt.public_id), "amount": "600", "comment": "過誤納"},
    )
    refund = Refund.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        staff_client(section_chief).post(
            f"/staff/payments/refunds/{refund.public_id}/", {"action": "approve"}
        )

    call = gateway.last("POST", "/v1/refunds")
    assert call.form == {"payment_intent": "pi_9", "amount": "600", "reason": "requested_by_customer"}
    assert call.headers["Idempotency-Key"] == f"kencho-refund-{refund.public_id}"
    refund.refresh_from_db()
    assert refund.state == Refund.State.SUCCEEDED
    assert fee_of(application).state == Fee.State.REFUNDED


def test_stripe_unpaid_completion_waits_for_the_asynchronous_result(
    client: Client, application: Any, gateway: Any
) -> None:
    start(client, application, "stripe")
    session = {**gateway.sessions["cs_test_1"], "status": "complete", "payment_status": "unpaid"}
    assert stripe_webhook(client, session).json()["result"] == "ignored"
    assert fee_of(application).state == Fee.State.PENDING
    stripe_webhook(client, session, "checkout.session.async_payment_failed")
    assert fee_of(application).state == Fee.State.DUE


def test_a_provider_that_is_down_leaves_the_fee_due_with_a_message(
    client: Client, application: Any, gateway: Any
) -> None:
    gateway.fail_with = 500
    response = start(client, application, "stripe")
    assert response.status_code == 503
    assert "決済サービスに接続できませんでした" in response.content.decode()
    assert PaymentAttempt.objects.get().state == PaymentAttempt.State.FAILED
    assert fee_of(application).state == Fee.State.DUE


def test_payjp_checkout_session_is_created_with_json_and_bearer_auth(
    client: Client, application: Any, gateway: Any
) -> None:
    response = start(client, application, "payjp")

    assert response["Location"] == "https://checkout.pay.test/cs_pj_1"
    call = gateway.last("POST", "/v2/checkout/sessions")
    attempt = PaymentAttempt.objects.get()
    assert call.headers["Authorization"] == "Bearer sk_test_payjp"
    assert call.headers["Idempotency-Key"] == f"kencho-checkout-{attempt.public_id}"
    assert call.json["line_items"] == [
        {
            "quantity": 1,
            "price_data": {
                "currency": "jpy",
                "unit_amount": 600,
                "product_data": {"name": call.json["line_items"][0]["price_data"]["product_data"]["name"]},
            },
        }
    ]
    assert call.json["metadata"] == {"kencho_attempt": str(attempt.public_id)}


def payjp_webhook(client: Client, body: dict[str, Any], token: str = PAYJP_TOKEN) -> Any:
    return client.post(
        "/api/v1/payments/webhooks/payjp",
        json.dumps(body),
        content_type="application/json",
        HTTP_X_PAYJP_WEBHOOK_TOKEN=token,
    )


def test_payjp_webhook_is_confirmed_with_the_api_not_the_body(
    client: Client,
    application: Any,
    gateway: Any,
    officer: Any,
    section_chief: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    start(client, application, "payjp")
    # A body claiming payment while PAY.JP says the session is still open changes nothing.
    claim = {
        "id": "evnt_1",
        "type": "checkout.session.completed",
        "data": {"id": "cs_pj_1", "amount_total": 1},
    }
    assert payjp_webhook(client, claim).json()["result"] == "ignored"
    assert fee_of(application).state == Fee.State.PENDING
    assert (
        gateway.last("GET", "/v2/checkout/sessions/cs_pj_1").headers["Authorization"]
        == "Bearer sk_test_payjp"
    )

    gateway.sessions["cs_pj_1"].update(status="complete", payment_status="paid", payment_flow="pflw_7")
    event = {"id": "evnt_2", "type": "checkout.session.completed", "data": {"id": "cs_pj_1"}}
    assert payjp_webhook(client, event).json()["result"] == "paid"
    attempt = PaymentAttempt.objects.get()
    assert (attempt.confirmed_amount, attempt.provider_data) == (600, {"payment_flow": "pflw_7"})

    staff_client(officer).post(
        f"/staff/payments/applications/{application.receipt_number}/",
        {"attempt": str(attempt.public_id), "amount": "600", "comment": "取下げ"},
    )
    with django_capture_on_commit_callbacks(execute=True):
        staff_client(section_chief).post(
            f"/staff/payments/refunds/{Refund.objects.get().public_id}/", {"action": "approve"}
        )
    assert gateway.last("POST", "/v2/refunds").json == {
        "payment_flow": "pflw_7",
        "amount": 600,
        "reason": "requested_by_customer",
    }
    assert fee_of(application).state == Fee.State.REFUNDED


def test_payjp_with_a_wrong_token_is_refused(client: Client, application: Any, gateway: Any) -> None:
    start(client, application, "payjp")
    event = {"id": "evnt_3", "type": "checkout.session.completed", "data": {"id": "cs_pj_1"}}
    assert payjp_webhook(client, event, token="whook_guess").status_code == 400
    assert not WebhookEvent.objects.exists()


def test_payjp_webhook_while_the_api_is_down_is_not_recorded_so_the_retry_works(
    client: Client, application: Any, gateway: Any
) -> None:
    start(client, application, "payjp")
    gateway.sessions["cs_pj_1"].update(status="complete", payment_status="paid")
    gateway.fail_with = 503
    event = {"id": "evnt_4", "type": "checkout.session.completed", "data": {"id": "cs_pj_1"}}
    assert payjp_webhook(client, event).status_code == 503
    assert not WebhookEvent.objects.exists()
    gateway.fail_with = None
    assert payjp_webhook(client, event).json()["result"] == "paid"


def test_lost_webhooks_are_made_up_for_by_asking_the_provider(
    client: Client, application: Any, gateway: Any
) -> None:
    start(client, application, "stripe")
    PaymentAttempt.objects.update(created_at=PaymentAttempt.objects.get().created_at.replace(year=2020))
    gateway.sessions["cs_test_1"].update(status="complete", payment_status="paid", payment_intent="pi_1")

    assert attempts_sync(older_than_minutes=30) == {"paid": 1}
    assert fee_of(application).state == Fee.State.PAID
    assert attempts_sync(older_than_minutes=30) == {}
