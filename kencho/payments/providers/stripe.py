"""Stripe: card payments on Stripe Checkout (a hosted page), confirmed by signed webhooks.

Calls (form-encoded, `Authorization: Bearer <secret key>`, `Idempotency-Key` on every POST):

    POST /v1/checkout/sessions        mode=payment, one line item in JPY (a zero-decimal currency:
                                      unit_amount is in yen), client_reference_id = Kencho's attempt
    GET  /v1/checkout/sessions/{id}   status (open | complete | expired), payment_status (paid | unpaid)
    POST /v1/refunds                  payment_intent + amount

Webhooks (Stripe-Signature, verified as signing.py describes, tolerance 300 s by default):
checkout.session.completed with payment_status "paid" and checkout.session.async_payment_succeeded
pay; checkout.session.async_payment_failed fails; checkout.session.expired expires; anything else is
recorded and ignored.

Settings: KENCHO_STRIPE_SECRET_KEY, KENCHO_STRIPE_WEBHOOK_SECRETS (comma-separated while rolling),
KENCHO_STRIPE_API_BASE (default https://api.stripe.com; the tests point it at a local fake),
KENCHO_STRIPE_API_VERSION (optional Stripe-Version header; pin it to the version the webhook endpoint
is set to). What only Stripe's test mode can show is listed in docs/payments.md."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from django.conf import settings

from .base import (
    Checkout,
    CheckoutRequest,
    Notice,
    Outcome,
    PaymentProvider,
    ProviderError,
    ProviderStatus,
    RefundResult,
    WebhookRejected,
    payment_providers,
)
from .http import provider_request
from .signing import verify_signature, webhook_tolerance

SIGNATURE_HEADER = "Stripe-Signature"


def _session_outcome(session: Mapping[str, Any]) -> Outcome:
    if session.get("status") == "expired":
        return Outcome.EXPIRED
    if session.get("status") == "complete" and session.get("payment_status") in {
        "paid",
        "no_payment_required",
    }:
        return Outcome.SUCCEEDED
    return Outcome.PENDING


@payment_providers.register("stripe")
class StripeProvider(PaymentProvider):
    label_ja = "クレジットカード（Stripe）"
    label_en = "Credit card (Stripe)"
    kind = "redirect"

    def __init__(self) -> None:
        self.secret_key = str(getattr(settings, "KENCHO_STRIPE_SECRET_KEY", ""))
        self.webhook_secrets = list(getattr(settings, "KENCHO_STRIPE_WEBHOOK_SECRETS", []))
        self.api_base = str(getattr(settings, "KENCHO_STRIPE_API_BASE", "https://api.stripe.com")).rstrip("/")
        self.api_version = str(getattr(settings, "KENCHO_STRIPE_API_VERSION", ""))

    def _call(
        self, method: str, path: str, *, data: dict[str, Any] | None = None, key: str = ""
    ) -> dict[str, Any]:
        if not self.secret_key:
            raise ProviderError("KENCHO_STRIPE_SECRET_KEY is not set")
        headers = {"Authorization": f"Bearer {self.secret_key}"}
        if self.api_version:
            headers["Stripe-Version"] = self.api_version
        if key:
            headers["Idempotency-Key"] = key
        return provider_request("stripe", method, f"{self.api_base}{path}", headers=headers, data=data)

    def create_checkout(self, request: CheckoutRequest) -> Checkout:
        session = self._call(
            "POST",
            "/v1/checkout/sessions",
            key=f"kencho-checkout-{request.attempt_id}",
            data={
                "mode": "payment",
                "success_url": request.success_url,
                "cancel_url": request.cancel_url,
                "client_reference_id": request.attempt_id,
                "locale": "en" if request.language == "en" else "ja",
                "line_items[0][quantity]": "1",
                "line_items[0][price_data][currency]": "jpy",
                "line_items[0][price_data][unit_amount]": str(request.amount),
                "line_items[0][price_data][product_data][name]": request.description[:250],
                "metadata[kencho_attempt]": request.attempt_id,
                "payment_intent_data[metadata][kencho_attempt]": request.attempt_id,
                **({"customer_email": request.customer_email} if request.customer_email else {}),
            },
        )
        if not isinstance(session.get("id"), str) or not isinstance(session.get("url"), str):
            raise ProviderError("Stripe answered without a session id and url")
        return Checkout(reference=session["id"], redirect_url=session["url"])

    def parse_and_verify_webhook(self, body: bytes, headers: Mapping[str, str]) -> Notice:
        signed_at = verify_signature(
            headers.get(SIGNATURE_HEADER), body, self.webhook_secrets, tolerance=webhook_tolerance()
        )
        try:
            event = json.loads(body)
            event_id, event_type = str(event["id"]), str(event["type"])
            session = event["data"]["object"]
        except (ValueError, KeyError, TypeError):
            raise WebhookRejected("bad_payload", "the body is not a Stripe event") from None
        if not isinstance(session, dict) or session.get("object") != "checkout.session":
            return Notice(
                event_id=event_id, event_type=event_type, outcome=Outcome.IGNORED, signed_at=signed_at
            )
        outcome = {
            "checkout.session.completed": _session_outcome(session),
            "checkout.session.async_payment_succeeded": Outcome.SUCCEEDED,
            "checkout.session.async_payment_failed": Outcome.FAILED,
            "checkout.session.expired": Outcome.EXPIRED,
        }.get(event_type, Outcome.IGNORED)
        if outcome == Outcome.PENDING:  # completed but unpaid: an asynchronous method is still running
            outcome = Outcome.IGNORED
        amount = session.get("amount_total")
        if session.get("currency") not in (None, "jpy"):
            amount = None  # never compare a foreign currency's minor units with yen
        return Notice(
            event_id=event_id,
            event_type=event_type,
            outcome=outcome,
            attempt_id=str(session.get("client_reference_id") or ""),
            reference=str(session.get("id") or ""),
            amount=amount if isinstance(amount, int) else None,
            signed_at=signed_at,
            data={"payment_intent": session["payment_intent"]} if session.get("payment_intent") else {},
        )

    def fetch_status(self, reference: str) -> ProviderStatus:
        session = self._call("GET", f"/v1/checkout/sessions/{reference}")
        amount = session.get("amount_total")
        data = {"payment_intent": session["payment_intent"]} if session.get("payment_intent") else {}
        return ProviderStatus(_session_outcome(session), amount if isinstance(amount, int) else None, data)

    def refund(
        self, *, reference: str, data: Mapping[str, Any], amount: int, idempotency_key: str
    ) -> RefundResult:
        payment_intent = data.get("payment_intent") or self.fetch_status(reference).data.get("payment_intent")
        if not payment_intent:
            raise ProviderError(f"Stripe session {reference} has no payment_intent to refund")
        refund = self._call(
            "POST",
            "/v1/refunds",
            key=f"kencho-refund-{idempotency_key}",
            data={
                "payment_intent": str(payment_intent),
                "amount": str(amount),
                "reason": "requested_by_customer",
            },
        )
        status = {"succeeded": "succeeded", "pending": "pending", "requires_action": "pending"}.get(
            str(refund.get("status")), "failed"
        )
        return RefundResult(status, reference=str(refund.get("id", "")))
