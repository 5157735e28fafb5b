"""The demo gateway end to end through Django's test client: a resident pays, fails, cancels; the
gateway's webhooks arrive late, twice, out of order or replayed; "paid" shows only after the
confirmation."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from django.test import Client

from kencho.core.models import AuditEntry
from kencho.procedures.models import ApplicationEvent

from ..demo_gateway import demo_deliver_pending
from ..models import DemoNotification, Fee, PaymentAttempt, Refund, WebhookEvent
from ..providers.demo import demo_secret
from ..providers.signing import signature_header
from .conftest import fee_of, start_demo_payment

pytestmark = pytest.mark.django_db

WEBHOOK = "/api/v1/payments/webhooks/demo"


def status_page(client: Client, application: Any) -> str:
    response = client.get(f"/applications/{application.receipt_number}/", {"key": application.secret})
    assert response.status_code == 200
    return response.content.decode()


def follow_back(client: Client, response: Any) -> str:
    """Follow the gateway's redirect to Kencho's return page and on to the status page."""
    back = client.get(response["Location"])
    assert back.status_code == 302
    page = client.get(back["Location"])
    assert page.status_code == 200
    return page.content.decode()


def test_a_resident_pays_and_sees_paid_after_the_webhook(
    client: Client, application: Any, pay_on_gateway: Any
) -> None:
    assert 'data-state="due"' in status_page(client, application)
    checkout = start_demo_payment(client, application)
    assert fee_of(application).state == Fee.State.PENDING
    hosted = client.get(checkout).content.decode()
    assert "600 円" in hosted and "デモ決済サービス" in hosted

    page = follow_back(client, pay_on_gateway(client, checkout, "pay"))

    fee = fee_of(application)
    assert fee.state == Fee.State.PAID and fee.paid_at is not None
    assert 'data-state="paid"' in page and "領収書（PDF）" in page
    attempt = PaymentAttempt.objects.get()
    assert (attempt.state, attempt.is_settlement, attempt.confirmed_amount) == ("succeeded", True, 600)
    assert WebhookEvent.objects.get().result == "paid"
    event = application.events.get(kind=ApplicationEvent.Kind.PAYMENT)
    assert "600円のお支払いを確認しました" in event.comment
    assert AuditEntry.objects.filter(action="payments.fee_paid").count() == 1
    receipt = client.get(
        f"/payments/applications/{application.receipt_number}/receipt.pdf", {"key": application.secret}
    )
    assert receipt.status_code == 200 and receipt.content.startswith(b"%PDF")


def test_coming_back_from_the_gateway_alone_shows_confirming_not_paid(
    client: Client, application: Any, pay_on_gateway: Any, payment_settings: Any
) -> None:
    payment_settings.KENCHO_PAYMENTS_DEMO = {"hold": True}
    checkout = start_demo_payment(client, application)

    page = follow_back(client, pay_on_gateway(client, checkout, "pay"))

    assert 'data-state="confirming"' in page and 'data-state="paid"' not in page
    assert "hx-trigger" in page  # the panel refreshes itself while confirming
    assert fee_of(application).state == Fee.State.PENDING
    assert not WebhookEvent.objects.exists()
    fragment = client.get(
        f"/payments/applications/{application.receipt_number}/state/", {"key": application.secret}
    )
    assert 'data-state="confirming"' in fragment.content.decode()

    assert demo_deliver_pending() == 1

    assert fee_of(application).state == Fee.State.PAID
    assert 'data-state="paid"' in status_page(client, application)


def test_a_declined_card_leaves_the_fee_due_and_a_second_try_pays(
    client: Client, application: Any, pay_on_gateway: Any
) -> None:
    checkout = start_demo_payment(client, application)
    page = follow_back(client, pay_on_gateway(client, checkout, "fail"))
    assert 'data-state="due"' in page and "お支払いは完了していません" in page
    assert PaymentAttempt.objects.get().state == PaymentAttempt.State.FAILED
    assert PaymentAttempt.objects.get().failure_reason == "card_declined"

    second = start_demo_payment(client, application)
    assert second != checkout
    pay_on_gateway(client, second, "pay")
    assert fee_of(application).state == Fee.State.PAID
    assert PaymentAttempt.objects.filter(is_settlement=True).count() == 1


def test_cancelling_on_the_gateway_leaves_the_fee_due(
    client: Client, application: Any, pay_on_gateway: Any
) -> None:
    checkout = start_demo_payment(client, application)
    pay_on_gateway(client, checkout, "cancel")
    assert PaymentAttempt.objects.get().state == PaymentAttempt.State.CANCELLED
    assert fee_of(application).state == Fee.State.DUE
    # The finished checkout cannot be paid any more.
    again = client.post(checkout, {"action": "pay"})
    assert again.status_code == 303 and "outcome=cancel" in again["Location"]
    assert fee_of(application).state == Fee.State.DUE


def test_duplicate_deliveries_record_one_payment(
    client: Client, application: Any, pay_on_gateway: Any, payment_settings: Any
) -> None:
    payment_settings.KENCHO_PAYMENTS_DEMO = {"duplicates": 3}
    pay_on_gateway(client, start_demo_payment(client, application), "pay")

    assert DemoNotification.objects.count() == 4
    assert all(n.last_status == 200 for n in DemoNotification.objects.all())
    assert WebhookEvent.objects.count() == 1
    assert application.events.filter(kind=ApplicationEvent.Kind.PAYMENT).count() == 1
    assert fee_of(application).state == Fee.State.PAID
    assert not Refund.objects.exists()


def test_a_failure_reported_after_the_success_does_not_unpay(
    client: Client, application: Any, pay_on_gateway: Any, payment_settings: Any
) -> None:
    payment_settings.KENCHO_PAYMENTS_DEMO = {"out_of_order": True}
    pay_on_gateway(client, start_demo_payment(client, application), "pay")

    results = list(WebhookEvent.objects.order_by("id").values_list("event_type", "result"))
    assert results == [("payment.succeeded", "paid"), ("payment.failed", "out_of_order")]
    assert fee_of(application).state == Fee.State.PAID
    assert PaymentAttempt.objects.get().state == PaymentAttempt.State.SUCCEEDED


def test_a_late_success_after_a_reported_failure_is_still_recorded(
    client: Client, application: Any, pay_on_gateway: Any, payment_settings: Any
) -> None:
    payment_settings.KENCHO_PAYMENTS_DEMO = {"out_of_order": True, "hold": True}
    pay_on_gateway(client, start_demo_payment(client, application), "pay")
    success, failure = DemoNotification.objects.order_by("sequence")
    from ..demo_gateway import demo_notifications_deliver

    demo_notifications_deliver([failure.pk])  # the failure first: the attempt fails, the fee is due
    assert fee_of(application).state == Fee.State.DUE
    demo_notifications_deliver([success.pk])  # then the success: money moved, so it is paid
    assert fee_of(application).state == Fee.State.PAID


def test_a_captured_webhook_replayed_later_is_refused_and_a_redelivery_changes_nothing(
    client: Client, application: Any, pay_on_gateway: Any
) -> None:
    pay_on_gateway(client, start_demo_payment(client, application), "pay")
    body = DemoNotification.objects.get().body.encode()

    old = signature_header(demo_secret(), body, int(time.time()) - 3600)
    replay = client.post(WEBHOOK, body, content_type="application/json", HTTP_KENCHO_DEMO_SIGNATURE=old)
    assert replay.status_code == 400
    assert replay.json()["errors"][0]["code"] == "expired_signature"

    fresh = signature_header(demo_secret(), body)
    again = client.post(WEBHOOK, body, content_type="application/json", HTTP_KENCHO_DEMO_SIGNATURE=fresh)
    assert again.status_code == 200 and again.json() == {
        "received": True,
        "duplicate": True,
        "result": "duplicate",
    }
    assert WebhookEvent.objects.count() == 1


def test_a_forged_webhook_is_refused(client: Client, application: Any) -> None:
    checkout = start_demo_payment(client, application)
    attempt = PaymentAttempt.objects.get()
    body = json.dumps(
        {
            "id": "evt_forged",
            "type": "payment.succeeded",
            "data": {"checkout": checkout.split("/")[-2], "reference": str(attempt.public_id), "amount": 600},
        }
    ).encode()
    forged = signature_header("guessed-secret", body)
    response = client.post(WEBHOOK, body, content_type="application/json", HTTP_KENCHO_DEMO_SIGNATURE=forged)
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"]["en"]
    unsigned = client.post(WEBHOOK, body, content_type="application/json")
    assert unsigned.status_code == 400
    assert fee_of(application).state == Fee.State.PENDING
    assert not WebhookEvent.objects.exists()


def test_paying_twice_in_two_tabs_records_one_payment_and_a_refund_for_staff(
    client: Client, application: Any, pay_on_gateway: Any
) -> None:
    first = start_demo_payment(client, application)
    second = start_demo_payment(client, application)
    pay_on_gateway(client, first, "pay")
    pay_on_gateway(client, second, "pay")

    fee = fee_of(application)
    assert fee.state == Fee.State.PAID
    assert PaymentAttempt.objects.filter(is_settlement=True).count() == 1
    refund = Refund.objects.get()
    assert (refund.reason, refund.state, refund.amount, refund.requested_by) == (
        "duplicate",
        "requested",
        600,
        None,
    )
    internal = application.events.get(kind=ApplicationEvent.Kind.PAYMENT, visible_to_applicant=False)
    assert "二重払い" in internal.comment
    assert 'data-state="paid"' in status_page(client, application)


def test_the_fee_page_needs_the_applicants_key(client: Client, application: Any) -> None:
    assert client.get(f"/payments/applications/{application.receipt_number}/").status_code == 404
    assert (
        client.get(f"/payments/applications/{application.receipt_number}/", {"key": "wrong"}).status_code
        == 404
    )
    page = client.get(f"/payments/applications/{application.receipt_number}/", {"key": application.secret})
    assert page.status_code == 200 and "600" in page.content.decode()


def test_an_exempt_fee_cannot_be_paid(client: Client, fee_procedure: Any) -> None:
    from .factories import submit

    application, secret = submit(fee_procedure, welfare="yes")
    page = client.get(f"/applications/{application.receipt_number}/", {"key": secret}).content.decode()
    assert 'data-state="exempt"' in page and "pay-link" not in page
    response = client.post(
        f"/payments/applications/{application.receipt_number}/", {"provider": "demo", "key": secret}
    )
    assert response.status_code == 409
    assert not PaymentAttempt.objects.exists()


def test_a_disabled_provider_cannot_be_chosen_and_its_pages_are_gone(
    client: Client, application: Any, payment_settings: Any
) -> None:
    checkout = start_demo_payment(client, application)
    payment_settings.KENCHO_PAYMENT_PROVIDERS = []
    assert client.get(checkout).status_code == 404
    response = client.post(
        f"/payments/applications/{application.receipt_number}/",
        {"provider": "demo", "key": application.secret},
    )
    assert response.status_code == 422
    assert client.post(WEBHOOK, b"{}", content_type="application/json").status_code == 404


def test_the_fee_panel_speaks_english_with_the_exemption_label(client: Client, fee_procedure: Any) -> None:
    from .factories import submit

    application, secret = submit(fee_procedure, tax_exempt=True)
    client.cookies["kencho_language"] = "en"
    page = client.get(f"/applications/{application.receipt_number}/", {"key": secret}).content.decode()
    assert "Tax-exempt household" in page and "300 yen waived" in page and "Pay the fee" in page
