"""PAY.JP (API v2): card payments on a PAY.JP Checkout Session (a hosted page).

Calls (JSON, `Authorization: Bearer <secret key>`, `Idempotency-Key` on every POST):

    POST /v2/checkout/sessions        mode=payment, one line item in JPY, metadata.kencho_attempt
    GET  /v2/checkout/sessions/{id}   status, payment_status, amount_total, payment_flow
    POST /v2/refunds                  payment_flow + amount

Webhooks: PAY.JP does not sign notifications. Each carries the account's webhook token in the
header X-Payjp-Webhook-Token, compared here in constant time with KENCHO_PAYJP_WEBHOOK_TOKENS. A
token proves only who sent the request, not that the body was not changed or is not old, so this
provider trusts nothing in the body but the session id: `authoritative()` asks PAY.JP's API for the
session and acts on that answer. Replays are harmless: the event id is recorded once, and the
session's state is what the API says at that moment.

Settings: KENCHO_PAYJP_SECRET_KEY, KENCHO_PAYJP_WEBHOOK_TOKENS (comma-separated while changing it),
KENCHO_PAYJP_API_BASE (default https://api.pay.jp). Field names of the v2 API must be confirmed in
PAY.JP's test mode before going live; docs/payments.md lists what to check."""

from __future__ import annotations

import hmac
import json
from collections.abc import Mapping
from dataclasses import replace
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

TOKEN_HEADER = "X-Payjp-Webhook-Token"  # noqa: S105 - a header name, not a secret
_SESSION_EVENTS = {"checkout.session.completed", "checkout.session.expired"}


def _session_outcome(session: Mapping[str, Any]) -> Outcome:
    if session.get("status") == "expired":
        return Outcome.EXPIRED
    if session.get("status") == "complete" and session.get("payment_status") == "paid":
        return Outcome.SUCCEEDED
    return Outcome.PENDING


def _payment_flow(session: Mapping[str, Any]) -> str:
    flow = session.get("payment_flow") or session.get("payment_flow_id") or ""
    return str(flow.get("id", "")) if isinstance(flow, dict) else str(flow)


def _status(session: Mapping[str, Any]) -> ProviderStatus:
    amount = session.get("amount_total")
    flow = _payment_flow(session)
    return ProviderStatus(
        _session_outcome(session),
        amount if isinstance(amount, int) else None,
        {"payment_flow": flow} if flow else {},
    )


@payment_providers.register("payjp")
class PayjpProvider(PaymentProvider):
    label_ja = "クレジットカード（PAY.JP）"
    label_en = "Credit card (PAY.JP)"
    kind = "redirect"

    def __init__(self) -> None:
        self.secret_key = str(getattr(settings, "KENCHO_PAYJP_SECRET_KEY", ""))
        self.webhook_tokens = [t for t in getattr(settings, "KENCHO_PAYJP_WEBHOOK_TOKENS", []) if t]
        self.api_base = str(getattr(settings, "KENCHO_PAYJP_API_BASE", "https://api.pay.jp")).rstrip("/")

    def _call(
        self, method: str, path: str, *, body: dict[str, Any] | None = None, key: str = ""
    ) -> dict[str, Any]:
        if not self.secret_key:
            raise ProviderError("KENCHO_PAYJP_SECRET_KEY is not set")
        headers = {"Authorization": f"Bearer {self.secret_key}"}
        if key:
            headers["Idempotency-Key"] = key
        return provider_request("payjp", method, f"{self.api_base}{path}", headers=headers, json_body=body)

    def create_checkout(self, request: CheckoutRequest) -> Checkout:
        session = self._call(
            "POST",
            "/v2/checkout/sessions",
            key=f"kencho-checkout-{request.attempt_id}",
            body={
                "mode": "payment",
                "success_url": request.success_url,
                "cancel_url": request.cancel_url,
                "locale": "en" if request.language == "en" else "ja",
                "line_items": [
                    {
                        "quantity": 1,
                        "price_data": {
                            "currency": "jpy",
                            "unit_amount": request.amount,
                            "product_data": {"name": request.description[:250]},
                        },
                    }
                ],
                "metadata": {"kencho_attempt": request.attempt_id},
            },
        )
        if not isinstance(session.get("id"), str) or not isinstance(session.get("url"), str):
            raise ProviderError("PAY.JP answered without a session id and url")
        return Checkout(reference=session["id"], redirect_url=session["url"])

    def parse_and_verify_webhook(self, body: bytes, headers: Mapping[str, str]) -> Notice:
        if not self.webhook_tokens:
            raise WebhookRejected("not_configured", "no PAY.JP webhook token is configured")
        token = headers.get(TOKEN_HEADER) or ""
        if not token or not any(hmac.compare_digest(token.encode(), t.encode()) for t in self.webhook_tokens):
            raise WebhookRejected("bad_token", "the webhook token does not match")
        try:
            event = json.loads(body)
            event_id, event_type = str(event["id"]), str(event["type"])
            data = event.get("data")
        except (ValueError, KeyError, TypeError):
            raise WebhookRejected("bad_payload", "the body is not a PAY.JP event") from None
        if event_type not in _SESSION_EVENTS or not isinstance(data, dict) or not data.get("id"):
            return Notice(event_id=event_id, event_type=event_type, outcome=Outcome.IGNORED)
        # Only the session id is taken from the body; authoritative() asks the API for the rest.
        return Notice(
            event_id=event_id, event_type=event_type, outcome=Outcome.PENDING, reference=str(data["id"])
        )

    def authoritative(self, notice: Notice) -> Notice:
        if notice.outcome == Outcome.IGNORED or not notice.reference:
            return notice
        session = self._session(notice.reference)
        status = _status(session)
        metadata = session.get("metadata")
        metadata = metadata if isinstance(metadata, dict) else {}
        return replace(
            notice,
            outcome=Outcome.IGNORED if status.outcome == Outcome.PENDING else status.outcome,
            attempt_id=str(metadata.get("kencho_attempt", "")),
            amount=status.amount,
            data=status.data,
        )

    def _session(self, reference: str) -> dict[str, Any]:
        session = self._call("GET", f"/v2/checkout/sessions/{reference}")
        if session.get("id") != reference:
            raise ProviderError("PAY.JP answered about another session")
        return session

    def fetch_status(self, reference: str) -> ProviderStatus:
        return _status(self._session(reference))

    def refund(
        self, *, reference: str, data: Mapping[str, Any], amount: int, idempotency_key: str
    ) -> RefundResult:
        flow = data.get("payment_flow") or self.fetch_status(reference).data.get("payment_flow")
        if not flow:
            raise ProviderError(f"PAY.JP session {reference} has no payment flow to refund")
        refund = self._call(
            "POST",
            "/v2/refunds",
            key=f"kencho-refund-{idempotency_key}",
            body={"payment_flow": str(flow), "amount": amount, "reason": "requested_by_customer"},
        )
        status = {"succeeded": "succeeded", "pending": "pending"}.get(str(refund.get("status")), "failed")
        return RefundResult(status, reference=str(refund.get("id", "")))
