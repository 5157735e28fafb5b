"""Webhook signatures: Stripe's timestamped HMAC-SHA256 scheme (used by stripe, demo and payeasy)
and PAY.JP's webhook token, with vectors built here — valid, tampered, expired, from the future,
with a rolled secret, malformed."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from typing import Any

import pytest

from ..providers.base import Outcome, WebhookRejected
from ..providers.demo import DemoProvider, demo_secret
from ..providers.payeasy import PayeasyProvider
from ..providers.payjp import PayjpProvider
from ..providers.signing import compute_signature, signature_header, verify_signature
from ..providers.stripe import StripeProvider

SECRET = "whsec_test_secret"
BODY = b'{"id":"evt_1"}'
# HMAC-SHA256("whsec_test_secret", "1700000000." + BODY), computed independently of the code.
KNOWN = "248a374f50f943a28b0f6ab50faf9a7e7e29b710fa26df9fb1618b9bf8ea9c9a"


def test_the_signature_is_hmac_sha256_over_timestamp_dot_body() -> None:
    expected = hmac.new(SECRET.encode(), b"1700000000." + BODY, hashlib.sha256).hexdigest()
    assert compute_signature(SECRET, 1700000000, BODY) == expected
    assert signature_header(SECRET, BODY, 1700000000) == f"t=1700000000,v1={expected}"


def test_a_fixed_vector_stays_the_same() -> None:
    assert compute_signature(SECRET, 1700000000, BODY) == KNOWN


def test_a_valid_signature_gives_its_time() -> None:
    header = signature_header(SECRET, BODY, 1700000000)
    signed_at = verify_signature(header, BODY, [SECRET], tolerance=300, now=1700000100)
    assert signed_at.timestamp() == 1700000000


@pytest.mark.parametrize(
    ("header", "body", "now", "code"),
    [
        (None, BODY, 1700000000, "no_signature"),
        ("", BODY, 1700000000, "no_signature"),
        ("v1=abc", BODY, 1700000000, "bad_signature_header"),
        ("t=1700000000", BODY, 1700000000, "bad_signature_header"),
        ("t=soon,v1=00", BODY, 1700000000, "bad_signature_header"),
        ("t=1700000000,v1=" + "0" * 64, BODY, 1700000000, "bad_signature"),
        ("SIGNED", BODY, 1700000000, "bad_signature_header"),
    ],
)
def test_missing_or_malformed_signatures_are_refused(
    header: str | None, body: bytes, now: int, code: str
) -> None:
    with pytest.raises(WebhookRejected) as caught:
        verify_signature(header, body, [SECRET], now=now)
    assert caught.value.code == code


def test_a_tampered_body_is_refused() -> None:
    header = signature_header(SECRET, BODY, 1700000000)
    with pytest.raises(WebhookRejected) as caught:
        verify_signature(header, b'{"id":"evt_2"}', [SECRET], now=1700000000)
    assert caught.value.code == "bad_signature"


def test_a_tampered_timestamp_is_refused() -> None:
    signature = compute_signature(SECRET, 1700000000, BODY)
    with pytest.raises(WebhookRejected) as caught:
        verify_signature(f"t=1700000001,v1={signature}", BODY, [SECRET], now=1700000001)
    assert caught.value.code == "bad_signature"


def test_the_wrong_secret_is_refused() -> None:
    header = signature_header("whsec_other", BODY, 1700000000)
    with pytest.raises(WebhookRejected):
        verify_signature(header, BODY, [SECRET], now=1700000000)


@pytest.mark.parametrize("now", [1700000000 + 301, 1700000000 - 301, 1700000000 + 86400])
def test_a_replay_outside_the_window_is_refused(now: int) -> None:
    header = signature_header(SECRET, BODY, 1700000000)
    with pytest.raises(WebhookRejected) as caught:
        verify_signature(header, BODY, [SECRET], tolerance=300, now=now)
    assert caught.value.code == "expired_signature"


def test_one_of_several_signatures_and_secrets_is_enough_while_rolling_a_secret() -> None:
    new = compute_signature("whsec_new", 1700000000, BODY)
    old = compute_signature(SECRET, 1700000000, BODY)
    header = f"t=1700000000,v1={new},v1={old},v0=ignored"
    assert verify_signature(header, BODY, ["whsec_unrelated", SECRET], now=1700000000)
    assert verify_signature(f"t=1700000000,v1={new}", BODY, [SECRET, "whsec_new"], now=1700000000)


def test_no_configured_secret_refuses_everything() -> None:
    header = signature_header("", BODY, 1700000000)
    with pytest.raises(WebhookRejected) as caught:
        verify_signature(header, BODY, [""], now=1700000000)
    assert caught.value.code == "not_configured"


# --- each provider's parsing


def stripe_event(event_type: str, **session: Any) -> bytes:
    obj = {
        "id": "cs_test_1",
        "object": "checkout.session",
        "client_reference_id": "4f1c1d6e-0000-4000-8000-000000000001",
        "amount_total": 600,
        "currency": "jpy",
        "payment_intent": "pi_1",
        "status": "complete",
        "payment_status": "paid",
        **session,
    }
    return json.dumps({"id": "evt_1", "type": event_type, "data": {"object": obj}}).encode()


def test_stripe_completed_and_paid_is_a_success(settings: Any) -> None:
    settings.KENCHO_STRIPE_WEBHOOK_SECRETS = [SECRET]
    body = stripe_event("checkout.session.completed")
    notice = StripeProvider().parse_and_verify_webhook(
        body, {"Stripe-Signature": signature_header(SECRET, body)}
    )
    assert notice.outcome == Outcome.SUCCEEDED
    assert (notice.event_id, notice.reference, notice.amount) == ("evt_1", "cs_test_1", 600)
    assert notice.attempt_id == "4f1c1d6e-0000-4000-8000-000000000001"
    assert notice.data == {"payment_intent": "pi_1"}


@pytest.mark.parametrize(
    ("event_type", "session", "outcome"),
    [
        ("checkout.session.completed", {"payment_status": "unpaid"}, Outcome.IGNORED),
        ("checkout.session.async_payment_succeeded", {}, Outcome.SUCCEEDED),
        ("checkout.session.async_payment_failed", {}, Outcome.FAILED),
        ("checkout.session.expired", {"status": "expired"}, Outcome.EXPIRED),
        ("customer.created", {}, Outcome.IGNORED),
    ],
)
def test_stripe_event_types(
    settings: Any, event_type: str, session: dict[str, Any], outcome: Outcome
) -> None:
    settings.KENCHO_STRIPE_WEBHOOK_SECRETS = [SECRET]
    body = stripe_event(event_type, **session)
    notice = StripeProvider().parse_and_verify_webhook(
        body, {"Stripe-Signature": signature_header(SECRET, body)}
    )
    assert notice.outcome == outcome


def test_stripe_amounts_in_another_currency_are_not_taken_as_yen(settings: Any) -> None:
    settings.KENCHO_STRIPE_WEBHOOK_SECRETS = [SECRET]
    body = stripe_event("checkout.session.completed", currency="usd")
    notice = StripeProvider().parse_and_verify_webhook(
        body, {"Stripe-Signature": signature_header(SECRET, body)}
    )
    assert notice.amount is None


def test_stripe_refuses_an_old_signature(settings: Any) -> None:
    settings.KENCHO_STRIPE_WEBHOOK_SECRETS = [SECRET]
    body = stripe_event("checkout.session.completed")
    header = signature_header(SECRET, body, int(time.time()) - 600)
    with pytest.raises(WebhookRejected) as caught:
        StripeProvider().parse_and_verify_webhook(body, {"Stripe-Signature": header})
    assert caught.value.code == "expired_signature"


def test_payjp_checks_the_webhook_token_in_constant_time(settings: Any) -> None:
    settings.KENCHO_PAYJP_WEBHOOK_TOKENS = ["whook_abc"]
    body = json.dumps({"id": "evnt_1", "type": "checkout.session.completed", "data": {"id": "cs_9"}}).encode()
    notice = PayjpProvider().parse_and_verify_webhook(body, {"X-Payjp-Webhook-Token": "whook_abc"})
    assert notice.reference == "cs_9"
    # Nothing but the session id is taken from the body; the outcome comes from the API.
    assert notice.outcome == Outcome.PENDING and notice.amount is None
    for token in ("whook_abd", "", "whook_abc "):
        with pytest.raises(WebhookRejected):
            PayjpProvider().parse_and_verify_webhook(body, {"X-Payjp-Webhook-Token": token})


def test_payjp_without_a_configured_token_refuses(settings: Any) -> None:
    settings.KENCHO_PAYJP_WEBHOOK_TOKENS = []
    with pytest.raises(WebhookRejected) as caught:
        PayjpProvider().parse_and_verify_webhook(b"{}", {"X-Payjp-Webhook-Token": ""})
    assert caught.value.code == "not_configured"


def test_payeasy_notice_is_signed_like_the_others(settings: Any) -> None:
    settings.KENCHO_PAYEASY_WEBHOOK_SECRETS = ["payeasy-secret"]
    body = json.dumps(
        {"id": "n1", "type": "payment.succeeded", "customer_number": "1234", "amount": 600}
    ).encode()
    notice = PayeasyProvider().parse_and_verify_webhook(
        body, {"X-Payeasy-Signature": signature_header("payeasy-secret", body)}
    )
    assert (notice.outcome, notice.reference, notice.amount) == (Outcome.SUCCEEDED, "1234", 600)
    with pytest.raises(WebhookRejected):
        PayeasyProvider().parse_and_verify_webhook(
            body + b" ", {"X-Payeasy-Signature": signature_header("x", body)}
        )


def test_demo_events_are_signed_with_a_secret_derived_from_the_site(settings: Any) -> None:
    body = json.dumps(
        {
            "id": "evt_demo_1",
            "type": "payment.failed",
            "data": {"checkout": "tok", "reference": "r", "amount": 5},
        }
    ).encode()
    notice = DemoProvider().parse_and_verify_webhook(
        body, {"Kencho-Demo-Signature": signature_header(demo_secret(), body)}
    )
    assert (notice.outcome, notice.reference, notice.amount) == (Outcome.FAILED, "demo_tok", 5)
    settings.KENCHO_PAYMENTS_DEMO = {"secret": "configured"}
    with pytest.raises(WebhookRejected):
        DemoProvider().parse_and_verify_webhook(
            body, {"Kencho-Demo-Signature": signature_header("derived?", body)}
        )
