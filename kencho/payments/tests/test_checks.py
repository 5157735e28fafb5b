"""System checks for the payment settings."""

from __future__ import annotations

from typing import Any

from ..checks import check_demo_provider_in_production, check_payment_providers


def ids(messages: list[Any]) -> list[str]:
    return [m.id for m in messages]


def test_unknown_providers_and_missing_credentials_are_errors(settings: Any) -> None:
    settings.KENCHO_PAYMENT_PROVIDERS = ["demo", "paypal", "stripe", "payeasy"]
    settings.KENCHO_STRIPE_SECRET_KEY = ""
    settings.KENCHO_STRIPE_WEBHOOK_SECRETS = ["whsec_x"]
    settings.KENCHO_PAYEASY_BILLER_NUMBER = "123"
    assert ids(check_payment_providers(None)) == ["payments.E001", "payments.E002", "payments.E003"]
    settings.KENCHO_PAYMENT_PROVIDERS = ["demo"]
    assert check_payment_providers(None) == []


def test_the_demo_provider_is_flagged_for_production(settings: Any) -> None:
    settings.KENCHO_PAYMENT_PROVIDERS = ["demo"]
    settings.DEBUG = False
    assert ids(check_demo_provider_in_production(None)) == ["payments.W001"]
    settings.KENCHO_PAYMENT_PROVIDERS = ["stripe"]
    assert check_demo_provider_in_production(None) == []
