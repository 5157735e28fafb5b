"""The management commands: catching up on lost webhooks, the demo gateway's held webhooks, and a
Pay-easy 消込 file from the command line."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from ..models import Fee, PaymentAttempt
from .conftest import demo_start, fee_of

pytestmark = pytest.mark.django_db


def run(*args: Any) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_held_demo_webhooks_are_sent_by_the_command(application: Any, payment_settings: Any) -> None:
    from ..demo_gateway import demo_checkout_complete

    payment_settings.KENCHO_PAYMENTS_DEMO = {"hold": True}
    attempt = demo_start(application)
    demo_checkout_complete(token=(attempt.provider_reference or "").removeprefix("demo_"), action="pay")
    assert fee_of(application).state == Fee.State.PENDING
    assert "1 webhook(s) sent" in run("payments_demo_deliver")
    assert fee_of(application).state == Fee.State.PAID


def test_sync_asks_the_demo_gateway_about_a_payment_whose_webhook_was_lost(
    application: Any, payment_settings: Any
) -> None:
    from ..demo_gateway import demo_checkout_complete
    from ..models import DemoNotification

    payment_settings.KENCHO_PAYMENTS_DEMO = {"hold": True}
    attempt = demo_start(application)
    demo_checkout_complete(token=(attempt.provider_reference or "").removeprefix("demo_"), action="pay")
    DemoNotification.objects.all().delete()  # the webhook never arrives
    PaymentAttempt.objects.update(created_at=attempt.created_at.replace(year=2020))

    assert "paid: 1" in run("payments_sync")
    assert fee_of(application).state == Fee.State.PAID


def test_payeasy_import_from_the_command_line(
    application: Any, payment_settings: Any, tmp_path: Path
) -> None:
    payment_settings.KENCHO_PAYMENT_PROVIDERS = ["payeasy"]
    payment_settings.KENCHO_PAYEASY_BILLER_NUMBER = "58021"
    from ..services import PaymentStart, payment_start

    attempt = payment_start(
        application=application,
        provider_id="payeasy",
        urls=PaymentStart(success_url="http://x/", cancel_url="http://x/", base_url="http://x/"),
        actor=None,
    )
    path = tmp_path / "kesikomi.csv"
    path.write_text(f"20250401,58021,{attempt.provider_reference},000000,600,C1\n", encoding="utf-8")
    assert "paid: 1" in run("payeasy_import", str(path))
    assert fee_of(application).state == Fee.State.PAID
    path.write_text("20250401,58021\n", encoding="utf-8")
    with pytest.raises(CommandError):
        run("payeasy_import", str(path))
