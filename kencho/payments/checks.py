"""System checks for the payment settings (manage.py check, and at start-up)."""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning, register


@register()
def check_payment_providers(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    from .providers.base import payment_providers

    enabled = list(getattr(settings, "KENCHO_PAYMENT_PROVIDERS", []))
    problems: list[CheckMessage] = [
        Error(f"KENCHO_PAYMENT_PROVIDERS names an unknown provider {name!r}", id="payments.E001")
        for name in enabled
        if name not in payment_providers
    ]
    required = {
        "stripe": ["KENCHO_STRIPE_SECRET_KEY", "KENCHO_STRIPE_WEBHOOK_SECRETS"],
        "payjp": ["KENCHO_PAYJP_SECRET_KEY", "KENCHO_PAYJP_WEBHOOK_TOKENS"],
        "payeasy": ["KENCHO_PAYEASY_BILLER_NUMBER"],
    }
    for provider, names in required.items():
        if provider in enabled:
            problems += [
                Error(f"payment provider {provider!r} is enabled but {name} is empty", id="payments.E002")
                for name in names
                if not getattr(settings, name, None)
            ]
    biller = str(getattr(settings, "KENCHO_PAYEASY_BILLER_NUMBER", ""))
    if "payeasy" in enabled and biller and not re.fullmatch(r"\d{5}", biller):
        problems.append(Error("KENCHO_PAYEASY_BILLER_NUMBER must be 5 digits", id="payments.E003"))
    return problems


@register(deploy=True)
def check_demo_provider_in_production(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    if "demo" in getattr(settings, "KENCHO_PAYMENT_PROVIDERS", []) and not settings.DEBUG:
        return [
            Warning(
                "The demo payment provider is enabled: residents can 'pay' without paying. "
                "Remove 'demo' from KENCHO_PAYMENT_PROVIDERS in production.",
                id="payments.W001",
            )
        ]
    return []
