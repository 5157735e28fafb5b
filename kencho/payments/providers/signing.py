"""Timestamped HMAC-SHA256 signatures in Stripe's scheme, used by the stripe provider exactly as
Stripe documents it ("Verify webhook signatures manually") and by the demo and payeasy providers:

    <Header>: t=1700000000,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>[,v1=<another>]

The receiver takes `t` and every `v1` (other schemes such as v0 are ignored), computes the expected
signature over the raw body with each of its secrets (several while a secret is being rolled), compares
in constant time, and refuses a timestamp further than `tolerance` seconds from its clock, so that a
captured request cannot be replayed later."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import re
import time
from collections.abc import Iterable

from .base import WebhookRejected

DEFAULT_TOLERANCE_SECONDS = 300
_HEX = re.compile(r"[0-9a-f]{1,128}")


def webhook_tolerance() -> int:
    """KENCHO_PAYMENTS_WEBHOOK_TOLERANCE: how old (or how far ahead) a signature may be, in seconds."""
    from django.conf import settings

    return int(getattr(settings, "KENCHO_PAYMENTS_WEBHOOK_TOLERANCE", DEFAULT_TOLERANCE_SECONDS))


def compute_signature(secret: str, timestamp: int, body: bytes) -> str:
    signed_payload = str(timestamp).encode("ascii") + b"." + body
    return hmac.new(secret.encode("utf-8"), signed_payload, hashlib.sha256).hexdigest()


def signature_header(secret: str, body: bytes, timestamp: int | None = None) -> str:
    timestamp = int(time.time()) if timestamp is None else timestamp
    return f"t={timestamp},v1={compute_signature(secret, timestamp, body)}"


def _parse(header: str) -> tuple[int, list[str]]:
    timestamp: int | None = None
    signatures: list[str] = []
    for item in header.split(","):
        key, sep, value = item.strip().partition("=")
        if not sep:
            continue
        if key == "t":
            try:
                timestamp = int(value)
            except ValueError:
                raise WebhookRejected("bad_signature_header", "the timestamp is not a number") from None
        elif key == "v1" and _HEX.fullmatch(value.strip()):
            signatures.append(value.strip())
    if timestamp is None:
        raise WebhookRejected("bad_signature_header", "no timestamp in the signature header")
    if not signatures:
        raise WebhookRejected("bad_signature_header", "no v1 signature in the signature header")
    return timestamp, signatures


def verify_signature(
    header: str | None,
    body: bytes,
    secrets: Iterable[str],
    *,
    tolerance: int = DEFAULT_TOLERANCE_SECONDS,
    now: float | None = None,
) -> datetime.datetime:
    """The signing time when `header` signs `body` with one of `secrets` within `tolerance` seconds
    of `now`. Raises WebhookRejected otherwise."""
    if not header:
        raise WebhookRejected("no_signature", "the request carries no signature header")
    keys = [s for s in secrets if s]
    if not keys:
        raise WebhookRejected("not_configured", "no webhook secret is configured for this provider")
    timestamp, signatures = _parse(header)
    expected = [compute_signature(key, timestamp, body) for key in keys]
    if not any(hmac.compare_digest(e, s) for e in expected for s in signatures):
        raise WebhookRejected("bad_signature", "the signature does not match the body")
    current = time.time() if now is None else now
    if abs(current - timestamp) > tolerance:
        raise WebhookRejected("expired_signature", "the signature is outside the accepted time window")
    return datetime.datetime.fromtimestamp(timestamp, tz=datetime.UTC)
