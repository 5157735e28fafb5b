"""The demo gateway's behaviour: what happens when the tester pays, fails or cancels on the hosted
page, and how its webhooks reach Kencho.

KENCHO_PAYMENTS_DEMO (a dict; every key optional) shapes the delivery, to rehearse what real
gateways do:

    delay_seconds   send the webhooks this long after the payment (Celery countdown; with no broker
                    tasks run at once, so the delay applies only with workers)
    duplicates      send every event this many extra times (same id, same body)
    out_of_order    on a payment, also report an earlier declined card (payment.failed) and deliver
                    it after the success, as a late, out-of-order notification
    hold            keep the webhooks until `demo_deliver_pending()` (manage.py payments_demo_deliver,
                    or the tests) sends them: shows the "confirming" state
    webhook_url     POST them over HTTP to this URL; empty: hand them to Kencho's webhook receiver in
                    the same process, exactly as the HTTP endpoint would
    secret          the signing secret (default: derived from SECRET_KEY)
"""

from __future__ import annotations

import json
import logging
import secrets
import time
from functools import partial

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from .models import DemoCheckout, DemoNotification
from .providers.demo import SIGNATURE_HEADER, demo_secret, demo_settings
from .providers.signing import signature_header

logger = logging.getLogger(__name__)

ACTIONS = {
    "pay": (DemoCheckout.State.SUCCEEDED, "payment.succeeded"),
    "fail": (DemoCheckout.State.FAILED, "payment.failed"),
    "cancel": (DemoCheckout.State.CANCELLED, "payment.cancelled"),
}


def demo_checkout_get(token: str) -> DemoCheckout:
    checkout = DemoCheckout.objects.filter(token=token[:64]).first()
    if checkout is None:
        raise Http404
    return checkout


def _event(checkout: DemoCheckout, event_type: str, created: int, reason: str = "") -> tuple[str, str]:
    event_id = "evt_demo_" + secrets.token_hex(12)
    data = {
        "checkout": checkout.token,
        "reference": checkout.reference,
        "amount": checkout.amount,
        "currency": "JPY",
    }
    if reason:
        data["reason"] = reason
    body = json.dumps(
        {"id": event_id, "type": event_type, "created": created, "data": data}, separators=(",", ":")
    )
    return event_id, body


def demo_checkout_complete(*, token: str, action: str) -> str:
    """Record the tester's choice on the hosted page, queue the gateway's webhooks, and return where
    the browser goes next (the merchant's success or cancel URL). A checkout is completed once; a
    second click only sends the browser back."""
    if action not in ACTIONS:
        raise ValueError(f"unknown demo action {action!r}")
    config = demo_settings()
    with transaction.atomic():
        checkout = DemoCheckout.objects.select_for_update().get(pk=demo_checkout_get(token).pk)
        if checkout.state != DemoCheckout.State.OPEN:
            return (
                checkout.success_url
                if checkout.state == DemoCheckout.State.SUCCEEDED
                else checkout.cancel_url
            )
        state, event_type = ACTIONS[action]
        checkout.state = state
        checkout.completed_at = timezone.now()
        checkout.save(update_fields=["state", "completed_at"])
        now = int(time.time())
        events = [_event(checkout, event_type, now, "card_declined" if action == "fail" else "")]
        if action == "pay" and config.get("out_of_order"):
            # An earlier declined card, reported after the success.
            events.append(_event(checkout, "payment.failed", now - 30, "card_declined"))
        copies = 1 + max(0, int(config.get("duplicates", 0)))
        ids = []
        for sequence, (event_id, body) in enumerate(e for e in events for _copy in range(copies)):
            ids.append(
                DemoNotification.objects.create(
                    checkout=checkout,
                    event_id=event_id,
                    event_type=json.loads(body)["type"],
                    body=body,
                    sequence=sequence,
                ).pk
            )
        if not config.get("hold"):
            from .tasks import demo_notifications_deliver

            countdown = max(0, int(config.get("delay_seconds", 0)))
            transaction.on_commit(
                partial(demo_notifications_deliver.apply_async, args=(ids,), countdown=countdown)
            )
    return checkout.success_url if action == "pay" else checkout.cancel_url


def _send(notification: DemoNotification) -> int:
    """Deliver one notification, signed now. Returns the HTTP status Kencho answered."""
    body = notification.body.encode("utf-8")
    headers = {SIGNATURE_HEADER: signature_header(demo_secret(), body), "Content-Type": "application/json"}
    url = str(demo_settings().get("webhook_url") or "")
    if url:
        import requests

        try:
            return requests.post(url, data=body, headers=headers, timeout=10).status_code
        except requests.RequestException as error:
            logger.warning("demo gateway could not deliver %s: %s", notification.event_id, error)
            return 0
    from .confirmation import webhook_receive

    return webhook_receive(provider_id="demo", body=body, headers=headers).http_status


def demo_notifications_deliver(notification_ids: list[int]) -> list[int]:
    """Send the notifications in their order; returns the ids that still need a delivery."""
    failed = []
    for notification in DemoNotification.objects.filter(pk__in=notification_ids).order_by("sequence", "id"):
        status = _send(notification)
        notification.deliveries += 1
        notification.last_status = status
        if 200 <= status < 300:
            notification.delivered_at = timezone.now()
        else:
            failed.append(notification.pk)
        notification.save(update_fields=["deliveries", "last_status", "delivered_at"])
    return failed


def demo_deliver_pending() -> int:
    """Send every notification the gateway still owes (the "hold" setting keeps them). Returns how
    many were sent."""
    ids = list(DemoNotification.objects.filter(delivered_at__isnull=True).values_list("pk", flat=True))
    demo_notifications_deliver(ids)
    return len(ids)
