"""Fixtures for the payments tests: the demo provider on, the certificate procedure, and helpers to
pay through the demo gateway with Django's test client."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from ..models import Fee
from .factories import make_fee_procedure, submit


@pytest.fixture(autouse=True)
def payment_settings(settings: Any) -> Any:
    settings.KENCHO_PAYMENT_PROVIDERS = ["demo"]
    settings.KENCHO_PAYMENTS_DEMO = {}
    settings.KENCHO_PAYMENTS_WEBHOOK_TOLERANCE = 300
    return settings


@pytest.fixture
def fee_procedure(units: Any) -> Any:
    return make_fee_procedure(unit=units["section"])


@pytest.fixture
def application(fee_procedure: Any) -> Any:
    """A guest's application for two copies at the counter: 600 yen due. `.secret` is its key."""
    application, secret = submit(fee_procedure)
    application.secret = secret  # type: ignore[attr-defined]  # the tests' handle on the guest key
    return application


def fee_of(application: Any) -> Fee:
    return Fee.objects.get(application=application)


def start_demo_payment(client: Client, application: Any) -> str:
    """Press "pay" on the fee page; returns the hosted checkout page's path."""
    response = client.post(
        f"/payments/applications/{application.receipt_number}/",
        {"provider": "demo", "key": application.secret},
    )
    assert response.status_code == 303, response.content.decode()[:500]
    match = re.search(r"(/payments/demo/checkout/[^/]+/)$", response["Location"])
    assert match, response["Location"]
    return match.group(1)


@pytest.fixture
def pay_on_gateway(django_capture_on_commit_callbacks: Callable[..., Any]) -> Callable[..., Any]:
    """Choose an action on the demo gateway's page; the gateway's webhooks run after commit, as they
    would once the transaction is done. Returns the response (a redirect back to Kencho)."""

    def choose(client: Client, checkout_path: str, action: str) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(checkout_path, {"action": action})
        assert response.status_code == 303
        return response

    return choose


def demo_start(application: Any) -> Any:
    """Open a demo checkout for the application's fee, as the "pay" button does."""
    from ..services import PaymentStart, payment_start

    return payment_start(
        application=application,
        provider_id="demo",
        urls=PaymentStart(
            success_url="http://testserver/back?outcome=success",
            cancel_url="http://testserver/back?outcome=cancel",
            base_url="http://testserver/",
        ),
        actor=None,
    )


def demo_finish(attempt: Any, action: str = "pay") -> Any:
    """Choose `action` on the attempt's hosted page and deliver the gateway's webhooks at once."""
    from ..demo_gateway import demo_checkout_complete, demo_deliver_pending

    demo_checkout_complete(token=attempt.provider_reference.removeprefix("demo_"), action=action)
    demo_deliver_pending()
    attempt.refresh_from_db()
    return attempt


def pay_with_demo(application: Any, action: str = "pay") -> Any:
    return demo_finish(demo_start(application), action)


@pytest.fixture
def paid(application: Any) -> Any:
    """The application with its 600 yen paid through the demo gateway; returns the attempt."""
    return pay_with_demo(application)


# The browser tests' fixtures (one Chromium per module, contexts on the live server) are the
# procedures tests' own.
from kencho.procedures.tests.conftest import browser, new_context, page  # noqa: E402, F401


@pytest.fixture
def fee_demo(transactional_db: Any) -> None:
    """The demo units of 県土整備部 and the demo fee procedure, as `load_payments_demo` makes it."""
    import io

    from django.core.management import call_command

    from kencho.core.services import org_unit_create

    department = org_unit_create(
        code="03", name_ja="県土整備部", name_en="Land", level="department", parent=None
    )
    division = org_unit_create(
        code="0301", name_ja="住宅政策課", name_en="Housing", level="division", parent=department
    )
    org_unit_create(
        code="030101", name_ja="県営住宅班", name_en="Prefectural Housing", level="section", parent=division
    )
    call_command("load_payments_demo", stdout=io.StringIO())
