"""The demo provider: a payment gateway played by Kencho itself, for development, demos and tests.

It behaves like a real one: Kencho sends the payer to a hosted page (/payments/demo/checkout/<token>/)
where they pay, fail or cancel; the gateway then notifies Kencho by a webhook signed with
HMAC-SHA256 and a timestamp (header Kencho-Demo-Signature, Stripe's scheme), sent afterwards by a
Celery task — so the application shows "paid" only when that notification has arrived. The gateway's
side lives in payments.demo_gateway; settings in KENCHO_PAYMENTS_DEMO (see docs/payments.md)."""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from ..models import DemoCheckout
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
from .signing import verify_signature, webhook_tolerance

SIGNATURE_HEADER = "Kencho-Demo-Signature"
REFERENCE_PREFIX = "demo_"
_OUTCOMES = {
    "payment.succeeded": Outcome.SUCCEEDED,
    "payment.failed": Outcome.FAILED,
    "payment.cancelled": Outcome.CANCELLED,
}


def demo_settings() -> dict[str, Any]:
    return dict(getattr(settings, "KENCHO_PAYMENTS_DEMO", {}) or {})


def demo_secret() -> str:
    """The webhook secret: KENCHO_PAYMENTS_DEMO["secret"], or one derived from SECRET_KEY so that
    every app process of a site agrees on it without configuration."""
    configured = str(demo_settings().get("secret") or "")
    if configured:
        return configured
    key = str(settings.SECRET_KEY).encode()
    return hmac.new(key, b"kencho.payments.demo.webhook", hashlib.sha256).hexdigest()


@payment_providers.register("demo")
class DemoProvider(PaymentProvider):
    label_ja = "デモ決済（テスト用・実際には請求されません）"
    label_en = "Demo payment (for testing; nothing is charged)"
    kind = "redirect"

    def create_checkout(self, request: CheckoutRequest) -> Checkout:
        checkout = DemoCheckout.objects.filter(reference=request.attempt_id).first()
        if checkout is None:
            checkout = DemoCheckout.objects.create(
                token=secrets.token_urlsafe(24),
                reference=request.attempt_id,
                amount=request.amount,
                description=request.description[:200],
                merchant=request.merchant[:200],
                success_url=request.success_url,
                cancel_url=request.cancel_url,
            )
        url = request.base_url.rstrip("/") + reverse("payments:demo_checkout", args=[checkout.token])
        return Checkout(reference=REFERENCE_PREFIX + checkout.token, redirect_url=url)

    def parse_and_verify_webhook(self, body: bytes, headers: Mapping[str, str]) -> Notice:
        signed_at = verify_signature(
            headers.get(SIGNATURE_HEADER), body, [demo_secret()], tolerance=webhook_tolerance()
        )
        try:
            event = json.loads(body)
            data = event["data"]
            event_id, event_type = str(event["id"]), str(event["type"])
        except (ValueError, KeyError, TypeError):
            raise WebhookRejected("bad_payload", "the body is not a demo gateway event") from None
        return Notice(
            event_id=event_id,
            event_type=event_type,
            outcome=_OUTCOMES.get(event_type, Outcome.IGNORED),
            attempt_id=str(data.get("reference", "")),
            reference=REFERENCE_PREFIX + str(data.get("checkout", "")),
            amount=data.get("amount") if isinstance(data.get("amount"), int) else None,
            signed_at=signed_at,
            reason=str(data.get("reason", ""))[:200],
        )

    def _checkout(self, reference: str) -> DemoCheckout:
        checkout = DemoCheckout.objects.filter(token=reference.removeprefix(REFERENCE_PREFIX)).first()
        if checkout is None:
            raise ProviderError(f"the demo gateway has no checkout {reference}")
        return checkout

    def fetch_status(self, reference: str) -> ProviderStatus:
        checkout = self._checkout(reference)
        outcome = {
            DemoCheckout.State.OPEN: Outcome.PENDING,
            DemoCheckout.State.SUCCEEDED: Outcome.SUCCEEDED,
            DemoCheckout.State.FAILED: Outcome.FAILED,
            DemoCheckout.State.CANCELLED: Outcome.CANCELLED,
        }[DemoCheckout.State(checkout.state)]
        return ProviderStatus(outcome, amount=checkout.amount)

    def refund(
        self, *, reference: str, data: Mapping[str, Any], amount: int, idempotency_key: str
    ) -> RefundResult:
        with transaction.atomic():
            checkout = DemoCheckout.objects.select_for_update().get(pk=self._checkout(reference).pk)
            if idempotency_key in checkout.refunds:  # a retried request: the same refund, not another
                return RefundResult("succeeded", reference=f"re_demo_{idempotency_key}")
            if (
                checkout.state != DemoCheckout.State.SUCCEEDED
                or checkout.refunded_amount + amount > checkout.amount
            ):
                return RefundResult("failed")
            checkout.refunds[idempotency_key] = amount
            checkout.refunded_amount += amount
            checkout.save(update_fields=["refunds", "refunded_amount"])
        return RefundResult("succeeded", reference=f"re_demo_{idempotency_key}")
