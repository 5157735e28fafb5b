"""Webhooks racing on PostgreSQL: real threads, each with its own connection, released together by a
barrier. SQLite serialises writers at BEGIN, so these races only exist on PostgreSQL."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from kencho.procedures.models import ApplicationEvent

from ..models import DemoNotification, Fee, PaymentAttempt, Refund, WebhookEvent
from ..providers.demo import demo_secret
from ..providers.signing import signature_header
from .conftest import demo_start, fee_of

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks and concurrent transactions need PostgreSQL (set DATABASE_URL=postgres://...)",
    ),
]


def race(count: int, call: Callable[[int], Any]) -> list[Any]:
    """Call `call(i)` for i in range(count) from as many threads, released together; returns each
    result or the exception it raised."""
    barrier = threading.Barrier(count)

    def run(i: int) -> Any:
        try:
            barrier.wait(timeout=30)
            return call(i)
        except Exception as exc:  # the test inspects every outcome, failures included
            return exc
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(run, range(count)))


def deliver(body: str) -> Any:
    """One delivery of a demo gateway event, freshly signed, through the HTTP endpoint."""
    raw = body.encode()
    return Client().post(
        "/api/v1/payments/webhooks/demo",
        raw,
        content_type="application/json",
        HTTP_KENCHO_DEMO_SIGNATURE=signature_header(demo_secret(), raw),
    )


def paid_on_gateway(attempt: PaymentAttempt) -> str:
    """Pay on the demo gateway with its webhooks held; returns the success event's body."""
    from ..demo_gateway import demo_checkout_complete

    demo_checkout_complete(token=(attempt.provider_reference or "").removeprefix("demo_"), action="pay")
    return DemoNotification.objects.get(checkout__reference=str(attempt.public_id)).body


@pytest.fixture
def held(payment_settings: Any) -> None:
    payment_settings.KENCHO_PAYMENTS_DEMO = {"hold": True}


def test_the_same_webhook_delivered_five_times_in_parallel_records_one_payment(
    application: Any, held: None
) -> None:
    body = paid_on_gateway(demo_start(application))

    responses = race(5, lambda _i: deliver(body))

    assert [r.status_code for r in responses] == [200] * 5
    results = sorted(r.json()["result"] for r in responses)
    assert results == ["duplicate"] * 4 + ["paid"]
    assert WebhookEvent.objects.count() == 1
    attempt = PaymentAttempt.objects.get()
    assert (attempt.state, attempt.is_settlement, attempt.confirmed_amount) == ("succeeded", True, 600)
    assert fee_of(application).state == Fee.State.PAID
    assert application.events.filter(kind=ApplicationEvent.Kind.PAYMENT).count() == 1
    assert not Refund.objects.exists()


def test_two_attempts_confirmed_at_once_give_one_payment_and_one_refund(application: Any, held: None) -> None:
    bodies = [paid_on_gateway(demo_start(application)), paid_on_gateway(demo_start(application))]

    responses = race(2, lambda i: deliver(bodies[i]))

    assert sorted(r.json()["result"] for r in responses) == ["paid", "refund_required"]
    assert fee_of(application).state == Fee.State.PAID
    assert PaymentAttempt.objects.filter(state="succeeded").count() == 2
    settled = PaymentAttempt.objects.get(is_settlement=True)
    refund = Refund.objects.get()
    assert refund.attempt != settled
    assert (refund.reason, refund.state, refund.amount) == ("duplicate", "requested", 600)


def test_many_deliveries_of_two_payments_still_settle_once(application: Any, held: None) -> None:
    bodies = [paid_on_gateway(demo_start(application)), paid_on_gateway(demo_start(application))]

    responses = race(10, lambda i: deliver(bodies[i % 2]))

    assert all(r.status_code == 200 for r in responses)
    assert WebhookEvent.objects.count() == 2
    assert PaymentAttempt.objects.filter(is_settlement=True).count() == 1
    assert Refund.objects.count() == 1
